import { matchesAnyGlob } from '../glob';

const NGINX_FOLDERS = new Set(['nginx', 'conf.d', 'stream.d', 'http.d', 'sites-available', 'sites-enabled']);

/** Whether the path alone says "nginx configuration" (nginx.conf, *.nginx, *.conf in nginx folders). */
export function isNginxPath(path: string, nginxGlobs: readonly string[] = []): boolean {
  if (matchesAnyGlob(path, nginxGlobs)) return true;
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name === 'nginx.conf' || name.endsWith('.nginx')) return true;
  if (!name.endsWith('.conf')) return false;
  const parent = path.split('/').slice(-2, -1)[0] ?? '';
  return NGINX_FOLDERS.has(parent);
}

/** A `.conf` file elsewhere is nginx only when its text has an nginx block; never ini or resolv.conf files. */
export function looksLikeNginx(text: string): boolean {
  if (/^\s*\[[^\]\n]+\]\s*$/m.test(text)) return false;
  return /(^|[;{}\s])(events|http|stream|server|upstream)\s*\{/.test(text);
}

export function isNginxCandidate(path: string, text: string, nginxGlobs: readonly string[] = []): boolean {
  if (isNginxPath(path, nginxGlobs)) return true;
  return path.endsWith('.conf') && looksLikeNginx(text);
}
