/**
 * Where each chart layout keeps each FabEdge setting: reads them out of a values file's first YAML
 * document into fields that keep the place they are written, with the chart's default for a key
 * the file leaves out.
 */
import { isMap, isScalar, isSeq, Scalar, type Document, type Node, type Pair } from 'yaml';
import type { LineIndex, Range } from '../text';
import { chartDefault } from './defaults';
import { pairAt, type LayoutInfo } from './layout';
import type { AgentArg, FabEdgeValues, FieldBase, ListField, ScalarField, ValueEntry } from './model';

const PLACEHOLDER = /^<ASK\b[^>]*>$/;

function isPlaceholder(text: string): boolean {
  return PLACEHOLDER.test(text.trim());
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

/** The FabEdge settings of a document, read where its layout keeps them. */
export function readFabEdgeValues(doc: Document, text: string, lines: LineIndex, layout: LayoutInfo): FabEdgeValues {
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
