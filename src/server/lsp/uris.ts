import { URI } from 'vscode-uri';

/**
 * The core sees absolute `/` paths; the editor sees URIs (`file:` on the desktop,
 * `vscode-remote:` in code-server's web workbench). This keeps the mapping both ways, so
 * diagnostics go back under the URI form the client used.
 */
export class UriMapper {
  private readonly prefixes: { path: string; scheme: string; authority: string }[] = [];

  addFolder(uri: string): string {
    const parsed = URI.parse(uri);
    const path = stripTrailingSlash(parsed.path);
    if (!this.prefixes.some((p) => p.path === path)) this.prefixes.push({ path, scheme: parsed.scheme, authority: parsed.authority });
    this.prefixes.sort((a, b) => b.path.length - a.path.length);
    return path;
  }

  removeFolder(uri: string): void {
    const path = stripTrailingSlash(URI.parse(uri).path);
    const index = this.prefixes.findIndex((p) => p.path === path);
    if (index !== -1) this.prefixes.splice(index, 1);
  }

  toPath(uri: string): string {
    return URI.parse(uri).path;
  }

  toUri(path: string): string {
    const folder = this.prefixes.find((p) => path === p.path || path.startsWith(`${p.path}/`));
    if (!folder) return URI.file(path).toString();
    return URI.from({ scheme: folder.scheme, authority: folder.authority, path }).toString();
  }

  /** Paths of the folders, as the core scans them. */
  get folderPaths(): string[] {
    return this.prefixes.map((p) => p.path);
  }
}

function stripTrailingSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
