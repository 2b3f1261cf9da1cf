import { isScalar } from 'yaml';
import { defineRule } from './rule';
import { fieldRange, hasSyntaxErrors, pathText, replaceScalar } from '../values/textEdits';
import { CLUSTER_NAME } from '../values/net';

export const valuesClusterName = defineRule({
  scope: 'values',
  meta: {
    id: 'values-cluster-name',
    defaultSeverity: 'error',
    fixable: true,
    description: {
      en: 'The cluster name must be a lowercase RFC 1123 subdomain.',
      'zh-cn': '集群名称必须是小写的 RFC 1123 子域名。',
    },
    messages: {
      placeholder: {
        en: 'Placeholder left by the layout migration: choose a name for this cluster in {key} (lowercase letters, digits, "-" and ".", unique among your clusters).',
        'zh-cn': '布局迁移留下的占位符：请在 {key} 中为本集群指定名称（小写字母、数字、“-”和“.”，在所有集群中唯一）。',
      },
      notSubdomain: {
        en: '{key} "{name}" is not a lowercase RFC 1123 subdomain (letters a-z, digits, "-" and "."); the operator rejects it.',
        'zh-cn': '{key} "{name}" 不是小写的 RFC 1123 子域名（仅限 a-z、数字、“-”和“.”）；operator 会拒绝它。',
      },
      writeName: { en: 'Write "{name}"', 'zh-cn': '改为 "{name}"' },
    },
  },
  check(doc, ctx) {
    if (hasSyntaxErrors(doc)) return;
    const field = doc.values.clusterName;
    if (!field?.explicit || field.text === '') return;
    const key = pathText(field.path);
    const range = fieldRange(doc, field);
    if (field.placeholder) {
      ctx.report({
        file: doc.file,
        range,
        messageId: 'placeholder',
        args: { key },
      });
      return;
    }
    const name = field.text;
    if (CLUSTER_NAME.test(name)) return;
    const lower = name.trim().toLowerCase();
    const node = field.node;
    const edit = CLUSTER_NAME.test(lower) && isScalar(node) ? replaceScalar(doc, node, lower) : undefined;
    ctx.report({
      file: doc.file,
      range,
      messageId: 'notSubdomain',
      args: { key, name },
      fixes: edit ? [{ messageId: 'writeName' as const, args: { name: lower }, edits: [edit], safe: false, preferred: true }] : [],
    });
  },
});
