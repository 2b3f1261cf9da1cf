import type { DocumentLink } from 'vscode-languageserver';
import { localize, type Locale } from '../../core/l10n';
import type { NginxConfigTree } from '../../core/nginx/tree';
import type { UriMapper } from '../lsp/uris';

const TOOLTIP = {
  one: { en: 'Open {file}', 'zh-cn': '打开 {file}' },
  glob: { en: '{count} files match; open the first: {file}', 'zh-cn': '匹配 {count} 个文件；打开第一个：{file}' },
};

/**
 * Links on `include` arguments to the files nginx would read: resolved against the conf prefix
 * (not the including file), globs in nginx's order. Includes that match nothing get no link.
 */
export function includeLinks(trees: readonly NginxConfigTree[], file: string, uris: UriMapper, locale: Locale): DocumentLink[] {
  const links = new Map<string, DocumentLink>();
  for (const tree of trees) {
    for (const edge of tree.includes) {
      if (edge.file.path !== file || edge.file.configMap) continue;
      const targets = edge.targets.map((id) => tree.files.get(id)?.path).filter((p): p is string => p !== undefined);
      const arg = edge.directive.args[0];
      if (!arg || targets.length === 0) continue;
      const range = edge.file.rangeOf(arg.start, arg.end);
      const key = `${range.start.line}:${range.start.character}`;
      if (links.has(key)) continue;
      const tooltip = edge.glob
        ? localize(TOOLTIP.glob, locale, { count: targets.length, file: targets[0] })
        : localize(TOOLTIP.one, locale, { file: targets[0] });
      links.set(key, { range, target: uris.toUri(targets[0]), tooltip });
    }
  }
  return [...links.values()];
}
