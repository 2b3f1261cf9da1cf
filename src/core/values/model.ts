import { isMap, isScalar, isSeq, parseAllDocuments, parseDocument, Scalar, YAMLParseError, type Document, type Node, type Pair } from 'yaml';
import { excessiveNesting, MAX_YAML_DEPTH } from './depth';
import { LineIndex, type Range } from '../text';
import { chartDefault } from './defaults';
import { chartAtLeast, detectLayout, pairAt, type LayoutId, type LayoutInfo } from './layout';

/** A FabEdge values file, parsed the way Helm reads it (YAML 1.1), with source ranges. */
export interface ValuesDocument {
  file: string;
  text: string;
  lines: LineIndex;
  /** Every YAML document in the file; Helm reads only the first. */
  documents: Document.Parsed[];
  /** The first document. */
  yaml: Document.Parsed;
  layout: LayoutInfo;
  /** The FabEdge settings of the first document, normalised across layouts. */
  values: FabEdgeValues;
  /**
   * The chart's own `values.yaml` (beside a Chart.yaml named fabedge): the defaults every install
   * starts from, not one user's choices, so empty keys there are for the user's file to fill.
   */
  chartDefaults: boolean;
}

export interface ValuesParseOptions {
  /** The chart version from a sibling Chart.yaml or the `fabedge.chartVersion` setting. */
  chartVersion?: string;
  /** The file is the chart's own `values.yaml` (see ValuesDocument.chartDefaults). */
  chartDefaults?: boolean;
}

/** The YAML options that match Helm's reader (go-yaml v2 is YAML 1.1; duplicate keys do not fail). */
export const HELM_YAML_OPTIONS = { version: '1.1', uniqueKeys: false, keepSourceTokens: false, prettyErrors: false } as const;

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

interface FieldBase {
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

const PLACEHOLDER = /^<ASK\b[^>]*>$/;

function isPlaceholder(text: string): boolean {
  return PLACEHOLDER.test(text.trim());
}

export function parseValuesDocument(file: string, text: string, options: ValuesParseOptions = {}): ValuesDocument {
  const documents = parsedForDetection.get(text) ?? parseAll(text);
  parsedForDetection.delete(text);
  const yaml = documents[0];
  const lines = new LineIndex(text);
  const layout = detectLayout(yaml, options.chartVersion);
  return { file, text, lines, documents, yaml, layout, values: buildValues(yaml, text, lines, layout), chartDefaults: options.chartDefaults === true };
}

/**
 * Texts parsed while deciding whether a file is a values file, kept for parseValuesDocument: a
 * workspace scan would otherwise parse every values file twice. Bounded, oldest first out: an
 * entry nobody takes (a file that names a FabEdge key but is no values file) costs a re-parse at most.
 */
const parsedForDetection = new Map<string, Document.Parsed[]>();
const DETECTION_PARSES_KEPT = 256;

/** The YAML documents of a text as Helm reads them; parseValuesDocument takes them over. */
export function parseValuesYaml(text: string): Document.Parsed[] {
  let documents = parsedForDetection.get(text);
  if (!documents) {
    documents = parseAll(text);
    parsedForDetection.set(text, documents);
    if (parsedForDetection.size > DETECTION_PARSES_KEPT) parsedForDetection.delete(parsedForDetection.keys().next().value as string);
  }
  return documents;
}

function parseAll(text: string): Document.Parsed[] {
  const tooDeep = excessiveNesting(text);
  if (tooDeep !== undefined) {
    // Not parsed at all: an empty document carrying the one error values-syntax reports.
    const empty = parseDocument('', HELM_YAML_OPTIONS);
    empty.errors.push(new YAMLParseError([tooDeep, Math.min(tooDeep + 1, text.length)], 'RESOURCE_EXHAUSTION', `nested more than ${MAX_YAML_DEPTH} levels deep; the file is not read any further`));
    return [empty];
  }
  const docs = parseAllDocuments(text, HELM_YAML_OPTIONS);
  if (Array.isArray(docs) && docs.length > 0) return docs as Document.Parsed[];
  return [parseDocument(text, HELM_YAML_OPTIONS)];
}

// A field is its base with the kind's properties added in place: a `{ ...base }` copy took the
// slow path of object spread (two base shapes), several milliseconds of a 10,000-file scan.
function scalarField(base: FieldBase, value: unknown, text: string, placeholder: boolean): ScalarField {
  const field = base as ScalarField;
  field.value = value;
  field.text = text;
  field.placeholder = placeholder;
  return field;
}

function listField(base: FieldBase, shape: ListField['shape'], entries: ValueEntry[]): ListField {
  const field = base as ListField;
  field.shape = shape;
  field.entries = entries;
  return field;
}

/** Text of a scalar as Helm would render it into a flag. */
export function scalarText(node: Scalar, text: string): string {
  const value = node.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && node.range && node.type === Scalar.PLAIN) return text.slice(node.range[0], node.range[1]).trim();
  return String(value);
}

function nodeRange(lines: LineIndex, node: Node | null | undefined): Range | undefined {
  const r = node?.range;
  return r ? lines.rangeOf(r[0], r[1]) : undefined;
}

/**
 * Where the characters of a scalar's value start in the source, when the value is written as it
 * reads (plain or quoted without escapes on one line); otherwise undefined.
 */
export function valueStart(node: Scalar, text: string): number | undefined {
  if (!node.range || typeof node.value !== 'string') return undefined;
  const raw = text.slice(node.range[0], node.range[1]);
  if (node.type === Scalar.PLAIN && raw === node.value) return node.range[0];
  if ((node.type === Scalar.QUOTE_SINGLE || node.type === Scalar.QUOTE_DOUBLE) && raw.slice(1, -1) === node.value) return node.range[0] + 1;
  return undefined;
}

/** Splits a comma-separated scalar as pflag's StringSlice does, keeping each entry's place. */
export function splitEntries(node: Scalar, text: string, lines: LineIndex): ValueEntry[] {
  const value = scalarText(node, text);
  if (value === '') return [];
  const start = valueStart(node, text);
  const entries: ValueEntry[] = [];
  let offset = 0;
  for (const part of value.split(',')) {
    const offsets: [number, number] | undefined =
      start !== undefined ? [start + offset, start + offset + part.length] : node.range ? [node.range[0], node.range[1]] : undefined;
    entries.push({
      text: part,
      node,
      fromString: true,
      placeholder: isPlaceholder(part),
      ...(offsets ? { offsets, range: lines.rangeOf(offsets[0], offsets[1]) } : {}),
    });
    offset += part.length + 1;
  }
  return entries;
}

class Reader {
  constructor(
    readonly doc: Document,
    readonly text: string,
    readonly lines: LineIndex,
    readonly layout: LayoutInfo,
  ) {}

  private base(path: readonly string[]): FieldBase {
    const pair = pairAt(this.doc, path);
    if (!pair) return { path, explicit: false };
    const node = (pair.value ?? undefined) as Node | undefined;
    return {
      path,
      explicit: true,
      pair,
      node,
      keyRange: nodeRange(this.lines, pair.key as Node),
      valueRange: nodeRange(this.lines, node),
    };
  }

  private fallback(path: readonly string[]): unknown {
    return chartDefault(this.layout.id, this.layout.effectiveChart, path);
  }

  scalar(path: readonly string[]): ScalarField {
    const base = this.base(path);
    if (!base.explicit) {
      const value = this.fallback(path);
      return scalarField(base, value, value === undefined || value === null ? '' : String(value), false);
    }
    const node = base.node;
    if (node === undefined || (isScalar(node) && node.value === null)) return scalarField(base, null, '', false);
    if (!isScalar(node)) return scalarField(base, plainValue(node), '', false);
    const text = scalarText(node, this.text);
    return scalarField(base, node.value, text, isPlaceholder(text));
  }

  list(path: readonly string[]): ListField {
    const base = this.base(path);
    if (!base.explicit) {
      const value = this.fallback(path);
      const items = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? (value === '' ? [] : value.split(',')) : [];
      const entries = items.map((t) => ({ text: t, fromString: typeof value === 'string', placeholder: false }));
      return listField(base, Array.isArray(value) ? 'list' : value === undefined ? 'empty' : 'string', entries);
    }
    const node = base.node;
    if (node === undefined || (isScalar(node) && (node.value === null || node.value === ''))) return listField(base, 'empty', []);
    if (isScalar(node)) return listField(base, 'string', splitEntries(node, this.text, this.lines));
    if (!isSeq(node)) return listField(base, 'other', []);
    const entries: ValueEntry[] = [];
    for (const item of node.items) {
      if (!isScalar(item)) continue;
      const text = scalarText(item, this.text);
      const range = nodeRange(this.lines, item);
      entries.push({
        text,
        node: item,
        fromString: false,
        placeholder: isPlaceholder(text),
        ...(range && item.range ? { range, offsets: [item.range[0], item.range[1]] as [number, number] } : {}),
      });
    }
    return listField(base, 'list', entries);
  }

  agentArgs(): AgentArg[] {
    const args = pairAt(this.doc, ['agent', 'args'])?.value;
    if (!isMap(args)) return [];
    const out: AgentArg[] = [];
    for (const pair of args.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const node = (pair.value ?? undefined) as Node | undefined;
      const lower = key.toLowerCase();
      out.push({
        key,
        flag: lower === 'log_level' ? 'v' : lower.replace(/_/g, '-'),
        pair: pair as Pair,
        keyRange: nodeRange(this.lines, pair.key) ?? this.lines.rangeOf(0, 0),
        value: node === undefined ? null : isScalar(node) ? node.value : plainValue(node),
        ...(node ? { node } : {}),
        ...(node?.range ? { valueRange: nodeRange(this.lines, node) } : {}),
      });
    }
    return out;
  }
}

/**
 * A collection's value as plain data, for messages and type checks. The YAML 1.1 merge key makes
 * this throw on a malformed merge (`<<: 'x'`); such a value is simply unknown here, and
 * values-syntax or values-schema reports the text.
 */
function plainValue(node: Node): unknown {
  try {
    return node.toJSON();
  } catch {
    return undefined;
  }
}

function buildValues(doc: Document, text: string, lines: LineIndex, layout: LayoutInfo): FabEdgeValues {
  const r = new Reader(doc, text, lines, layout);
  const id = layout.id;
  const op = (k: string) => ['operator', k];
  const cl = (k: string) => ['cluster', k];
  switch (id) {
    case 'L1':
    case 'L1b':
      return {
        layout: id,
        cniType: r.scalar(['cniType']),
        publicAddresses: r.list(op('connectorPublicAddresses')),
        serviceCIDRs: r.list(op('connectorSubnets')),
        edgePodCIDR: r.scalar(op('edgePodCIDR')),
        edgeLabels: r.list(op('edgeLabels')),
        connectorReplicas: r.scalar(['connector', 'replicaCount']),
        agentArgs: [],
      };
    case 'L2':
      return {
        layout: id,
        clusterName: r.scalar(['operator', 'cluster', 'name']),
        role: r.scalar(['operator', 'cluster', 'role']),
        cniType: r.scalar(['cniType']),
        publicAddresses: r.list(op('connectorPublicAddresses')),
        serviceCIDRs: r.list(op('serviceClusterIPRanges')),
        edgePodCIDR: r.scalar(op('edgePodCIDR')),
        edgeLabels: r.list(op('edgeLabels')),
        initToken: r.scalar(op('initToken')),
        operatorAPIServer: r.scalar(op('hostOperatorAPIServer')),
        connectorReplicas: r.scalar(['connector', 'replicas']),
        agentArgs: [],
      };
    case 'L3':
      return {
        layout: id,
        clusterName: r.scalar(cl('name')),
        role: r.scalar(cl('role')),
        cniType: r.scalar(['cniType']),
        publicAddresses: r.list(cl('connectorPublicAddresses')),
        serviceCIDRs: r.list(cl('serviceClusterIPRange')),
        edgePodCIDR: r.scalar(cl('cidr')),
        edgeLabels: r.list(cl('edgeLabels')),
        connectorLabels: r.list(cl('connectorLabels')),
        initToken: r.scalar(cl('initToken')),
        operatorAPIServer: r.scalar(cl('hostOperatorAPIServer')),
        serviceHubAPIServer: r.scalar(cl('serverServiceHubAPIServer')),
        connectorReplicas: r.scalar(['connector', 'replicas']),
        agentArgs: [],
      };
    case 'L4':
      return {
        layout: id,
        clusterName: r.scalar(cl('name')),
        role: r.scalar(cl('role')),
        cniType: r.scalar(cl('cniType')),
        publicAddresses: r.list(cl('connectorPublicAddresses')),
        serviceCIDRs: r.list(cl('serviceClusterIPRange')),
        clusterCIDRs: r.list(cl('clusterCIDR')),
        edgePodCIDR: r.scalar(cl('edgePodCIDR')),
        edgePodCIDR6: r.scalar(cl('edgePodCIDR6')),
        edgeCIDRMaskSize: r.scalar(cl('edgeCIDRMaskSize')),
        edgeCIDRMaskSize6: r.scalar(cl('edgeCIDRMaskSize6')),
        edgeLabels: r.list(cl('edgeLabels')),
        connectorLabels: r.list(cl('connectorLabels')),
        connectorNodeAddresses: r.list(cl('connectorNodeAddresses')),
        certAddresses: r.list(cl('publicAddresses')),
        publicPort: r.scalar(cl('connectorPublicPort')),
        initToken: r.scalar(cl('initToken')),
        operatorAPIServer: r.scalar(cl('operatorAPIServer')),
        serviceHubAPIServer: r.scalar(cl('serviceHubAPIServer')),
        fabDNSCreate: r.scalar(['fabDNS', 'create']),
        connectorReplicas: r.scalar(['connector', 'replicas']),
        keepalived: {
          create: r.scalar(['keepalived', 'create']),
          vip: r.scalar(['keepalived', 'vip']),
          interface: r.scalar(['keepalived', 'interface']),
          routerID: r.scalar(['keepalived', 'routerID']),
        },
        agentArgs: r.agentArgs(),
      };
  }
}

// ---- Questions the cross-file rules ask -------------------------------------------------------

/** The address the edges dial: strongSwan uses only the first remote address (proxy-checks.md §0). */
export function firstPublicAddress(doc: ValuesDocument): ValueEntry | undefined {
  return doc.values.publicAddresses.entries[0];
}

/** Reads an int the way Helm's `int` does for the values FabEdge templates: numbers and numeric strings. */
export function toInt(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number(value.trim());
  return undefined;
}

export interface PublicPort {
  /** The port the edges dial; undefined when the file's value is no valid port. */
  port: number | undefined;
  /** Whether the file sets it (and the chart reads it: L4 ≥ 0.8.0). */
  explicit: boolean;
  range?: Range;
}

/** `cluster.connectorPublicPort` where the chart reads it (L4 ≥ 0.8.0), else IKE's 500. */
export function publicPort(doc: ValuesDocument): PublicPort {
  const field = doc.values.publicPort;
  if (!field?.explicit || !chartAtLeast(doc.layout, '0.8.0')) return { port: 500, explicit: false };
  const port = toInt(field.value);
  return { port: port !== undefined && port >= 1 && port <= 65535 ? port : undefined, explicit: true, range: field.valueRange ?? field.keyRange };
}

export function connectorNodeAddresses(doc: ValuesDocument): ValueEntry[] {
  return doc.values.connectorNodeAddresses?.entries ?? [];
}

export interface KeepalivedVip {
  /** The VIP without its `/prefix`. */
  address: string;
  entry: ScalarField;
}

/** The keepalived VIP when the 1.0.0 chart renders keepalived: `create` and more than one connector. */
export function keepalivedVip(doc: ValuesDocument): KeepalivedVip | undefined {
  const k = doc.values.keepalived;
  if (!k || !chartAtLeast(doc.layout, '1.0.0')) return undefined;
  const replicas = toInt(doc.values.connectorReplicas.value) ?? 1;
  if (!isTrue(k.create.value) || replicas <= 1 || k.vip.text === '') return undefined;
  return { address: vipAddress(k.vip.text), entry: k.vip };
}

/**
 * A keepalived VIP as the chart pastes it into `virtual_ipaddress`: `IP[/prefix]` (keepalived
 * takes a bare IP as a /32), then options such as `dev eth0`.
 */
const KEEPALIVED_VIP = /^([^\s/]+(?:\/\d{1,3})?)((?:\s+(?:(?:brd|dev|scope|label)\s+\S+|no_track))*)$/;

/** The address and prefix of a VIP written as keepalived reads it; undefined for anything else. */
export function vipHead(vip: string): string | undefined {
  return KEEPALIVED_VIP.exec(vip.trim())?.[1];
}

/** The address of a VIP without its `/prefix` and options; a VIP keepalived cannot read stays whole. */
function vipAddress(vip: string): string {
  return (vipHead(vip) ?? vip).split('/')[0].trim();
}

/** Helm's truthiness for a bool-typed value. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}
