/**
 * "Generate the nginx proxy for this values file": the `stream {}` servers and upstreams that
 * put nginx in front of the connector the values file describes, one server for each port the
 * edges send to:
 *
 * - public port 500: two servers, 500 → connector:500 and 4500 → connector:4500 (edges float
 *   from 500 to 4500, and the connector tells marker from no-marker by the port);
 * - public port P ≠ 500: one server, P → connector:4500 (every packet carries the marker, so it
 *   must land on the connector's NAT-T socket).
 *
 * The connector is the keepalived VIP when the chart renders one, else connectorNodeAddresses.
 * Several connectors get `hash $remote_addr;` in every group with the same servers in the same
 * order, so an edge's 500 and 4500 sessions reach the same charon. Listens carry `udp` and
 * `reuseport` (nginx keeps a UDP session in the worker that received its first datagram;
 * reuseport has the kernel hand all of a client's datagrams to one worker), on the dial address
 * when it is an IP.
 */
import type { FileEdit } from '../findings';
import { isIPv4, normalizeIPv6 } from '../ip';
import type { NginxNode } from '../nginx/model';
import type { NginxConfigTree } from '../nginx/tree';
import { IKE_PORT, NAT_T_PORT } from '../nginx/stream';
import { indentAt, insertAt } from '../nginx/textEdits';
import { dirname, joinPath } from '../paths';
import type { Position } from '../text';
import { connectorNodeAddresses, firstPublicAddress, keepalivedVip, publicPort } from '../values/connector';
import type { ValuesDocument } from '../values/model';
import type { WorkspaceModel } from './workspaceModel';

/** The file a new proxy goes to, beside the values file, when the workspace has no `stream {}`. */
export const GENERATED_FILE_NAME = 'fabedge-connector.stream.conf';

/** One generated `server {}`: what it listens on and which group it forwards to. */
export interface PlannedServer {
  listenPort: number;
  upstream: string;
  targetPort: number;
}

export interface ProxyPlan {
  /** Connector addresses in the values file's order (one entry: the VIP when `viaVip`). */
  connectors: string[];
  viaVip: boolean;
  publicPort: number;
  /** The dial address when it is an IP literal (normalised); undefined: listen on the wildcard. */
  listenHost: string | undefined;
  servers: PlannedServer[];
}

export type ProxyGeneration =
  /** Insert into the `stream {}` the workspace already has. */
  | { kind: 'edits'; file: string; edits: FileEdit[] }
  /** A new file beside the values file (no `stream {}` in the workspace). */
  | { kind: 'new-file'; path: string; text: string }
  /**
   * No connector address is known (the layouts before 0.6.0 have none, or the list is empty):
   * a VS Code snippet with tab stops for the connector address, to insert at `target`.
   */
  | { kind: 'snippet'; snippet: string; target: { kind: 'stream'; file: string; position: Position } | { kind: 'new-file'; path: string } };

export interface GenerateOptions {
  /** Force a new file even when the workspace has a `stream {}`. */
  newFile?: boolean;
}

const IKE_GROUP = 'fabedge-isakmp';
const NAT_T_GROUP = 'fabedge-nat-t';

function hostOf(text: string): string | undefined {
  const t = text.trim().replace(/^\[(.*)\]$/, '$1');
  if (isIPv4(t)) return t;
  return t.includes(':') ? normalizeIPv6(t) : undefined;
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function listenAddress(host: string | undefined, port: number): string {
  return host === undefined ? String(port) : `${formatHost(host)}:${port}`;
}

/** A name no upstream of the tree has yet. */
function freeName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** What to generate for a values file; `connectors` is empty when the file names none. */
export function planProxy(doc: ValuesDocument, takenUpstreams: ReadonlySet<string> = new Set()): ProxyPlan {
  const vip = keepalivedVip(doc);
  // Only text nginx reads as one host goes into a server line; anything else leaves a tab stop.
  const usable = (t: string) => hostOf(t) !== undefined || /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(t);
  const nodes = connectorNodeAddresses(doc)
    .filter((e) => !e.placeholder)
    .map((e) => e.text.trim())
    .filter(usable)
    .map((t) => hostOf(t) ?? t);
  const vipHost = vip ? vip.address.trim() : undefined;
  // With HA the VIP is the only right target: an unreadable one leaves the tab stop, not the nodes.
  const connectors = vipHost === undefined ? [...new Set(nodes)] : usable(vipHost) ? [hostOf(vipHost) ?? vipHost] : [];
  // An invalid port is values-public-port's finding; generate for the port edges fall back to.
  const port = publicPort(doc).port ?? IKE_PORT;
  const dial = firstPublicAddress(doc);
  const ike = freeName(IKE_GROUP, takenUpstreams);
  const natT = freeName(NAT_T_GROUP, takenUpstreams);
  const servers: PlannedServer[] =
    port === IKE_PORT
      ? [
          { listenPort: IKE_PORT, upstream: ike, targetPort: IKE_PORT },
          { listenPort: NAT_T_PORT, upstream: natT, targetPort: NAT_T_PORT },
        ]
      : [{ listenPort: port, upstream: natT, targetPort: NAT_T_PORT }];
  return { connectors, viaVip: vip !== undefined, publicPort: port, listenHost: dial ? hostOf(dial.text) : undefined, servers };
}

/** Escapes literal text for a VS Code snippet. */
function snippetText(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

/**
 * The upstreams and servers as lines, each prefixed with `indent`. In snippet mode the connector
 * address is tab stop 1 (mirrored in every group), the listen address tab stop 2.
 */
function renderProxy(plan: ProxyPlan, doc: ValuesDocument, indent: string, unit = '    ', snippet = false): string {
  const lit = snippet ? snippetText : (t: string) => t;
  const lines: string[] = [];
  const name = doc.file.slice(doc.file.lastIndexOf('/') + 1);
  const ports = plan.servers.map((s) => s.listenPort).join(' and ');
  lines.push(lit(`# FabEdge connector proxy for ${name}: edges dial UDP ${ports}; generated by FabEdge for VS Code.`));
  const hashed = plan.connectors.length > 1;
  for (const server of plan.servers) {
    lines.push(`upstream ${lit(server.upstream)} {`);
    // Same servers, same order, plain hash in every group: one edge lands on one charon for 500 and 4500.
    if (hashed) lines.push(`${unit}hash ${lit('$remote_addr')};`);
    if (snippet && plan.connectors.length === 0) lines.push(`${unit}server \${1:CONNECTOR_NODE_IP}:${server.targetPort};`);
    for (const c of plan.connectors) lines.push(`${unit}server ${lit(formatHost(c))}:${server.targetPort};`);
    lines.push('}');
  }
  for (const server of plan.servers) {
    const address =
      snippet && plan.connectors.length === 0
        ? `\${2:${snippetText(listenAddress(plan.listenHost, server.listenPort))}}`
        : lit(listenAddress(plan.listenHost, server.listenPort));
    lines.push('server {', `${unit}listen ${address} udp reuseport;`, `${unit}proxy_pass ${lit(server.upstream)};`, '}');
  }
  return lines.map((l) => `${indent}${l}\n`).join('');
}

/** The first `stream {}` of the workspace, root configurations first. */
function findStream(model: WorkspaceModel): { tree: NginxConfigTree; block: NginxNode } | undefined {
  const trees = [...model.nginx].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'root' ? -1 : 1));
  for (const tree of trees) {
    const block = tree.stream.streamBlocks.find((b) => b.directive.blockClose !== undefined);
    if (block) return { tree, block };
  }
  return undefined;
}

/** Indentation of the first statement inside the block, else the block's own plus four spaces. */
function innerIndent(block: NginxNode): { inner: string; unit: string } {
  const outer = indentAt(block.file, block.directive.start);
  const child = block.children[0];
  const inner = child && child.file === block.file ? indentAt(block.file, child.directive.start) : `${outer}    `;
  const unit = inner.startsWith(outer) && inner.length > outer.length ? inner.slice(outer.length) : '    ';
  return { inner, unit };
}

/**
 * Generates the proxy for `doc`: edits into the workspace's `stream {}`, or a new file beside the
 * values file; a snippet when the values file names no connector address.
 */
export function generateProxy(model: WorkspaceModel, doc: ValuesDocument, options: GenerateOptions = {}): ProxyGeneration {
  const found = options.newFile ? undefined : findStream(model);
  const plan = planProxy(doc, new Set(found?.tree.stream.upstreams.keys() ?? []));
  const snippet = plan.connectors.length === 0;
  const path = joinPath(dirname(doc.file), GENERATED_FILE_NAME);
  if (found) {
    const { block } = found;
    const close = block.directive.blockClose as number;
    const file = block.file;
    // Insert at the start of the `}` line, so the new statements sit inside the block, indented like its body.
    const lineStart = file.text.lastIndexOf('\n', close - 1) + 1;
    const onOwnLine = file.text.slice(lineStart, close).trim() === '';
    const { inner, unit } = innerIndent(block);
    const body = renderProxy(plan, doc, inner, unit, snippet);
    const at = onOwnLine ? lineStart : close;
    const text = onOwnLine ? body : `\n${body}`;
    if (snippet) return { kind: 'snippet', snippet: text, target: { kind: 'stream', file: file.path, position: file.positionAt(at) } };
    return { kind: 'edits', file: file.path, edits: [insertAt(file, at, text)] };
  }
  const body = renderProxy(plan, doc, '    ', '    ', snippet);
  const header = [
    '# Include this file at the top level of nginx.conf (not inside http {}), e.g.',
    `#   include ${GENERATED_FILE_NAME};`,
    '# Builds with a dynamic stream module (Debian: libnginx-mod-stream) must load it first.',
  ]
    .map((l) => `${snippet ? snippetText(l) : l}\n`)
    .join('');
  const text = `${header}stream {\n${body}}\n`;
  if (snippet) return { kind: 'snippet', snippet: text, target: { kind: 'new-file', path } };
  return { kind: 'new-file', path, text };
}
