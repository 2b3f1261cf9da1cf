import { isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';

export type LayoutId = 'L1' | 'L1b' | 'L2' | 'L3' | 'L4';

export interface LayoutInfo {
  id: LayoutId;
  /** The chart versions that use this layout, e.g. "0.3.0" or "0.6.0–1.0.0". */
  charts: string;
  /** The key path that decided, for hovers and messages. */
  evidence: string[];
  decidedBy: 'content' | 'chart-version' | 'default';
}

export const LAYOUT_CHARTS: Record<LayoutId, string> = {
  L1: '0.0.1–0.2.0',
  L1b: '0.3.0',
  L2: '0.4.0',
  L3: '0.5.0',
  L4: '0.6.0–1.0.0',
};

export function nodeAt(doc: Document, path: readonly string[]): Node | undefined {
  let node: unknown = doc.contents;
  for (const key of path) {
    if (!isMap(node)) return undefined;
    node = node.get(key, true);
  }
  return node as Node | undefined;
}

/** The key/value pair at a path, so findings can sit on the key. */
export function pairAt(doc: Document, path: readonly string[]): Pair | undefined {
  let node: unknown = doc.contents;
  let found: Pair | undefined;
  for (const key of path) {
    if (!isMap(node)) return undefined;
    found = node.items.find((pair) => isScalar(pair.key) && pair.key.value === key) as Pair | undefined;
    if (!found) return undefined;
    node = found.value;
  }
  return found;
}

function has(doc: Document, path: readonly string[]): boolean {
  return nodeAt(doc, path) !== undefined;
}

const L4_KEYS: readonly (readonly string[])[] = [
  ['cluster', 'cniType'], ['cluster', 'edgePodCIDR'], ['cluster', 'edgePodCIDR6'], ['cluster', 'edgeCIDRMaskSize'],
  ['cluster', 'edgeCIDRMaskSize6'], ['cluster', 'clusterCIDR'], ['cluster', 'connectorNodeAddresses'],
  ['cluster', 'publicAddresses'], ['cluster', 'operatorAPIServer'], ['cluster', 'serviceHubAPIServer'],
  ['cluster', 'connectorPublicPort'], ['cluster', 'connectorAsMediator'], ['agent', 'args'], ['keepalived'],
  ['fabDNS', 'create'],
];
const L3_KEYS: readonly (readonly string[])[] = [
  ['cluster', 'cidr'], ['cluster', 'hostOperatorAPIServer'], ['cluster', 'serverServiceHubAPIServer'], ['serviceHub', 'mode'],
];
const L2_KEYS: readonly (readonly string[])[] = [
  ['operator', 'cluster'], ['operator', 'serviceClusterIPRanges'], ['operator', 'hostOperatorAPIServer'],
  ['operator', 'initToken'], ['operator', 'operatorAPIServer'],
];
const L1_KEYS: readonly (readonly string[])[] = [
  ['operator', 'connectorSubnets'], ['operator', 'enableProxy'], ['operator', 'replicaCount'], ['connector', 'replicaCount'],
];

function layout(id: LayoutId, evidence: readonly string[], decidedBy: LayoutInfo['decidedBy'] = 'content'): LayoutInfo {
  return { id, charts: LAYOUT_CHARTS[id], evidence: [...evidence], decidedBy };
}

/** Maps a chart version (from Chart.yaml or a setting) to its layout; undefined when unknown. */
export function layoutForChartVersion(version: string): LayoutId | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  if (!match) return undefined;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (major >= 1 || minor >= 6) return 'L4';
  if (minor === 5) return 'L3';
  if (minor === 4) return 'L2';
  if (minor === 3) return 'L1b';
  return 'L1';
}

/** Detects the chart layout from the keys present (fabedge-values.md §2); a known chart version wins. */
export function detectLayout(doc: Document, chartVersion?: string): LayoutInfo {
  const fromChart = chartVersion ? layoutForChartVersion(chartVersion) : undefined;
  if (fromChart) return layout(fromChart, [`Chart.yaml version ${chartVersion}`], 'chart-version');

  const first = (keys: readonly (readonly string[])[]) => keys.find((k) => has(doc, k));
  const l4 = first(L4_KEYS);
  if (l4) return layout('L4', l4);
  const serviceRange = nodeAt(doc, ['cluster', 'serviceClusterIPRange']);
  if (isSeq(serviceRange)) return layout('L4', ['cluster', 'serviceClusterIPRange']);
  const l3 = first(L3_KEYS);
  if (l3) return layout('L3', l3);
  if (isScalar(serviceRange)) return layout('L3', ['cluster', 'serviceClusterIPRange']);
  if (has(doc, ['operator', 'masqOutgoing']) && has(doc, ['cluster'])) return layout('L3', ['operator', 'masqOutgoing']);
  const l2 = first(L2_KEYS);
  if (l2) return layout('L2', l2);
  for (const key of [['operator', 'connectorPublicAddresses'], ['operator', 'edgeLabels']]) {
    if (isSeq(nodeAt(doc, key))) return layout('L2', key);
  }
  if (isScalar(nodeAt(doc, ['operator', 'edgeLabels']))) return layout('L1b', ['operator', 'edgeLabels']);
  const l1 = first(L1_KEYS);
  if (l1) return layout('L1', l1);
  if (isScalar(nodeAt(doc, ['operator', 'connectorPublicAddresses']))) return layout('L1', ['operator', 'connectorPublicAddresses']);
  if (has(doc, ['cniType']) && !has(doc, ['cluster']) && !has(doc, ['operator', 'cluster'])) return layout('L1', ['cniType']);
  const labels = [nodeAt(doc, ['cluster', 'edgeLabels']), nodeAt(doc, ['cluster', 'connectorLabels'])];
  for (const list of labels) {
    if (isSeq(list) && list.items.some((item) => isScalar(item) && String(item.value).includes('='))) {
      return layout('L4', ['cluster', 'edgeLabels']);
    }
  }
  if (labels.some((list) => isSeq(list) && list.items.length > 0)) return layout('L3', ['cluster', 'edgeLabels']);
  return layout('L4', [], 'default');
}
