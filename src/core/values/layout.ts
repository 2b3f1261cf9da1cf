import { isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';

export type LayoutId = 'L1' | 'L1b' | 'L2' | 'L3' | 'L4';

/** Every released chart, oldest first, with its layout (fabedge-charts/README.md). */
export const CHART_VERSIONS: readonly { version: string; layout: LayoutId }[] = [
  { version: '0.0.1', layout: 'L1' },
  { version: '0.2.0', layout: 'L1' },
  { version: '0.3.0', layout: 'L1b' },
  { version: '0.4.0', layout: 'L2' },
  { version: '0.5.0', layout: 'L3' },
  { version: '0.6.0', layout: 'L4' },
  { version: '0.7.0', layout: 'L4' },
  { version: '0.8.0', layout: 'L4' },
  { version: '0.8.1', layout: 'L4' },
  { version: '1.0.0', layout: 'L4' },
];

export interface LayoutInfo {
  id: LayoutId;
  /** For messages: "L1/L1b" when the keys cannot tell 0.3.0 from older charts. */
  label: string;
  /** The chart versions this file fits, e.g. "0.3.0", "0.7.0–1.0.0", or the pinned version. */
  charts: string;
  /** The key path that decided, for hovers and messages. */
  evidence: string[];
  decidedBy: 'content' | 'chart-version' | 'default';
  /** The version from a sibling Chart.yaml or the `fabedge.chartVersion` setting. */
  chartVersion?: string;
  /** The oldest chart that has every key present (see L4_QUALIFIERS). */
  minChart: string;
  /** The chart whose defaults fill in absent keys: the pinned version, else `minChart`. */
  effectiveChart: string;
  /** What the keys alone say, when a pinned chart version overrode it. */
  contentLayout?: LayoutId;
  /** Keys of other layouts present in the file; the chart ignores them. */
  mixed: { layout: LayoutId; path: string[] }[];
}

function nodeAt(doc: Document, path: readonly string[]): Node | undefined {
  let node: unknown = doc.contents;
  for (const key of path) {
    if (!isMap(node)) return undefined;
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (!pair) return undefined;
    node = pair.value;
  }
  // A key with no value (`operator:` alone) still exists; report it as a null scalar.
  return (node ?? undefined) as Node | undefined;
}

/** The key/value pair at a path, so findings can sit on the key. */
export function pairAt(doc: Document, path: readonly string[]): Pair | undefined {
  let node: unknown = doc.contents;
  let found: Pair | undefined;
  for (const key of path) {
    if (!isMap(node)) return undefined;
    found = node.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key) as Pair | undefined;
    if (!found) return undefined;
    node = found.value;
  }
  return found;
}

function has(doc: Document, path: readonly string[]): boolean {
  return pairAt(doc, path) !== undefined;
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

/** Keys that first appear in a later L4 chart, from the diffs between the released charts. */
const L4_QUALIFIERS: readonly { path: readonly string[]; chart: string }[] = [
  { path: ['keepalived'], chart: '1.0.0' },
  { path: ['connector', 'replicas'], chart: '1.0.0' },
  { path: ['fabDNS', 'service', 'clusterIP'], chart: '0.8.1' },
  { path: ['cluster', 'connectorPublicPort'], chart: '0.8.0' },
  { path: ['cluster', 'connectorAsMediator'], chart: '0.8.0' },
  { path: ['agent', 'args', 'ENABLE_DNS'], chart: '0.8.0' },
  { path: ['cluster', 'clusterCIDR'], chart: '0.7.0' },
  { path: ['operator', 'autoKeepIPPools'], chart: '0.7.0' },
];

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** Normalises `v0.3.0` or ` 0.3 ` to `0.3.0`; undefined when it is no version. */
function normaliseVersion(version: string): string | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  return match ? `${match[1]}.${match[2]}.${match[3] ?? '0'}` : undefined;
}

/** Maps a chart version (from Chart.yaml or a setting) to its layout; undefined when unknown. */
export function layoutForChartVersion(version: string): LayoutId | undefined {
  const normal = normaliseVersion(version);
  if (!normal) return undefined;
  let found: LayoutId = 'L1';
  for (const chart of CHART_VERSIONS) if (compareVersions(chart.version, normal) <= 0) found = chart.layout;
  return found;
}

function chartsOf(id: LayoutId): string[] {
  return CHART_VERSIONS.filter((c) => c.layout === id).map((c) => c.version);
}

function span(versions: readonly string[]): string {
  return versions.length === 1 ? versions[0] : `${versions[0]}–${versions[versions.length - 1]}`;
}

function contentLayout(doc: Document): { id: LayoutId; evidence: string[]; decidedBy: LayoutInfo['decidedBy'] } {
  const first = (keys: readonly (readonly string[])[]) => keys.find((k) => has(doc, k));
  const hit = (id: LayoutId, path: readonly string[]) => ({ id, evidence: [...path], decidedBy: 'content' as const });
  const l4 = first(L4_KEYS);
  if (l4) return hit('L4', l4);
  // Keys only 0.5.0 has win over a list: that list is the 0.5.0 mistake, not an L4 file.
  const l3 = first(L3_KEYS);
  if (l3) return hit('L3', l3);
  const serviceRange = nodeAt(doc, ['cluster', 'serviceClusterIPRange']);
  if (isSeq(serviceRange)) return hit('L4', ['cluster', 'serviceClusterIPRange']);
  if (isScalar(serviceRange) && serviceRange.value !== null) return hit('L3', ['cluster', 'serviceClusterIPRange']);
  if (has(doc, ['operator', 'masqOutgoing']) && has(doc, ['cluster'])) return hit('L3', ['operator', 'masqOutgoing']);
  const l2 = first(L2_KEYS);
  if (l2) return hit('L2', l2);
  // Keys that only L1/L1b have win over a list: an L1 chart prints a list as "[a b]", so the list is
  // the user's mistake (docs/design/values-layouts.md, "How the templates read list keys").
  const l1 = first(L1_KEYS);
  const edgeLabels = nodeAt(doc, ['operator', 'edgeLabels']);
  // Of the L1 charts only 0.3.0 reads operator.edgeLabels, scalar or (by mistake) a list.
  if (isScalar(edgeLabels) || (l1 && edgeLabels !== undefined)) return hit('L1b', ['operator', 'edgeLabels']);
  if (l1) return hit('L1', l1);
  for (const key of [['operator', 'connectorPublicAddresses'], ['operator', 'edgeLabels']]) {
    if (isSeq(nodeAt(doc, key))) return hit('L2', key);
  }
  if (isScalar(nodeAt(doc, ['operator', 'connectorPublicAddresses']))) return hit('L1', ['operator', 'connectorPublicAddresses']);
  if (has(doc, ['cniType']) && !has(doc, ['cluster']) && !has(doc, ['operator', 'cluster'])) return hit('L1', ['cniType']);
  for (const key of [['cluster', 'edgeLabels'], ['cluster', 'connectorLabels']]) {
    const list = nodeAt(doc, key);
    if (isSeq(list) && list.items.some((item) => isScalar(item) && String(item.value).includes('='))) return hit('L4', key);
  }
  for (const key of [['cluster', 'edgeLabels'], ['cluster', 'connectorLabels']]) {
    const list = nodeAt(doc, key);
    if (isSeq(list) && list.items.length > 0) return hit('L3', key);
  }
  return { id: 'L4', evidence: [], decidedBy: 'default' };
}

/** Keys of layouts other than `id` that the file has: the chart of `id` ignores them. */
function foreignKeys(doc: Document, id: LayoutId): LayoutInfo['mixed'] {
  const groups: [LayoutId, readonly (readonly string[])[]][] = [
    ['L4', L4_KEYS], ['L3', L3_KEYS], ['L2', L2_KEYS], ['L1', L1_KEYS],
  ];
  const mixed: LayoutInfo['mixed'] = [];
  for (const [layout, keys] of groups) {
    // L1 and L1b share their keys, so neither is foreign to the other.
    if (layout === id || (layout === 'L1' && id === 'L1b')) continue;
    for (const key of keys) if (has(doc, key)) mixed.push({ layout, path: [...key] });
  }
  const operatorKeys = ['connectorPublicAddresses', 'connectorSubnets', 'edgeLabels', 'edgePodCIDR'];
  if ((id === 'L3' || id === 'L4') && operatorKeys.some((k) => has(doc, ['operator', k]))) {
    const key = operatorKeys.find((k) => has(doc, ['operator', k])) as string;
    mixed.push({ layout: 'L1', path: ['operator', key] });
  }
  if (id === 'L4' && has(doc, ['cniType'])) mixed.push({ layout: 'L1', path: ['cniType'] });
  return mixed;
}

/** The oldest L4 chart that knows every key present. */
function minimumL4Chart(doc: Document): { chart: string; path?: string[] } {
  let best: { chart: string; path?: string[] } = { chart: '0.6.0' };
  for (const q of L4_QUALIFIERS) {
    if (compareVersions(q.chart, best.chart) > 0 && has(doc, q.path)) best = { chart: q.chart, path: [...q.path] };
  }
  return best;
}

/**
 * Detects the chart layout from the keys present (docs/design/values-layouts.md, "Detecting the
 * layout"); a known chart version wins.
 */
export function detectLayout(doc: Document, chartVersion?: string): LayoutInfo {
  const content = contentLayout(doc);
  const pinned = chartVersion ? normaliseVersion(chartVersion) : undefined;
  const fromChart = pinned ? layoutForChartVersion(pinned) : undefined;
  const id = fromChart ?? content.id;
  const versions = chartsOf(id);
  let minChart = versions[0];
  let charts = span(versions);
  let label: string = id;
  if (id === 'L4') {
    minChart = minimumL4Chart(doc).chart;
    charts = span(versions.filter((v) => compareVersions(v, minChart) >= 0));
  }
  if (id === 'L1' && !fromChart) {
    // 0.3.0 only adds edgeLabels; a file without it fits 0.3.0 as well.
    charts = span([...versions, ...chartsOf('L1b')]);
    label = 'L1/L1b';
  }
  if (pinned && fromChart) charts = pinned;
  const info: LayoutInfo = {
    id,
    label,
    charts,
    evidence: fromChart ? [`Chart.yaml version ${chartVersion}`] : content.evidence,
    decidedBy: fromChart ? 'chart-version' : content.decidedBy,
    minChart,
    effectiveChart: pinned && fromChart ? pinned : minChart,
    mixed: foreignKeys(doc, id),
  };
  if (pinned && fromChart) info.chartVersion = pinned;
  if (fromChart && content.decidedBy === 'content' && content.id !== fromChart) info.contentLayout = content.id;
  return info;
}

/** The layout that a chart version uses and whether `version` is at least `min`. */
export function chartAtLeast(layout: LayoutInfo, min: string): boolean {
  return compareVersions(layout.effectiveChart, min) >= 0;
}
