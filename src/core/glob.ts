import picomatch from 'picomatch';
import { normalizePath } from './paths';

/**
 * Settings globs as users mean them: relative to the folder that states them (the workspace
 * folder, the config file's folder, the current folder of `fabedge-lint`), never matched against
 * whatever happens to lie above it. `anchorGlob` turns one into an absolute glob once, when the
 * settings are read; `matchesAnyGlob` then tests absolute paths with picomatch.
 *
 * - `deploy/*.yaml` is `<folder>/deploy/*.yaml`: not `<folder>/a/deploy/x.yaml`, and `test/**`
 *   does not drop a workspace that happens to live under `/home/me/test/`.
 * - A glob without `/` (or with one only at its end) matches a name at any depth below the folder
 *   (`*.conf`, `node_modules`, `build/`), as in `.gitignore`; a trailing `/` means the folder and
 *   everything in it.
 * - `./x` and `../x` are relative as in a shell; an absolute glob (`/etc/nginx/**`, `C:/x/**`)
 *   stays as it is.
 * - `*` and `**` match names that start with a dot (`.github/**`), as VS Code's globs do.
 */
export function anchorGlob(folder: string, glob: string): string | undefined {
  let pattern = glob.trim();
  if (pattern === '') return undefined;
  if (isAbsoluteGlob(pattern)) return pattern;
  let base = normalizePath(folder);
  for (;;) {
    if (pattern.startsWith('./')) pattern = pattern.slice(2);
    else if (pattern.startsWith('../')) {
      pattern = pattern.slice(3);
      base = normalizePath(`${base}/..`);
    } else break;
  }
  if (pattern === '' || pattern === '.') return escapeGlob(base);
  // As in .gitignore: a `/` only at the end does not tie the glob to the folder's top level.
  const folderOnly = pattern.endsWith('/');
  if (folderOnly) pattern = pattern.slice(0, -1);
  if (!pattern.includes('/')) pattern = `**/${pattern}`;
  if (folderOnly) pattern = `${pattern}/**`;
  return `${base === '/' ? '' : escapeGlob(base)}/${pattern}`;
}

/** Anchors every glob of a setting at one folder, dropping blank entries. */
export function anchorGlobs(folder: string, globs: readonly string[]): string[] {
  const anchored: string[] = [];
  for (const glob of globs) {
    const absolute = anchorGlob(folder, glob);
    if (absolute !== undefined) anchored.push(absolute);
  }
  return anchored;
}

const ABSOLUTE = /^(\/|[A-Za-z]:\/)/;

function isAbsoluteGlob(glob: string): boolean {
  return ABSOLUTE.test(glob);
}

/** A folder's own name may hold glob characters (`/srv/app (old)`, `/w/[1]`): they stand for themselves. */
function escapeGlob(path: string): string {
  return path.replace(/[\\*?[\]{}()!+@]/g, '\\$&');
}

/**
 * `posix`: `[!0-9]` negates a class, as in every shell. `windows: false`: the core's paths use `/`
 * on every system, and a backslash in a glob is an escape.
 */
const MATCH_OPTIONS: picomatch.PicomatchOptions = { dot: true, posix: true, windows: false };

/** Globs come from settings and are tested against every path of a workspace: each is compiled once. */
const compiled = new Map<string, picomatch.Matcher>();

export function matchesAnyGlob(path: string, globs: readonly string[]): boolean {
  // A loop, not globs.some(): no closure per call for the usual empty setting.
  for (const glob of globs) {
    let matcher = compiled.get(glob);
    if (!matcher) {
      matcher = picomatch(glob, MATCH_OPTIONS);
      compiled.set(glob, matcher);
    }
    if (matcher(path)) return true;
  }
  return false;
}
