/**
 * Converts a workspace glob (`**`, `*`, `?`, `[…]`, `{a,b}`) to a regular expression over paths
 * with `/` separators. A pattern without `/` matches a base name anywhere, as in VS Code settings.
 */
export function globToRegExp(glob: string): RegExp {
  const pattern = glob.includes('/') ? glob.replace(/^\.\//, '') : `**/${glob}`;
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const slashAfter = pattern[i + 2] === '/';
        source += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 2 : 1;
      } else source += '[^/]*';
    } else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close === -1) source += '\\[';
      else {
        source += `[${pattern.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '{') {
      const close = pattern.indexOf('}', i + 1);
      if (close === -1) source += '\\{';
      else {
        source += `(?:${pattern.slice(i + 1, close).split(',').map(escapeRegExp).join('|')})`;
        i = close;
      }
    } else source += escapeRegExp(c);
  }
  return new RegExp(`(?:^|/)${source}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Globs come from settings and are tested against every path of a workspace: each is compiled once. */
const compiled = new Map<string, RegExp>();

export function matchesAnyGlob(path: string, globs: readonly string[]): boolean {
  // A loop, not globs.some(): no closure per call for the usual empty setting.
  for (const glob of globs) {
    let regExp = compiled.get(glob);
    if (!regExp) {
      regExp = globToRegExp(glob);
      compiled.set(glob, regExp);
    }
    if (regExp.test(path)) return true;
  }
  return false;
}
