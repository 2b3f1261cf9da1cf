import { matchesAnyGlob } from '../glob';
import { basename, dirname, isYamlPath } from '../paths';
import type { NginxVersion, ParseResult } from './ast';
import { isNginxConfigMap } from './configmap';
import { hasForeignLines, readsAsForeign, readsAsNginx, readsAsNginxAtAGlance, weighNginxEvidence } from './evidence';
import { parseNginx } from './parser';

export const NGINX_FOLDERS: ReadonlySet<string> = new Set(['nginx', 'conf.d', 'stream.d', 'http.d', 'sites-available', 'sites-enabled']);

/** Debian's vhost folders, where files often have no extension (`sites-available/default`). */
const SITES_FOLDERS: ReadonlySet<string> = new Set(['sites-available', 'sites-enabled']);
/** Notes, scripts, keys and backups that sit beside the vhosts. */
const NOT_A_CONFIG = /\.(md|markdown|txt|rst|adoc|html?|json|ya?ml|sh|py|js|bak|orig|old|save|swp|disabled|dist|sample|example|log|pem|crt|key|csr)$/i;

function parentFolder(path: string): string {
  return basename(dirname(path));
}

/**
 * Names that say nginx: nginx.conf, *.nginx, and the proxy generator's *.stream.conf. Only the
 * content of another program outweighs them (fail2ban keeps its nginx jails in jail.d/nginx.conf).
 */
function isNginxName(path: string): boolean {
  const name = basename(path);
  return name === 'nginx.conf' || name.endsWith('.nginx') || name.endsWith('.stream.conf');
}

/**
 * A name that hints nginx: a `.conf` file in an nginx folder (conf.d/, sites-available/, …) or any
 * file in sites-available/ and sites-enabled/. Apache, php-fpm and supervisor files live there
 * too, so the content decides (`isNginxCandidate`).
 */
export function inNginxFolder(path: string): boolean {
  const folder = parentFolder(path);
  if (path.endsWith('.conf')) return NGINX_FOLDERS.has(folder);
  return SITES_FOLDERS.has(folder) && !NOT_A_CONFIG.test(path);
}

const TOP_BLOCKS = new Set(['events', 'http', 'stream', 'server', 'upstream']);

/** How the user marked a file as nginx: the `fabedge.nginxFiles` globs, or the editor's language. */
export interface NginxDeclarations {
  globs?: readonly string[];
  /** The user chose the nginx language for this document: nginx unless its content is another program's. */
  language?: boolean;
}

/**
 * Whether a file is nginx: the user says so, its name proves it, or its content reads as nginx
 * (a `.conf` file outside the nginx folders needs an events/http/stream/server/upstream block at
 * top level as well). Content in another configuration syntax outweighs a hint or a language.
 */
export function isNginxCandidate(path: string, text: string, declarations: NginxDeclarations = {}): boolean {
  if (matchesAnyGlob(path, declarations.globs ?? [])) return true;
  const named = isNginxName(path);
  const hinted = inNginxFolder(path);
  if (!named && !hinted && !declarations.language && !path.endsWith('.conf')) return false;
  if ((named || hinted || declarations.language) && readsAsNginxAtAGlance(text)) return true;
  const parse = parseNginxCached(text, '1.22');
  const evidence = weighNginxEvidence(text, parse);
  // Only lines in another program's syntax outweigh the name; statements nginx does not know (a template's) do not.
  if (named) return !hasForeignLines(evidence);
  if (readsAsForeign(evidence)) return false;
  if (declarations.language) return true;
  if (!readsAsNginx(evidence)) return false;
  return hinted || parse.directives.some((d) => d.kind === 'directive' && d.terminator === '{' && TOP_BLOCKS.has(d.name));
}

/** A YAML file holding an nginx configuration in a ConfigMap `data` entry. */
export function isNginxConfigMapCandidate(path: string, text: string): boolean {
  return isYamlPath(path) && isNginxConfigMap(text);
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
