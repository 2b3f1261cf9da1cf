import { defineRule } from './rule';
import { fieldRange, hasSyntaxErrors, pathText, replaceScalar } from '../values/textEdits';
import { isScalar } from 'yaml';

const KNOWN = ['calico', 'flannel'];

export const valuesCniType = defineRule({
  scope: 'values',
  meta: {
    id: 'values-cni-type',
    defaultSeverity: 'error',
    fixable: true,
    description: {
      en: 'cniType must be exactly "flannel" or "calico".',
      'zh-cn': 'cniType 必须正好是 "flannel" 或 "calico"。',
    },
    messages: {
      placeholder: {
        en: 'Placeholder left by the layout migration: set {key} to the CNI of this cluster, flannel or calico.',
        'zh-cn': '布局迁移留下的占位符：请将 {key} 设为本集群的 CNI：flannel 或 calico。',
      },
      caseLowercased: { en: '{key} "{value}": the chart lowercases it, but write "{lower}" as documented.', 'zh-cn': '{key} "{value}"：chart 会将其转为小写，但请按文档写作 "{lower}"。' },
      caseRejected: { en: '{key} "{value}": the chart {charts} passes it unchanged and the operator accepts only "{lower}" (case matters).', 'zh-cn': '{key} "{value}"：chart {charts} 原样传递该值，operator 只接受 "{lower}"（区分大小写）。' },
      unknownCni: {
        en: '{key} "{value}" is not a CNI FabEdge supports: use flannel or calico (the operator exits with "unknown CNI").',
        'zh-cn': '{key} "{value}" 不是 FabEdge 支持的 CNI：请使用 flannel 或 calico（否则 operator 以 “unknown CNI” 退出）。',
      },
      writeValue: { en: 'Write "{value}"', 'zh-cn': '改为 "{value}"' },
    },
  },
  check(doc, ctx) {
    if (hasSyntaxErrors(doc)) return;
    const field = doc.values.cniType;
    // An empty or absent value is values-required's finding.
    if (!field.explicit || field.text.trim() === '') return;
    const range = fieldRange(doc, field);
    const key = pathText(field.path);
    if (field.placeholder) {
      ctx.report({
        file: doc.file,
        range,
        messageId: 'placeholder',
        args: { key },
      });
      return;
    }
    const value = field.text;
    // The operator trims blanks before it compares, case-sensitively.
    if (KNOWN.includes(value.trim())) return;
    const lower = value.trim().toLowerCase();
    const node = field.node;
    const fixes = KNOWN.includes(lower) && isScalar(node) ? [{
      messageId: 'writeValue' as const,
      args: { value: lower },
      edits: [replaceScalar(doc, node, lower)].filter((e) => e !== undefined),
      safe: true,
      preferred: true,
    }] : [];
    if (KNOWN.includes(lower)) {
      // L4's cniType template lowercases; earlier charts pass the value through and the operator rejects it.
      const l4 = doc.layout.id === 'L4';
      ctx.report({
        file: doc.file,
        range,
        severity: l4 ? 'warning' : doc.layout.id === 'L1' ? 'hint' : 'error',
        messageId: l4 ? 'caseLowercased' : 'caseRejected',
        args: { key, value, lower, charts: doc.layout.charts },
        fixes,
      });
      return;
    }
    ctx.report({
      file: doc.file,
      range,
      messageId: 'unknownCni',
      args: { key, value },
    });
  },
});
