import { isMap, isScalar, isSeq } from 'yaml';
import { defineRule, type RuleContext, type RuleMessages } from './rule';
import { cniOf, fieldRange, hasSyntaxErrors, keyRange, pathText } from '../values/textEdits';
import { chartAtLeast, pairAt } from '../values/layout';
import { isTrue } from '../values/helm';
import type { ListField, ScalarField } from '../values/model';
import type { Range } from '../text';
import { dirname } from '../paths';
import type { ValuesDocument } from '../values/model';

type Field = ScalarField | ListField;

function isEmpty(field: Field): boolean {
  if ('entries' in field) return field.entries.length === 0;
  return !field.placeholder && field.text.trim() === '';
}

const MESSAGES = {
  unknownRole: {
    en: '{key} "{value}" must be exactly host or member: the chart renders neither role\'s settings and the operator stops with "unknown cluster role".',
    'zh-cn': '{key} "{value}" 必须正好是 host 或 member：chart 不会渲染任何角色的配置，operator 会以 “unknown cluster role” 停止。',
  },
  empty: {
    en: '{key} is empty, but the chart {charts} needs it{why}.',
    'zh-cn': '{key} 为空，但 chart {charts} 需要它{why}。',
  },
  whyCalico: { en: ' with calico', 'zh-cn': '（使用 calico 时）' },
  whyMember: { en: ' for a member cluster', 'zh-cn': '（member 集群）' },
  whyMemberWithFabDns: { en: ' for a member cluster with fabDNS.create', 'zh-cn': '（启用 fabDNS.create 的 member 集群）' },
  notSet: {
    en: 'Not set in this file, and empty in the chart {charts} defaults: {keys}. Set them here unless another values file passed to Helm does.',
    'zh-cn': '此文件未设置、且 chart {charts} 默认值为空：{keys}。除非传给 Helm 的其他 values 文件设置了它们，否则请在此处设置。',
  },
} satisfies RuleMessages;

export const valuesRequired = defineRule({
  scope: 'workspace',
  meta: {
    id: 'values-required',
    defaultSeverity: 'error',
    fixable: false,
    description: {
      en: 'Keys the chart layout and the cluster role need, set here or by the chart default.',
      'zh-cn': 'chart 布局和集群角色所需的键（在此文件中或由 chart 默认值设置）。',
    },
    messages: MESSAGES,
  },
  check(workspace, ctx) {
    const layers = layerGroups(workspace.values);
    for (const doc of workspace.values) {
      const siblings = (layers.get(layerKey(doc)) ?? []).filter((other) => other !== doc);
      // A document object stays while its text does: its findings stay while its siblings do.
      ctx.forSubject(doc, siblings, (subject) => checkDocument(subject, siblings, ctx));
    }
  },
});

function layerKey(doc: ValuesDocument): string {
  return `${doc.layout.id}\0${dirname(doc.file)}`;
}

/**
 * The values files that can layer, by layout and folder, in the model's order:
 * `helm -f values.yaml -f values-prod.yaml` layers files of the same layout in the same folder, so
 * a key one of them sets is not missing from the others. Grouped once, not once per file: a large
 * workspace has thousands of values files.
 */
function layerGroups(all: readonly ValuesDocument[]): Map<string, ValuesDocument[]> {
  const groups = new Map<string, ValuesDocument[]>();
  for (const doc of all) {
    if (doc.chartDefaults || !isMap(doc.yaml.contents)) continue;
    const key = layerKey(doc);
    const group = groups.get(key);
    if (group) group.push(doc);
    else groups.set(key, [doc]);
  }
  return groups;
}

function setBySibling(field: Field, siblings: readonly ValuesDocument[]): boolean {
  return siblings.some((other) => {
    const value = pairAt(other.yaml, field.path)?.value;
    if (isSeq(value)) return value.items.length > 0;
    return isScalar(value) && value.value !== null && String(value.value).trim() !== '';
  });
}

function checkDocument(doc: ValuesDocument, siblings: readonly ValuesDocument[], ctx: RuleContext<keyof typeof MESSAGES>): void {
  // An empty file (or a list, or a scalar) sets nothing; there is no partial configuration to judge.
  // The chart's own defaults leave the cluster's keys empty on purpose: the user's file sets them.
  if (hasSyntaxErrors(doc) || !isMap(doc.yaml.contents) || doc.chartDefaults) return;
  const v = doc.values;
  const id = doc.layout.id;
  const required: Field[] = [];
  if (v.clusterName) required.push(v.clusterName);
  if (id === 'L4') required.push(v.cniType);
  required.push(v.publicAddresses);
  if (v.clusterCIDRs && chartAtLeast(doc.layout, '0.7.0')) required.push(v.clusterCIDRs);
  if (id !== 'L1' && id !== 'L1b' && cniOf(doc) === 'calico') required.push(v.edgePodCIDR);

  const role = v.role;
  if (role?.explicit && role.text !== '' && role.text !== 'host' && role.text !== 'member') {
    ctx.report({
      file: doc.file,
      range: fieldRange(doc, role),
      messageId: 'unknownRole',
      args: { key: pathText(role.path), value: role.text },
    });
  }
  if (role?.text === 'member') {
    if (v.initToken) required.push(v.initToken);
    if (v.operatorAPIServer) required.push(v.operatorAPIServer);
    if (v.serviceHubAPIServer && v.fabDNSCreate && isTrue(v.fabDNSCreate.value)) required.push(v.serviceHubAPIServer);
  }

  const missing: Field[] = [];
  for (const field of required) {
    if (!isEmpty(field)) continue;
    if (!field.explicit) {
      if (!setBySibling(field, siblings)) missing.push(field);
      continue;
    }
    ctx.report({
      file: doc.file,
      range: keyRange(doc, field),
      messageId: 'empty',
      args: { key: pathText(field.path), charts: doc.layout.charts, why: why(field) },
    });
  }
  if (missing.length === 0) return;
  // A values file often sets only some keys and another -f file the rest: one gentle finding, not one per key.
  const top = pairAt(doc.yaml, [missing[0].path[0]])?.key as { range?: [number, number, number] } | undefined;
  const range: Range = top?.range ? doc.lines.rangeOf(top.range[0], top.range[1]) : doc.lines.rangeOf(0, 0);
  ctx.report({
    file: doc.file,
    range,
    severity: 'warning',
    messageId: 'notSet',
    args: { charts: doc.layout.charts, keys: missing.map((f) => pathText(f.path)).join(', ') },
  });

  function why(field: Field): string {
    if (field === v.edgePodCIDR) return ctx.text('whyCalico');
    if (field === v.initToken || field === v.operatorAPIServer) return ctx.text('whyMember');
    if (field === v.serviceHubAPIServer) return ctx.text('whyMemberWithFabDns');
    return '';
  }
}
