/**
 * The values model: a FabEdge values file as the rules see it, its settings normalised across the
 * chart layouts, each with the place it is written. Built by ./parse, never changed afterwards.
 */
import type { Document, Node, Pair, Scalar } from 'yaml';
import type { LineIndex, Range } from '../text';
import type { LayoutId, LayoutInfo } from './layout';

/** A FabEdge values file, parsed the way Helm reads it (YAML 1.1), with source ranges. */
export interface ValuesDocument {
  readonly file: string;
  readonly text: string;
  readonly lines: LineIndex;
  /** Every YAML document in the file; Helm reads only the first. */
  readonly documents: Document.Parsed[];
  /** The first document. */
  readonly yaml: Document.Parsed;
  readonly layout: LayoutInfo;
  /** The FabEdge settings of the first document, normalised across layouts. */
  readonly values: FabEdgeValues;
  /**
   * The chart's own `values.yaml` (beside a Chart.yaml named fabedge): the defaults every install
   * starts from, not one user's choices, so empty keys there are for the user's file to fill.
   */
  readonly chartDefaults: boolean;
}

/** One address, CIDR or label as the operator sees it, after splitting comma-separated strings. */
export interface ValueEntry {
  text: string;
  /** Absent for chart defaults, which have no place in this file. */
  range?: Range;
  offsets?: [number, number];
  node?: Scalar;
  /** The entry came from a comma-separated string (the L1/L1b shape). */
  fromString: boolean;
  /** A `"<ASK: …>"` marker written by the layout migration. */
  placeholder: boolean;
}

export interface FieldBase {
  path: readonly string[];
  /** Whether this file sets the key; otherwise the value is the chart default of the layout. */
  explicit: boolean;
  pair?: Pair;
  node?: Node;
  keyRange?: Range;
  valueRange?: Range;
}

export interface ScalarField extends FieldBase {
  /** The value as Helm reads it; for an absent key, the chart default (undefined when none). */
  value: unknown;
  /** The value as text: strings unchanged, numbers as written, null and absent as ''. */
  text: string;
  placeholder: boolean;
}

export interface ListField extends FieldBase {
  /** How the file writes it: a YAML list, a (comma-separated) string, nothing, or something else. */
  shape: 'list' | 'string' | 'empty' | 'other';
  entries: ValueEntry[];
}

export interface AgentArg {
  key: string;
  /** The agent flag the operator derives: lowercased, `_` → `-`; LOG_LEVEL becomes `v`. */
  flag: string;
  pair: Pair;
  keyRange: Range;
  value: unknown;
  node?: Node;
  valueRange?: Range;
}

export interface FabEdgeValues {
  layout: LayoutId;
  clusterName?: ScalarField;
  role?: ScalarField;
  cniType: ScalarField;
  /** connectorPublicAddresses: the addresses the edges dial (the first one only, in practice). */
  publicAddresses: ListField;
  /** The connector subnets: connectorSubnets (L1), serviceClusterIPRanges (L2), serviceClusterIPRange (L3, L4). */
  serviceCIDRs: ListField;
  clusterCIDRs?: ListField;
  edgePodCIDR: ScalarField;
  edgePodCIDR6?: ScalarField;
  edgeCIDRMaskSize?: ScalarField;
  edgeCIDRMaskSize6?: ScalarField;
  edgeLabels?: ListField;
  connectorLabels?: ListField;
  connectorNodeAddresses?: ListField;
  /** cluster.publicAddresses: the host's certificate SANs (L4). */
  certAddresses?: ListField;
  publicPort?: ScalarField;
  initToken?: ScalarField;
  operatorAPIServer?: ScalarField;
  serviceHubAPIServer?: ScalarField;
  fabDNSCreate?: ScalarField;
  connectorReplicas: ScalarField;
  keepalived?: { create: ScalarField; vip: ScalarField; interface: ScalarField; routerID: ScalarField };
  agentArgs: AgentArg[];
}
