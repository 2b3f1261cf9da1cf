/**
 * The languages whose documents the server gets as they are typed: YAML, our `nginx`, and the
 * `NGINX` of the popular vscode-nginx extension (william-voyek.vscode-nginx), which claims
 * nginx.conf too. Without it, a file that extension opens would be checked only on save.
 * No `vscode` import: the manifest test reads this list.
 */
export const CHECKED_LANGUAGES = ['yaml', 'nginx', 'NGINX'] as const;

export const DOCUMENT_SELECTOR = CHECKED_LANGUAGES.map((language) => ({ language }));
