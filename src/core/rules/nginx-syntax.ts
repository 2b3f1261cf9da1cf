import type { NginxRule } from './rule';

/** nginx's own tokenizer and statement-loop errors, in nginx's wording, on the offending text. */
export const nginxSyntax: NginxRule = {
  scope: 'nginx',
  meta: {
    id: 'nginx-syntax',
    defaultSeverity: 'error',
    fixable: false,
    description: {
      en: 'nginx cannot read the configuration: a lexical or block-structure error.',
      'zh-cn': 'nginx 无法读取该配置：存在词法或块结构错误。',
    },
  },
  check(tree, ctx) {
    for (const file of tree.files.values()) {
      for (const error of file.parse.errors) {
        ctx.report({
          file: file.path,
          range: file.rangeOf(error.start, error.end),
          message: { en: '{message} (nginx reports line {line})', 'zh-cn': '{message}（nginx 报告第 {line} 行）' },
          args: { message: error.message, line: error.line + (file.configMap ? file.configMap.firstLine : 0) },
        });
      }
    }
  },
};
