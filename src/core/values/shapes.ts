import type { LayoutId } from './layout';

/**
 * How the chart templates of a layout read a key that holds several items, and so which YAML
 * shapes render correctly (docs/design/values-layouts.md, "How the templates read list keys"):
 * - `plain`: pasted with `{{ .Values.x }}`: only a comma-separated string works, a list prints as "[a b]";
 * - `join`: `{{ join "," .Values.x }}`: sprig's join takes a list or wraps a single string, so both work;
 * - `range`: iterated with `range` (node affinity): only a list works, a string fails to render.
 */
export type ListRendering = 'plain' | 'join' | 'range';

/** Charts 0.0.1–0.3.0 paste every operator flag's value as it is. */
const OPERATOR_STRINGS: Readonly<Record<string, ListRendering>> = {
  'operator.connectorPublicAddresses': 'plain',
  'operator.connectorSubnets': 'plain',
  'operator.edgeLabels': 'plain',
};

const RENDERINGS: Record<LayoutId, Readonly<Record<string, ListRendering>>> = {
  L1: OPERATOR_STRINGS,
  L1b: OPERATOR_STRINGS,
  L2: {
    'operator.connectorPublicAddresses': 'join',
    'operator.serviceClusterIPRanges': 'join',
    'operator.edgeLabels': 'join',
  },
  L3: {
    'cluster.connectorPublicAddresses': 'join',
    'cluster.serviceClusterIPRange': 'plain',
    'cluster.edgeLabels': 'range',
    'cluster.connectorLabels': 'range',
  },
  L4: {
    'cluster.clusterCIDR': 'join',
    'cluster.serviceClusterIPRange': 'join',
    'cluster.connectorPublicAddresses': 'join',
    'cluster.connectorNodeAddresses': 'join',
    'cluster.publicAddresses': 'join',
    // Joined into --edge-labels too, but the cloud-agent's affinity ranges over it.
    'cluster.edgeLabels': 'range',
    'cluster.connectorLabels': 'range',
  },
};

/** How the layout's templates read the key at `path`; undefined for a key that is not a list of items. */
export function listRendering(layout: LayoutId, path: readonly (string | number)[]): ListRendering | undefined {
  return RENDERINGS[layout][path.join('.')];
}

/** The keys of a layout that hold several items, with how the templates read each. */
export function listRenderings(layout: LayoutId): readonly [string, ListRendering][] {
  return Object.entries(RENDERINGS[layout]);
}
