import { matchesAnyGlob } from '../glob';
import { inTemplatesFolder, isYamlPath } from '../paths';
import type { NginxVersion, ParseResult } from './ast';
import { isNginxConfigMap } from './configmap';
import { parseNginx } from './parser';

export const NGINX_FOLDERS: ReadonlySet<string> = new Set(['nginx', 'conf.d', 'stream.d', 'http.d', 'sites-available', 'sites-enabled']);

/** Whether the path alone says "nginx configuration" (nginx.conf, *.nginx, *.conf in nginx folders). */
export function isNginxPath(path: string, nginxGlobs: readonly string[] = []): boolean {
  if (matchesAnyGlob(path, nginxGlobs)) return true;
  const name = path.slice(path.lastIndexOf('/') + 1);
  // *.stream.conf is the name the proxy generator gives a new file of stream servers.
  if (name === 'nginx.conf' || name.endsWith('.nginx') || name.endsWith('.stream.conf')) return true;
  if (!name.endsWith('.conf')) return false;
  const parent = path.split('/').slice(-2, -1)[0] ?? '';
  return NGINX_FOLDERS.has(parent);
}

const TOP_BLOCKS = new Set(['events', 'http', 'stream', 'server', 'upstream']);

/**
 * A `.conf` file elsewhere is nginx only when it parses as nginx with an events/http/stream/
 * server/upstream block at top level. ini and supervisord files (`[section]`, `key = value`) and
 * resolv.conf (`nameserver …` without `;`) are ruled out first: their lines would otherwise lex
 * as unterminated nginx statements.
 */
export function looksLikeNginx(text: string): boolean {
  if (/^\s*\[[^\]\n]+\]\s*$/m.test(text)) return false;
  if (/^\s*[\w.-]+\s*=[^;{\n]*$/m.test(text)) return false;
  if (/^\s*(nameserver|search|domain|options|sortlist)\s+[^;\n]*$/m.test(text)) return false;
  const parsed = parseNginxCached(text, '1.22');
  return parsed.directives.some((d) => d.kind === 'directive' && d.terminator === '{' && TOP_BLOCKS.has(d.name));
}

export function isNginxCandidate(path: string, text: string, nginxGlobs: readonly string[] = []): boolean {
  if (isNginxPath(path, nginxGlobs)) return true;
  return path.endsWith('.conf') && looksLikeNginx(text);
}

/** A YAML file holding an nginx configuration in a ConfigMap `data` entry. */
export function isNginxConfigMapCandidate(path: string, text: string): boolean {
  return isYamlPath(path) && isNginxConfigMap(text);
}

/** Helm or envsubst templating: not plain nginx, so no nginx rule should look at it. */
export function isTemplatedNginx(path: string, text: string): boolean {
  if (inTemplatesFolder(path) && text.includes('{{')) return true;
  return path.endsWith('.template') && /\$\{[A-Z_][A-Z0-9_]*\}/.test(text);
}

const CACHE_LIMIT = 256;
/**
 * By version, then by the text itself: a text read once is the same string at every lookup, so
 * its hash is computed once (a `version + text` key was a new string to copy and hash each time).
 */
const caches: Record<NginxVersion, Map<string, ParseResult>> = { '1.22': new Map(), current: new Map() };

/**
 * Parses a text once per (version, text): the same file is read from several include sites and
 * re-checked on every keystroke elsewhere in the workspace.
 */
export function parseNginxCached(text: string, version: NginxVersion): ParseResult {
  const cache = caches[version];
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const parsed = parseNginx(text, { version });
  cache.set(text, parsed);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return parsed;
}
