import { isScalar, isSeq } from 'yaml';
import type { FileEdit } from '../findings';
import { defineRule } from './rule';
import { REMOVE_BLANKS_MESSAGES } from './valuesReport';
import { afterColon, columnOf, commentsIn, edit, entryRange, hasSyntaxErrors, keyRange, pathText, sequenceIndent, yamlString } from '../values/textEdits';
import type { ListField, ValuesDocument } from '../values/model';
import { listRendering } from '../values/shapes';

/** The end of a node's own text: block sequences end after their last line break. */
function contentEnd(doc: ValuesDocument, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(doc.text[e - 1])) e--;
  return e;
}

/** Rewrites a YAML list as one comma-separated string, keeping the comments it held on its lines. */
function joinListFix(doc: ValuesDocument, field: ListField): FileEdit | undefined {
  const node = field.node;
  if (!field.pair || !isSeq(node) || !node.range) return undefined;
  const from = afterColon(doc, field.pair);
  if (from === undefined) return undefined;
  const to = contentEnd(doc, node.range[1]);
  const joined = field.entries.map((e) => e.text.trim()).join(',');
  const comments = commentsIn(doc.text.slice(from, to));
  return edit(doc, from, to, ` ${yamlString(joined)}${comments.length ? `  ${comments.join(' ')}` : ''}`);
}

/** Rewrites a comma-separated string as a block list below its key. */
function splitStringFix(doc: ValuesDocument, field: ListField): FileEdit | undefined {
  const node = field.node;
  const key = field.pair?.key;
  if (!field.pair || !isScalar(node) || !node.range || !isScalar(key) || !key.range) return undefined;
  const from = afterColon(doc, field.pair);
  if (from === undefined) return undefined;
  const indent = ' '.repeat(columnOf(doc, key.range[0]) + sequenceIndent(doc));
  const items = field.entries.map((e) => `\n${indent}- ${yamlString(e.text.trim())}`).join('');
  return edit(doc, from, node.range[1], items);
}

export const valuesListShape = defineRule({
  scope: 'values',
  meta: {
    id: 'values-list-shape',
    defaultSeverity: 'error',
    fixable: true,
    description: {
      en: 'Lists and comma-separated strings where the chart of this layout expects the other shape.',
      'zh-cn': '在当前布局的 chart 期望另一种形式之处使用了列表或逗号分隔字符串。',
    },
    messages: {
      mustBeString: {
        en: 'In the chart {charts} layout ({layout}), {key} must be one comma-separated string: the chart prints a list as "[a b]", which the operator cannot use.',
        'zh-cn': '在 chart {charts} 的布局（{layout}）中，{key} 必须是一个逗号分隔的字符串：chart 会把列表输出为“[a b]”，operator 无法使用。',
      },
      mustBeList: {
        en: 'In the chart {charts} layout ({layout}), {key} must be a YAML list: the chart iterates over it, and a string fails to render.',
        'zh-cn': '在 chart {charts} 的布局（{layout}）中，{key} 必须是 YAML 列表：chart 会遍历它，字符串会导致渲染失败。',
      },
      blanks: {
        en: '{key} entry "{entry}" has blanks around it; the operator keeps them (so "{trimmed}" is not what it reads). Remove the blanks.',
        'zh-cn': '{key} 的条目“{entry}”两侧有空格；operator 会保留这些空格（因此读到的不是“{trimmed}”）。请删除空格。',
      },
      joinList: { en: 'Join into a comma-separated string', 'zh-cn': '合并为逗号分隔的字符串' },
      splitString: { en: 'Convert to a YAML list', 'zh-cn': '转换为 YAML 列表' },
      ...REMOVE_BLANKS_MESSAGES,
    },
  },
  check(doc, ctx) {
    if (hasSyntaxErrors(doc)) return;
    const v = doc.values;
    const id = doc.layout.id;
    const fields = [v.publicAddresses, v.serviceCIDRs, v.clusterCIDRs, v.edgeLabels, v.connectorLabels, v.connectorNodeAddresses, v.certAddresses];
    for (const field of fields) {
      if (!field?.explicit) continue;
      // Only what the templates cannot render: a string that `join` wraps renders like a list.
      const rendering = listRendering(id, field.path);
      if (rendering === 'plain' && field.shape === 'list') mustBeString(field);
      else if (rendering === 'range' && field.shape === 'string') mustBeList(field);
      // values-public-address reports blanks in the addresses, values-cidr those of later layouts.
      else if (rendering === 'plain' && field.shape === 'string' && field !== v.publicAddresses && (id === 'L1' || id === 'L1b')) blanks(field);
    }

    function mustBeString(field: ListField): void {
      const fix = joinListFix(doc, field);
      ctx.report({
        file: doc.file,
        range: keyRange(doc, field),
        messageId: 'mustBeString',
        args: { charts: doc.layout.charts, layout: doc.layout.label, key: pathText(field.path) },
        fixes: fix ? [{ messageId: 'joinList' as const, edits: [fix], safe: true, preferred: true }] : [],
      });
    }

    function mustBeList(field: ListField): void {
      const fix = splitStringFix(doc, field);
      ctx.report({
        file: doc.file,
        range: keyRange(doc, field),
        messageId: 'mustBeList',
        args: { charts: doc.layout.charts, layout: doc.layout.label, key: pathText(field.path) },
        fixes: fix ? [{ messageId: 'splitString' as const, edits: [fix], safe: true, preferred: true }] : [],
      });
    }

    /** pflag keeps blanks after commas, so "a, b" yields " b": a CIDR parse error or a label that matches nothing. */
    function blanks(field: ListField): void {
      for (const entry of field.entries) {
        if (entry.text === entry.text.trim() || !entry.offsets) continue;
        const trimmed = entry.text.trim();
        const fix = entry.range && entry.fromString ? edit(doc, entry.offsets[0], entry.offsets[1], trimmed) : undefined;
        ctx.report({
          file: doc.file,
          range: entryRange(doc, entry, field),
          messageId: 'blanks',
          args: { key: pathText(field.path), entry: entry.text, trimmed },
          fixes: fix ? [{ messageId: 'removeBlanks' as const, edits: [fix], safe: true, preferred: true }] : [],
        });
      }
    }
  },
});
