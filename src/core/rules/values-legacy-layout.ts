import { defineRule } from './rule';
import { isNode } from 'yaml';
import { pairAt } from '../values/layout';
import { canMigrate, migrationEdits } from '../values/migrate';
import { hasSyntaxErrors } from '../values/textEdits';

const LEGACY_LAYOUTS = new Set(['L1', 'L1b', 'L2', 'L3']);

export const valuesLegacyLayout = defineRule({
  scope: 'values',
  meta: {
    id: 'values-legacy-layout',
    defaultSeverity: 'info',
    fixable: true,
    description: {
      en: 'The values file uses a layout of an old FabEdge chart (before 0.6.0).',
      'zh-cn': '该 values 文件使用旧版 FabEdge chart（0.6.0 之前）的布局。',
    },
    messages: {
      legacyLayout: {
        en: 'This file uses the chart {charts} layout ({layout}); the current chart (1.0.0) uses another layout and ignores these keys.',
        'zh-cn': '此文件使用 chart {charts} 的布局（{layout}）；当前 chart（1.0.0）使用新的布局，会忽略这些键。',
      },
      migrate: { en: 'Migrate to the chart 1.0.0 layout (marks what you must decide with "<ASK: …>")', 'zh-cn': '迁移到 chart 1.0.0 的布局（需要您决定的值以 "<ASK: …>" 标出）' },
    },
  },
  check(doc, ctx) {
    const { layout } = doc;
    // A Chart.yaml or the fabedge.chartVersion setting says which chart reads the file: its layout
    // is then the right one, not a legacy. A file that does not parse has no layout to speak of.
    if (!LEGACY_LAYOUTS.has(layout.id) || layout.decidedBy === 'chart-version' || doc.chartDefaults || hasSyntaxErrors(doc)) return;
    // The finding sits on the top-level key that decided the layout (the whole legacy block).
    const key = layout.evidence.length > 0 ? pairAt(doc.yaml, layout.evidence.slice(0, 1))?.key : undefined;
    const [start, end] = isNode(key) && key.range ? [key.range[0], key.range[1]] : [0, 0];
    const migratable = canMigrate(doc);
    ctx.report({
      file: doc.file,
      range: doc.lines.rangeOf(start, end),
      messageId: 'legacyLayout',
      args: { charts: layout.charts, layout: layout.label },
      fixes: migratable ? [{
        messageId: 'migrate' as const,
        // Worked out when someone looks at the fix: a workspace of old values files would otherwise
        // rewrite each of them on every check, to offer fixes few people apply.
        edits: () => migrationEdits(doc) ?? [],
        safe: false,
      }] : [],
    });
  },
});
