/**
 * The "migrate to the current layout" fix: moves an older chart's keys to where the current chart
 * reads them. It works on the text, not by re-serialising the YAML tree: the `yaml` printer would
 * re-indent lists and move comments, and a migration that rewrites every line of a user's file is
 * not reviewable.
 *
 * Where the old file cannot decide (the new required cluster name, pod vs service CIDRs, the CNI
 * of a chart that detected it), the fix writes a `"<ASK: …>"` placeholder; the rules that check
 * those keys report the placeholders, so the problems view lists what is left to decide.
 */
import { isMap, isScalar, isSeq, Scalar, type Node, type Pair, type YAMLMap } from 'yaml';
import type { FileEdit } from '../findings';
import { edit, indentUnit, quoted, sequenceIndent, yamlString } from './textEdits';
import { pairAt } from './layout';
import { scalarText, splitEntries } from './layoutFields';
import type { ValuesDocument } from './model';

const ASK_CLUSTER_NAME = '"<ASK: a name for this cluster>"';
const ASK_CNI = '"<ASK: flannel or calico>"';
const ASK_POD_CIDR = '"<ASK: pod CIDR of this cluster>"';
const askServiceOrPod = (cidr: string) => `"<ASK: service or pod CIDR? ${cidr.replace(/[">]/g, '')}>"`;

interface Line {
  /** Text without indentation; comments keep their `#`. */
  text: string;
  /** Extra indentation below the key, in steps of the file's unit. */
  depth: number;
}

class Migration {
  readonly deleted = new Set<number>();
  readonly inserts = new Map<number, string[]>();
  readonly inline: FileEdit[] = [];
  readonly unit: number;
  readonly seq: number;

  constructor(readonly doc: ValuesDocument) {
    this.unit = indentUnit(doc);
    this.seq = sequenceIndent(doc);
  }

  line(offset: number): number {
    return this.doc.lines.positionAt(offset).line;
  }

  lineText(n: number): string {
    return this.doc.lines.lineText(n);
  }

  /** Comment lines directly above a key at its indentation: they describe it and move with it. */
  leadComments(pair: Pair): number[] {
    const key = pair.key as Node;
    const keyLine = this.line(key.range?.[0] ?? 0);
    const column = this.doc.lines.positionAt(key.range?.[0] ?? 0).character;
    const lines: number[] = [];
    for (let n = keyLine - 1; n >= 0; n--) {
      const text = this.lineText(n);
      if (!/^\s*#/.test(text) || text.length - text.trimStart().length !== column) break;
      lines.unshift(n);
    }
    return lines;
  }

  lastLine(pair: Pair): number {
    const key = pair.key as Node;
    const value = pair.value as Node | null;
    let end = value?.range ? value.range[1] : (key.range?.[1] ?? 0);
    while (end > 0 && /\s/.test(this.doc.text[end - 1])) end--;
    return this.line(Math.max(0, end - 1));
  }

  /** The comment after a scalar value on its own line, if any. */
  trailingComment(node: Node | null | undefined): string | undefined {
    if (!node?.range) return undefined;
    const lineEnd = this.doc.text.indexOf('\n', node.range[1]);
    const rest = this.doc.text.slice(node.range[1], lineEnd < 0 ? undefined : lineEnd);
    const m = /^\s*(#.*)$/.exec(rest);
    return m ? m[1].trimEnd() : undefined;
  }

  comments(pair: Pair): Line[] {
    return this.leadComments(pair).map((n) => ({ text: this.lineText(n).trim(), depth: 0 }));
  }

  deletePair(pair: Pair, withComments = true): void {
    const key = pair.key as Node;
    const first = withComments ? (this.leadComments(pair)[0] ?? this.line(key.range?.[0] ?? 0)) : this.line(key.range?.[0] ?? 0);
    for (let n = first; n <= this.lastLine(pair); n++) this.deleted.add(n);
  }

  isDeleted(pair: Pair): boolean {
    const key = pair.key as Node;
    return this.deleted.has(this.line(key.range?.[0] ?? 0));
  }

  insertBefore(line: number, lines: string[]): void {
    this.inserts.set(line, [...(this.inserts.get(line) ?? []), ...lines]);
  }

  renameKey(pair: Pair, name: string): void {
    const key = pair.key as Node;
    if (key.range) this.inline.push(edit(this.doc, key.range[0], key.range[1], name));
  }

  /** Deletes maps whose every pair is gone, bottom-up, so no `operator:` is left holding null (Helm would drop the chart's defaults). */
  collapse(map: YAMLMap, parent?: Pair): void {
    for (const pair of map.items) if (isMap(pair.value) && !this.isDeleted(pair as Pair)) this.collapse(pair.value, pair as Pair);
    if (parent && map.items.length > 0 && map.items.every((p) => this.isDeleted(p as Pair))) {
      // Comments that open the file describe the file, not the block that happened to come first.
      this.deletePair(parent, this.leadComments(parent)[0] !== 0);
    }
  }

  render(lines: Line[], indent: number): string[] {
    return lines.map((l) => `${' '.repeat(indent + l.depth * this.unit)}${l.text}`);
  }

  /** Blank lines that only became neighbours because the lines between them went: keep one. */
  private squeezeBlanks(): void {
    let previousBlank = false;
    let gap = false;
    for (let n = 0; n < this.doc.lines.lineCount; n++) {
      if (this.deleted.has(n)) {
        gap = true;
        continue;
      }
      const blank = this.lineText(n).trim() === '' && !this.inserts.has(n);
      if (blank && previousBlank && gap) this.deleted.add(n);
      else previousBlank = blank;
      gap = false;
    }
  }

  edits(): FileEdit[] {
    this.squeezeBlanks();
    const out: FileEdit[] = [...this.inline];
    const lineCount = this.doc.lines.lineCount;
    const eol = this.doc.text.includes('\r\n') ? '\r\n' : '\n';
    const startOf = (n: number) => (n >= lineCount ? this.doc.text.length : this.doc.lines.lineStart(n));
    const points = new Set<number>([...this.deleted, ...this.inserts.keys()]);
    const sorted = [...points].sort((a, b) => a - b);
    const done = new Set<number>();
    for (const n of sorted) {
      if (done.has(n)) continue;
      let end = n;
      while (this.deleted.has(end)) done.add(end++);
      // An insertion inside a deleted run (a block that collapsed) still belongs at the run's place.
      const inserted: string[] = [];
      for (let k = n; k < Math.max(end, n + 1); k++) inserted.push(...(this.inserts.get(k) ?? []));
      let text = inserted.map((l) => l + eol).join('');
      let from = startOf(n);
      if (n >= lineCount && !this.doc.text.endsWith('\n') && this.doc.text.length > 0) {
        text = eol + text.slice(0, -eol.length);
        from = this.doc.text.length;
      }
      out.push(edit(this.doc, from, end > n ? startOf(end) : from, text));
    }
    return out;
  }
}

function scalarSource(doc: ValuesDocument, node: Node | null | undefined): string {
  if (!node?.range) return '""';
  return doc.text.slice(node.range[0], node.range[1]);
}

/** A value that must be a string in L4 (tokens were YAML ints in the old defaults). */
function asString(doc: ValuesDocument, node: Node | null | undefined): string {
  if (isScalar(node) && typeof node.value === 'string') return scalarSource(doc, node);
  return isScalar(node) ? quoted(scalarText(node, doc.text)) : '""';
}

function asBoolString(node: Node | null | undefined): string {
  const value = isScalar(node) ? node.value : undefined;
  return quoted(value === true || value === 'true' ? 'true' : 'false');
}

function withEquals(label: string): string {
  return label.includes('=') ? label : `${label}=`;
}

/** Items of a list-or-string value: [item text, trailing comment]. */
function items(m: Migration, node: Node | null | undefined, map: (text: string) => string = yamlString): [string, string | undefined][] {
  const doc = m.doc;
  if (isSeq(node)) {
    return node.items.filter(isScalar).map((item) => [map(scalarText(item as Scalar, doc.text).trim()), m.trailingComment(item as Node)]);
  }
  if (isScalar(node)) {
    const parts = splitEntries(node, doc.text, doc.lines).map((e) => e.text.trim()).filter((t) => t !== '');
    const comment = m.trailingComment(node);
    return parts.map((p, i) => [map(p), i === parts.length - 1 ? comment : undefined]);
  }
  return [];
}

function listLines(m: Migration, key: string, list: [string, string | undefined][], lead: Line[] = []): Line[] {
  const pad = ' '.repeat(m.seq);
  return [
    ...lead,
    { text: `${key}:`, depth: 0 },
    ...list.map(([text, comment]) => ({ text: `${pad}- ${text}${comment ? `  ${comment}` : ''}`, depth: 0 })),
  ];
}

function scalarLine(m: Migration, key: string, value: string, pair?: Pair): Line[] {
  const comment = pair ? m.trailingComment(pair.value as Node) : undefined;
  return [...(pair ? m.comments(pair) : []), { text: `${key}: ${value}${comment ? `  ${comment}` : ''}`, depth: 0 }];
}

/** agent.args from the old booleans, placed in the file's `agent:` block when it has one. */
function addAgentArgs(m: Migration, args: Line[]): void {
  if (args.length === 0 || pairAt(m.doc.yaml, ['agent', 'args'])) return;
  const agent = pairAt(m.doc.yaml, ['agent']);
  const body: Line[] = [{ text: 'args:', depth: 0 }, ...args.map((l) => ({ ...l, depth: l.depth + 1 }))];
  if (agent && isMap(agent.value) && agent.value.items.length > 0) {
    const last = agent.value.items[agent.value.items.length - 1] as Pair;
    const column = m.doc.lines.positionAt((last.key as Node).range?.[0] ?? 0).character;
    m.insertBefore(m.lastLine(last) + 1, m.render(body, column));
    return;
  }
  if (agent) m.deletePair(agent, false);
  const at = agent ? m.line((agent.key as Node).range?.[0] ?? 0) : m.doc.lines.lineCount;
  m.insertBefore(at, ['agent:', ...m.render(body, m.unit)]);
}

function commonDrops(m: Migration): void {
  for (const path of [['operator', 'affinity'], ['connector', 'affinity'], ['cloudAgent', 'affinity'], ['serviceHub', 'mode']]) {
    const pair = pairAt(m.doc.yaml, path);
    if (pair) m.deletePair(pair);
  }
  // The old charts pinned strongSwan 5.9.1; without the override the chart's own (5.9.9 from 0.8.0) applies.
  const tag = pairAt(m.doc.yaml, ['strongswan', 'image', 'tag']);
  if (tag && isScalar(tag.value) && String(tag.value.value) === '5.9.1') m.deletePair(tag);
  for (const path of [['operator', 'replicaCount'], ['connector', 'replicaCount']]) {
    const pair = pairAt(m.doc.yaml, path);
    if (pair) m.renameKey(pair, 'replicas');
  }
}

function booleansToArgs(m: Migration): Line[] {
  const args: Line[] = [];
  for (const [from, to] of [['masqOutgoing', 'MASQ_OUTGOING'], ['enableProxy', 'ENABLE_PROXY']]) {
    const pair = pairAt(m.doc.yaml, ['operator', from]);
    if (!pair) continue;
    args.push(...m.comments(pair), { text: `${to}: ${asBoolString(pair.value as Node)}`, depth: 0 });
    m.deletePair(pair);
  }
  return args;
}

function topLevelCni(m: Migration): { value: string; pair?: Pair } {
  const pair = pairAt(m.doc.yaml, ['cniType']);
  if (!pair || !isScalar(pair.value) || scalarText(pair.value, m.doc.text).trim() === '') return { value: ASK_CNI };
  m.deletePair(pair);
  return { value: yamlString(scalarText(pair.value, m.doc.text).trim().toLowerCase()), pair };
}

/** L1, L1b and L2: everything moves from `operator:` into a new `cluster:` block. */
function migrateOperatorLayout(m: Migration): void {
  const doc = m.doc;
  const op = (k: string) => pairAt(doc.yaml, ['operator', k]);
  const lines: Line[] = [];
  const name = pairAt(doc.yaml, ['operator', 'cluster', 'name']);
  const role = pairAt(doc.yaml, ['operator', 'cluster', 'role']);
  lines.push(...scalarLine(m, 'name', name ? scalarSource(doc, name.value as Node) : ASK_CLUSTER_NAME, name));
  // An old single-cluster install is what the current chart calls a host cluster.
  lines.push(...scalarLine(m, 'role', role ? scalarSource(doc, role.value as Node) : 'host', role));
  const cni = topLevelCni(m);
  lines.push(...scalarLine(m, 'cniType', cni.value, cni.pair));
  const edge = op('edgePodCIDR');
  if (edge) {
    // L4 renders the edge pod CIDR for calico only, so a flannel file drops it.
    if (cni.value !== 'flannel') lines.push(...scalarLine(m, 'edgePodCIDR', scalarSource(doc, edge.value as Node), edge));
    m.deletePair(edge);
  }
  const addresses = op('connectorPublicAddresses');
  if (addresses) {
    lines.push(...listLines(m, 'connectorPublicAddresses', items(m, addresses.value as Node), m.comments(addresses)));
    m.deletePair(addresses);
  }
  const subnets = op('connectorSubnets');
  const ranges = op('serviceClusterIPRanges');
  if (subnets) {
    // connectorSubnets often held pod and service CIDRs together; only the user knows which is which.
    lines.push(...listLines(m, 'serviceClusterIPRange', items(m, subnets.value as Node, askServiceOrPod), m.comments(subnets)));
    m.deletePair(subnets);
  } else if (ranges) {
    lines.push(...listLines(m, 'serviceClusterIPRange', items(m, ranges.value as Node), m.comments(ranges)));
    m.deletePair(ranges);
  }
  lines.push(...listLines(m, 'clusterCIDR', [[ASK_POD_CIDR, undefined]]));
  const api = op('hostOperatorAPIServer');
  if (api) {
    lines.push(...scalarLine(m, 'operatorAPIServer', scalarSource(doc, api.value as Node), api));
    m.deletePair(api);
  }
  const token = op('initToken');
  if (token) {
    lines.push(...scalarLine(m, 'initToken', asString(doc, token.value as Node), token));
    m.deletePair(token);
  }
  const labels = op('edgeLabels');
  if (labels) {
    lines.push(...listLines(m, 'edgeLabels', items(m, labels.value as Node, (t) => yamlString(withEquals(t))), m.comments(labels)));
    m.deletePair(labels);
  }
  const cluster = op('cluster');
  if (cluster) m.deletePair(cluster);
  const apiServer = op('operatorAPIServer');
  if (apiServer) {
    // L2's listen address is hard-coded from L3 on; only the NodePort survives, as operator.service.nodePort.
    const nodePort = pairAt(doc.yaml, ['operator', 'operatorAPIServer', 'nodePort']);
    const column = doc.lines.positionAt((apiServer.key as Node).range?.[0] ?? 0).character;
    m.deletePair(apiServer, false);
    if (nodePort) m.insertBefore(m.line((apiServer.key as Node).range?.[0] ?? 0), m.render([{ text: 'service:', depth: 0 }, { text: `nodePort: ${scalarSource(doc, nodePort.value as Node)}`, depth: 1 }], column));
  }
  addAgentArgs(m, booleansToArgs(m));
  commonDrops(m);

  // The new block goes first, as in the chart's own values, below any header comment of the file.
  const first = (doc.yaml.contents as YAMLMap).items[0] as Pair;
  const lead = m.leadComments(first);
  const at = lead.length > 0 && lead[0] === 0 ? m.line((first.key as Node).range?.[0] ?? 0) : (lead[0] ?? m.line((first.key as Node).range?.[0] ?? 0));
  const spacer = /\n\s*\n/.test(doc.text) ? [''] : [];
  m.insertBefore(at, ['cluster:', ...m.render(lines, m.unit), ...spacer]);
}

/** L3: the `cluster:` block exists; rename, reshape and add what L4 needs, in place. */
function migrateClusterV1(m: Migration): void {
  const doc = m.doc;
  const cl = (k: string) => pairAt(doc.yaml, ['cluster', k]);
  const rename = (from: string, to: string) => {
    const pair = cl(from);
    if (pair) m.renameKey(pair, to);
  };
  rename('cidr', 'edgePodCIDR');
  rename('hostOperatorAPIServer', 'operatorAPIServer');
  rename('serverServiceHubAPIServer', 'serviceHubAPIServer');
  const keyColumn = (pair: Pair) => doc.lines.positionAt((pair.key as Node).range?.[0] ?? 0).character;
  const toList = (pair: Pair, map: (t: string) => string) => {
    const node = pair.value as Node;
    if (!isScalar(node) || !node.range) return;
    const colon = doc.text.indexOf(':', (pair.key as Node).range?.[1] ?? 0) + 1;
    const pad = ' '.repeat(keyColumn(pair) + m.seq);
    const list = items(m, node, map).map(([t]) => `\n${pad}- ${t}`).join('');
    m.inline.push(edit(doc, colon, node.range[1], list));
  };
  const range = cl('serviceClusterIPRange');
  if (range && isScalar(range.value)) toList(range, yamlString);
  const token = cl('initToken');
  if (token && isScalar(token.value) && typeof token.value.value !== 'string' && token.value.range) {
    m.inline.push(edit(doc, token.value.range[0], token.value.range[1], asString(doc, token.value)));
  }
  for (const key of ['edgeLabels', 'connectorLabels']) {
    const pair = cl(key);
    if (!pair) continue;
    if (isScalar(pair.value)) toList(pair, (t) => yamlString(withEquals(t)));
    else if (isSeq(pair.value)) {
      for (const item of pair.value.items) {
        if (!isScalar(item) || !item.range || String(item.value).includes('=')) continue;
        m.inline.push(edit(doc, item.range[0], item.range[1], yamlString(withEquals(scalarText(item, doc.text).trim()))));
      }
    }
  }
  const added: Line[] = [];
  const cni = topLevelCni(m);
  if (!cl('cniType')) added.push(...scalarLine(m, 'cniType', cni.value, cni.pair));
  if (!cl('clusterCIDR')) added.push(...listLines(m, 'clusterCIDR', [[ASK_POD_CIDR, undefined]]));
  const cluster = pairAt(doc.yaml, ['cluster']);
  if (cluster && isMap(cluster.value) && cluster.value.items.length > 0 && added.length > 0) {
    const last = cluster.value.items[cluster.value.items.length - 1] as Pair;
    m.insertBefore(m.lastLine(last) + 1, m.render(added, keyColumn(last)));
  }
  addAgentArgs(m, booleansToArgs(m));
  commonDrops(m);
}

/**
 * Text edits that turn an L1, L1b, L2 or L3 file into the 1.0.0 layout; undefined when the file
 * mixes layouts in a way the fix would have to guess about.
 */
export function migrationEdits(doc: ValuesDocument): FileEdit[] | undefined {
  if (!canMigrate(doc)) return undefined;
  const m = new Migration(doc);
  if (doc.layout.id === 'L3') migrateClusterV1(m);
  else migrateOperatorLayout(m);
  m.collapse(doc.yaml.contents as YAMLMap);
  return m.edits();
}

/** Whether migrationEdits has edits for the file, without working them out. */
export function canMigrate(doc: ValuesDocument): boolean {
  if (doc.yaml.errors.length > 0 || !isMap(doc.yaml.contents) || doc.yaml.contents.items.length === 0) return false;
  const id = doc.layout.id;
  if (id === 'L1' || id === 'L1b' || id === 'L2') return !pairAt(doc.yaml, ['cluster']);
  if (id === 'L3') return isMap(pairAt(doc.yaml, ['cluster'])?.value);
  return false;
}
