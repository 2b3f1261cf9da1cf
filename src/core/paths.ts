/** POSIX-style path helpers for the core, which sees every path with `/` separators. */
export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  if (slash <= 0) return slash === 0 ? '/' : '.';
  return path.slice(0, slash);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(base: string, relative: string): string {
  if (relative.startsWith('/')) return normalizePath(relative);
  // A plain name below a path that is already normal (the common case: a sibling file) needs no normalising.
  if (base.startsWith('/') && !base.endsWith('/') && !base.includes('//') && !base.includes('/.') && /^[^/.][^/]*$/.test(relative)) return `${base}/${relative}`;
  return normalizePath(`${base}/${relative}`);
}

export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!absolute) parts.push('..');
    } else parts.push(part);
  }
  const joined = parts.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

// Tested on every path of a workspace: one RegExp object each, not one per call of a literal.
const TEMPLATES_FOLDER = /(^|\/)templates\//;
const YAML_PATH = /\.ya?ml$/i;

export function isYamlPath(path: string): boolean {
  return YAML_PATH.test(path);
}

/** Whether the path lies in a `templates/` folder, where a Helm chart keeps its templates. */
export function inTemplatesFolder(path: string): boolean {
  return TEMPLATES_FOLDER.test(path);
}

export function isInside(folder: string, path: string): boolean {
  const base = folder.endsWith('/') ? folder : `${folder}/`;
  return path === folder || path.startsWith(base);
}

export function relativePath(from: string, to: string): string {
  const a = normalizePath(from).split('/').filter(Boolean);
  const b = normalizePath(to).split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/') || '.';
}
