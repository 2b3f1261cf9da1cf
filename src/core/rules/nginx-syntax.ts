import type { NginxRule } from './rule';
import type { Directive, ParseError } from '../nginx/ast';
import type { NginxFile } from '../nginx/model';
import { walkDirectives } from '../nginx/parser';
import { insertAt } from '../nginx/textEdits';

/** The unterminated statement right before an `unexpected "}"` or end of file: the usual missing `;`. */
function unterminatedBefore(file: NginxFile, error: ParseError): Directive | undefined {
  if (error.code !== 'unexpected-close-brace' && error.code !== 'eof-in-statement') return undefined;
  let best: Directive | undefined;
  for (const d of walkDirectives(file.parse.directives)) {
    if (d.terminator === 'missing' && !d.block && d.end <= error.start && (!best || d.end > best.end)) best = d;
  }
  // Only when nothing but blanks and comments separate the statement from the error.
  if (best && /^(\s|#[^\n]*)*$/.test(file.text.slice(best.end, error.start))) return best;
  return undefined;
}

/** nginx's own tokenizer and statement-loop errors, in nginx's wording, on the offending text. */
export const nginxSyntax: NginxRule = {
  scope: 'nginx',
  meta: {
    id: 'nginx-syntax',
    defaultSeverity: 'error',
    fixable: true,
    description: {
      en: 'nginx cannot read the configuration: a lexical or block-structure error.',
      'zh-cn': 'nginx 无法读取该配置：存在词法或块结构错误。',
    },
  },
  check(tree, ctx) {
    for (const file of tree.files.values()) {
      for (const error of file.parse.errors) {
        const statement = unterminatedBefore(file, error);
        ctx.report({
          file: file.path,
          range: file.rangeOf(error.start, error.end),
          message: { en: '{message} (nginx reports line {line})', 'zh-cn': '{message}（nginx 报告第 {line} 行）' },
          args: { message: error.message, line: error.line + (file.configMap ? file.configMap.firstLine : 0) },
          ...(statement
            ? {
                fixes: [
                  {
                    title: { en: 'Insert ";" after "{name}"', 'zh-cn': '在 “{name}” 之后插入 ";"' },
                    args: { name: statement.name },
                    edits: [insertAt(file, statement.end, ';')],
                    safe: true,
                    preferred: true,
                  },
                ],
              }
            : {}),
        });
      }
    }
  },
};
