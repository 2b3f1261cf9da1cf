import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locale } from '../l10n';

/**
 * The rule pages ship with the package (`docs/rules/<id>.md`, `docs/zh-cn/rules/<id>.md`), in the
 * `.vsix` and in the npm tarball alike: the editor opens them and SARIF carries their text, with
 * no link to a web site that may not be there (and no network needed to read them).
 */
function rulePagePath(packageRoot: string, ruleId: string, locale: Locale): string {
  return locale === 'zh-cn' ? path.join(packageRoot, 'docs', 'zh-cn', 'rules', `${ruleId}.md`) : path.join(packageRoot, 'docs', 'rules', `${ruleId}.md`);
}

/**
 * The folder the package's files are in, found from a module's folder: `dist/` in the bundles,
 * `src/<part>/` when the sources run under tsx. Undefined when the pages are not there.
 */
export function findPackageRoot(from: string): string | undefined {
  for (let folder = from, depth = 0; depth < 4; folder = path.dirname(folder), depth++) {
    if (fs.existsSync(path.join(folder, 'docs', 'rules'))) return folder;
  }
  return undefined;
}

/**
 * The page of a rule in a language, or the English one when that language has none; undefined
 * for a rule without a page, so that no finding links to nothing.
 */
export function rulePage(packageRoot: string | undefined, ruleId: string, locale: Locale): string | undefined {
  if (!packageRoot || !/^[a-z0-9-]+$/.test(ruleId)) return undefined;
  for (const candidate of [rulePagePath(packageRoot, ruleId, locale), rulePagePath(packageRoot, ruleId, 'en')]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}
