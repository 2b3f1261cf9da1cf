import { isMap, isScalar, visit, type Node } from 'yaml';
import type { ValuesRule } from './rule';

export const valuesSyntax: ValuesRule = {
  scope: 'values',
  meta: {
    id: 'values-syntax',
    defaultSeverity: 'error',
    fixable: false,
    description: {
      en: 'The values file is not valid YAML, or Helm would read it differently than it looks.',
      'zh-cn': 'values 文件不是合法的 YAML，或 Helm 读取它的方式与其外观不同。',
    },
  },
  check(doc, ctx) {
    for (const yaml of doc.documents) {
      for (const error of yaml.errors) {
        const [start, end] = error.pos;
        // A zero-width error (an unexpected end, say) still needs something to underline.
        const range = doc.lines.rangeOf(start, Math.max(end, Math.min(start + 1, doc.text.length)));
        ctx.report({
          file: doc.file,
          range,
          message: { en: 'YAML syntax error: {detail}', 'zh-cn': 'YAML 语法错误：{detail}' },
          args: { detail: error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '') },
          plainSyntax: true,
        });
      }
    }
    if (doc.yaml.errors.length > 0) return;

    // go-yaml (Helm) does not reject a repeated key: one value silently replaces the other.
    visit(doc.yaml, {
      Map(_, map) {
        if (!isMap(map)) return;
        const seen = new Map<string, Node>();
        for (const pair of map.items) {
          if (!isScalar(pair.key) || !pair.key.range) continue;
          const key = String(pair.key.value);
          const first = seen.get(key);
          if (first?.range) {
            ctx.report({
              file: doc.file,
              range: doc.lines.rangeOf(pair.key.range[0], pair.key.range[1]),
              severity: 'warning',
              message: {
                en: 'Duplicate key "{key}": Helm keeps only the last value and ignores the one on line {line}. YAML tools that reject repeated keys as an error are stricter than Helm.',
                'zh-cn': '重复的键“{key}”：Helm 只保留最后一个值，忽略第 {line} 行的值。把重复键报为错误的 YAML 工具比 Helm 更严格。',
              },
              args: { key, line: doc.lines.positionAt(first.range[0]).line + 1 },
              related: [{
                file: doc.file,
                range: doc.lines.rangeOf(first.range[0], first.range[1]),
                message: { en: 'first definition', 'zh-cn': '首次定义' },
              }],
            });
          } else seen.set(key, pair.key);
        }
      },
    });

    // Helm reads values with a single-document decoder: later documents never reach the chart.
    const later = doc.documents.slice(1).find((d) => d.contents !== null && !(isScalar(d.contents) && d.contents.value === null));
    if (later?.range) {
      const before = doc.text.lastIndexOf('---', later.range[0]);
      const start = before >= 0 ? before : later.range[0];
      ctx.report({
        file: doc.file,
        range: doc.lines.rangeOf(start, start + 3),
        severity: 'warning',
        message: {
          en: 'Helm reads only the first YAML document of a values file; everything after this "---" is ignored.',
          'zh-cn': 'Helm 只读取 values 文件中的第一个 YAML 文档；此“---”之后的内容都会被忽略。',
        },
      });
    }
  },
};
