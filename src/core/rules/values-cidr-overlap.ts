import { defineRule } from './rule';
import { cniOf, entryRange, fieldRange, hasSyntaxErrors, pathText } from '../values/textEdits';
import type { ListField, ScalarField } from '../values/model';
import { cidrsOverlap, parseCidr } from '../values/net';
import type { Range } from '../text';

export const valuesCidrOverlap = defineRule({
  scope: 'values',
  meta: {
    id: 'values-cidr-overlap',
    defaultSeverity: 'error',
    fixable: false,
    description: {
      en: 'The edge pod CIDR overlaps the connector (service) subnets or the cluster CIDR.',
      'zh-cn': '边缘 Pod CIDR 与 connector（服务）子网或集群 CIDR 重叠。',
    },
    messages: {
      overlapsServices: {
        en: '{edgeKey} {edge} overlaps {otherKey} entry {other}: edge pods would get addresses the cloud cluster already routes, and the operator refuses it.',
        'zh-cn': '{edgeKey} {edge} 与 {otherKey} 的条目 {other} 重叠：边缘 Pod 会分到云端集群已在路由的地址，operator 会拒绝该配置。',
      },
      // The operator only names the cluster CIDR in its message; the clash shows up as broken routes.
      overlapsCluster: {
        en: '{edgeKey} {edge} overlaps {otherKey} entry {other}: edge pods would get addresses of cloud pods, and traffic between them is misrouted.',
        'zh-cn': '{edgeKey} {edge} 与 {otherKey} 的条目 {other} 重叠：边缘 Pod 会分到云端 Pod 的地址，二者之间的流量会被错误路由。',
      },
      overlappingSubnet: { en: 'overlapping subnet', 'zh-cn': '重叠的子网' },
      defaultEdgePodCidr: { en: 'the edge pod CIDR (chart default)', 'zh-cn': '边缘 Pod CIDR（chart 默认值）' },
    },
  },
  check(doc, ctx) {
    if (hasSyntaxErrors(doc)) return;
    const v = doc.values;
    const id = doc.layout.id;
    // The v0.3 chart forces edge IPAM, so its operator compares even with flannel; v0.2 never
    // compares; later operators only with calico.
    if (id === 'L1') return;
    if (id !== 'L1b' && cniOf(doc) !== 'calico') return;
    const others: ListField[] = [v.serviceCIDRs];
    if (v.clusterCIDRs) others.push(v.clusterCIDRs);
    compare(v.edgePodCIDR, others);
    if (v.edgePodCIDR6) compare(v.edgePodCIDR6, others);

    function compare(edge: ScalarField, lists: ListField[]): void {
      const edgeCidr = edge.placeholder ? undefined : parseCidr(edge.text.trim());
      if (!edgeCidr) return;
      for (const list of lists) {
        for (const entry of list.entries) {
          if (!edge.explicit && !(list.explicit && entry.range)) continue;
          const other = entry.placeholder ? undefined : parseCidr(entry.text.trim());
          if (!other || !cidrsOverlap(edgeCidr, other)) continue;
          const edgeRange = fieldRange(doc, edge);
          const otherRange: Range = entryRange(doc, entry, list);
          const onEdge = edge.explicit;
          ctx.report({
            file: doc.file,
            range: onEdge ? edgeRange : otherRange,
            messageId: list === v.serviceCIDRs ? 'overlapsServices' : 'overlapsCluster',
            args: { edgeKey: pathText(edge.path), edge: edge.text.trim(), otherKey: pathText(list.path), other: entry.text.trim() },
            related: [{
              file: doc.file,
              range: onEdge ? otherRange : edgeRange,
              messageId: onEdge ? 'overlappingSubnet' : 'defaultEdgePodCidr',
            }],
          });
        }
      }
    }
  },
});
