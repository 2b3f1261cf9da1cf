import { defineRule } from './rule';
import { edit, entryRange, hasSyntaxErrors, pathText, replaceEntry } from '../values/textEdits';
import { valueStart } from '../values/layoutFields';
import type { ListField, ValueEntry } from '../values/model';

export const valuesLabelFormat = defineRule({
  scope: 'values',
  meta: {
    id: 'values-label-format',
    defaultSeverity: 'error',
    fixable: true,
    description: {
      en: 'edgeLabels and connectorLabels items must be key=value (the value may be empty).',
      'zh-cn': 'edgeLabels 和 connectorLabels 的每一项必须是 key=value 形式（value 可以为空）。',
    },
    messages: {
      noEquals: {
        en: '{key} item "{label}" has no "=": the chart {charts} needs key=value, so write "{label}=" for a label with an empty value.',
        'zh-cn': '{key} 的项“{label}”没有“=”：chart {charts} 要求 key=value 形式，值为空的标签请写作“{label}=”。',
      },
      twoEquals: { en: '{key} item "{label}" has more than one "=": the operator stops with "wrong edge label format".', 'zh-cn': '{key} 的项“{label}”含有多个“=”：operator 会以 “wrong edge label format” 停止。' },
      emptyKey: { en: '{key} item "{label}" has an empty label key.', 'zh-cn': '{key} 的项“{label}”的标签键为空。' },
      appendEquals: { en: 'Append "="', 'zh-cn': '追加“=”' },
    },
  },
  check(doc, ctx) {
    if (hasSyntaxErrors(doc)) return;
    const { edgeLabels, connectorLabels, connectorNodeAddresses } = doc.values;
    const id = doc.layout.id;
    if (id === 'L3' || id === 'L4') {
      if (edgeLabels) checkPairs(edgeLabels, 'error', true);
      // Node affinity reads only the key of a connector label. The L4 chart's lookup of the connector
      // nodes also compares the value, and an item without "=" matches no node; that lookup runs
      // only while connectorNodeAddresses is empty.
      const lookedUp = id === 'L4' && (connectorNodeAddresses?.entries.length ?? 0) === 0;
      if (connectorLabels) checkPairs(connectorLabels, 'warning', lookedUp);
    } else if (edgeLabels && (id === 'L1b' || id === 'L2' || id === 'L1')) {
      checkSlice(edgeLabels);
    }

    /** StringToString (v0.5.0+): every item needs "=", or the operator exits or mis-parses the whole list. */
    function checkPairs(field: ListField, severity: 'error' | 'warning', valueNeeded: boolean): void {
      if (!field.explicit || field.shape !== 'list') return;
      for (const entry of field.entries) {
        if (entry.placeholder) continue;
        if (!entry.text.includes('=')) {
          if (!valueNeeded) continue;
          const fix = appendEquals(entry);
          ctx.report({
            file: doc.file,
            range: entryRange(doc, entry, field),
            severity,
            messageId: 'noEquals',
            args: { key: pathText(field.path), label: entry.text, charts: doc.layout.charts },
            fixes: fix ? [{ messageId: 'appendEquals' as const, edits: [fix], safe: true, preferred: true }] : [],
          });
        } else if (entry.text.trim().startsWith('=')) {
          reportEmptyKey(field, entry);
        }
      }
    }

    /** StringSlice (v0.3, v0.4): "key" or "key=value", at most one "=", and a key. */
    function checkSlice(field: ListField): void {
      if (!field.explicit) return;
      for (const entry of field.entries) {
        if (entry.text.split('=').length > 2) {
          ctx.report({
            file: doc.file,
            range: entryRange(doc, entry, field),
            messageId: 'twoEquals',
            args: { key: pathText(field.path), label: entry.text },
          });
        } else if (entry.text.trim().startsWith('=')) {
          reportEmptyKey(field, entry);
        }
      }
    }

    function reportEmptyKey(field: ListField, entry: ValueEntry): void {
      ctx.report({
        file: doc.file,
        range: entryRange(doc, entry, field),
        messageId: 'emptyKey',
        args: { key: pathText(field.path), label: entry.text },
      });
    }

    function appendEquals(entry: ValueEntry) {
      if (!entry.node || !entry.offsets) return undefined;
      const start = valueStart(entry.node, doc.text);
      // Insert inside the quotes when the value is written as it reads; else rewrite the item.
      if (start !== undefined) {
        const at = entry.fromString ? entry.offsets[1] : start + entry.text.length;
        return edit(doc, at, at, '=');
      }
      return replaceEntry(doc, entry, `${entry.text}=`);
    }
  },
});
