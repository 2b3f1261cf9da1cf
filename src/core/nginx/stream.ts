/**
 * The `stream {}` part of a merged nginx tree, as the FabEdge checks need it: servers with their
 * listens and proxy_pass target, upstream groups, and the session settings each server ends up
 * with after inheritance from `stream {}` (a server's own setting, else the stream block's, else
 * nginx's default).
 */
import type { Arg } from './ast';
import { parseAddress, parseNginxTime, portIn, singlePort, type ParsedAddress, type PortRange } from './addresses';
import { innermost, walkNodes, type NginxNode } from './model';
import { pushTo } from '../lists';

/** A setting's value and the directive that set it (where a diagnostic about it belongs). */
export interface Setting<T> {
  value: T;
  node: NginxNode;
  /** True when the value comes from the enclosing `stream {}` rather than the server itself. */
  inherited: boolean;
  /**
   * Later directives of the same name in the same block. nginx rejects them ("is duplicate");
   * a fix that removes the setting must remove them too, or the next one takes its place.
   */
  duplicates?: NginxNode[];
  /** For a server's own value: the `stream {}` value it hides, which removing it would bring back. */
  outer?: Setting<T>;
}

export interface StreamListen {
  node: NginxNode;
  addressArg: Arg;
  address: ParsedAddress;
  /** Normalised host; undefined for the wildcard (`listen 500`, `*:500`, `[::]:500`) and unix sockets. */
  host: string | undefined;
  ipv6: boolean;
  port: PortRange | undefined;
  unix: boolean;
  udp: boolean;
  reuseport: boolean;
  /** The arguments after the address. */
  params: Arg[];
}

export type ProxyTarget =
  | { kind: 'upstream'; name: string; upstream: StreamUpstream }
  | { kind: 'address'; host: string; ipv6: boolean; port: number | undefined; literal: boolean }
  | { kind: 'unix'; path: string }
  /** The value has variables: resolved at run time, unknown here. */
  | { kind: 'variable'; value: string }
  /** Neither an upstream name nor `host:port`: nginx says `no port in upstream "…"`. */
  | { kind: 'unresolved'; name: string };

export interface StreamProxyPass {
  node: NginxNode;
  arg: Arg;
  target: ProxyTarget;
}

export interface UpstreamServer {
  node: NginxNode;
  addressArg: Arg;
  host: string | undefined;
  ipv6: boolean;
  port: number | undefined;
  unix: boolean;
  weight: number;
  backup: boolean;
  down: boolean;
}

export interface Balancing {
  method: 'round-robin' | 'hash' | 'random' | 'least_conn' | 'other';
  /** The `hash`/`random`/`least_conn`/… directive; undefined for the default round-robin. */
  node?: NginxNode;
  key?: string;
  consistent: boolean;
}

export interface StreamUpstream {
  node: NginxNode;
  name: string;
  servers: UpstreamServer[];
  balancing: Balancing;
}

export interface StreamServer {
  node: NginxNode;
  /** The enclosing `stream {}`; undefined when a fragment is read in stream context. */
  stream: NginxNode | undefined;
  listens: StreamListen[];
  proxyPass: StreamProxyPass | undefined;
  /** Any value set: proxy_responses has no "unlimited" value besides leaving it out. */
  proxyResponses: Setting<string> | undefined;
  proxyRequests: Setting<number | undefined> | undefined;
  /** Milliseconds; value undefined when nginx would reject the text. */
  proxyTimeout: Setting<number | undefined> | undefined;
  proxyProtocol: Setting<boolean> | undefined;
}

export interface StreamModel {
  readonly servers: readonly StreamServer[];
  /** By name; nginx uses the first definition. */
  readonly upstreams: ReadonlyMap<string, StreamUpstream>;
  /** The main context's `worker_processes` (`auto` or a number; undefined value when invalid). */
  readonly workerProcesses: Setting<number | 'auto' | undefined> | undefined;
  readonly streamBlocks: readonly NginxNode[];
}

/** Upstream balancing directives of the stream module. */
const BALANCERS = new Set(['hash', 'random', 'least_conn', 'least_time']);

function firstChild(node: NginxNode | undefined, name: string): NginxNode | undefined {
  return node?.children.find((c) => c.directive.kind === 'directive' && c.directive.name === name);
}

/** A block's directives by name, built once per block: every server asks its stream {} for each setting. */
const byNameCache = new WeakMap<NginxNode, Map<string, NginxNode[]>>();

function childrenNamed(block: NginxNode, name: string): NginxNode[] {
  let byName = byNameCache.get(block);
  if (!byName) {
    byName = new Map();
    for (const c of block.children) if (c.directive.kind === 'directive') pushTo(byName, c.directive.name, c);
    byNameCache.set(block, byName);
  }
  return byName.get(name) ?? [];
}

function setting<T>(block: NginxNode | undefined, name: string, inherited: boolean, read: (node: NginxNode) => T): Setting<T> | undefined {
  const all = block ? childrenNamed(block, name) : [];
  if (all.length === 0) return undefined;
  return { value: read(all[0]), node: all[0], inherited, ...(all.length > 1 ? { duplicates: all.slice(1) } : {}) };
}

function effective<T>(server: NginxNode, stream: NginxNode | undefined, name: string, read: (node: NginxNode) => T): Setting<T> | undefined {
  const outer = setting(stream, name, true, read);
  const own = setting(server, name, false, read);
  return own ? { ...own, ...(outer ? { outer } : {}) } : outer;
}

function parseListen(node: NginxNode): StreamListen | undefined {
  const addressArg = node.directive.args[0];
  if (!addressArg) return undefined;
  // slice(), not a rest element: an array of its exact size (this one stays in the model).
  const params = node.directive.args.slice(1);
  const address = parseAddress(addressArg.value, 'listen');
  return {
    node,
    addressArg,
    address,
    host: address.kind === 'inet' ? address.host : undefined,
    ipv6: address.kind === 'inet' && address.ipv6,
    port: address.kind === 'inet' ? address.port : undefined,
    unix: address.kind === 'unix',
    udp: params.some((a) => a.value === 'udp'),
    reuseport: params.some((a) => a.value === 'reuseport'),
    params,
  };
}

function parseUpstream(node: NginxNode): StreamUpstream {
  const servers: UpstreamServer[] = [];
  let balancing: Balancing = { method: 'round-robin', consistent: false };
  for (const child of node.children) {
    const d = child.directive;
    if (d.kind !== 'directive') continue;
    if (d.name === 'server' && d.args.length > 0) {
      const address = parseAddress(d.args[0].value, 'upstream');
      const weightArg = d.args.find((a) => a.value.startsWith('weight='));
      servers.push({
        node: child,
        addressArg: d.args[0],
        host: address.kind === 'inet' ? address.host : undefined,
        ipv6: address.kind === 'inet' && address.ipv6,
        port: address.kind === 'inet' ? singlePort(address.port) : undefined,
        unix: address.kind === 'unix',
        weight: weightArg ? Number(weightArg.value.slice(7)) : 1,
        backup: d.args.some((a) => a.value === 'backup'),
        down: d.args.some((a) => a.value === 'down'),
      });
    } else if (BALANCERS.has(d.name) && balancing.node === undefined) {
      balancing = {
        method: d.name === 'least_time' ? 'other' : (d.name as Balancing['method']),
        node: child,
        ...(d.name === 'hash' && d.args[0] ? { key: d.args[0].value } : {}),
        consistent: d.name === 'hash' && d.args.slice(1).some((a) => a.value === 'consistent'),
      };
    }
  }
  return { node, name: node.directive.args[0]?.value ?? '', servers, balancing };
}

function resolveTarget(value: string, upstreams: Map<string, StreamUpstream>): ProxyTarget {
  if (value.includes('$')) return { kind: 'variable', value };
  const upstream = upstreams.get(value);
  if (upstream) return { kind: 'upstream', name: value, upstream };
  const address = parseAddress(value, 'upstream');
  if (address.kind === 'unix') return { kind: 'unix', path: address.path };
  if (address.kind === 'inet' && address.host !== undefined) {
    if (address.port === undefined) return { kind: 'unresolved', name: value };
    return { kind: 'address', host: address.host, ipv6: address.ipv6, port: singlePort(address.port), literal: address.literal };
  }
  return { kind: 'unresolved', name: value };
}

function parseWorkers(node: NginxNode): number | 'auto' | undefined {
  const value = node.directive.args[0]?.value;
  if (value === 'auto') return 'auto';
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** Derives the stream model from a merged tree (./includes). */
export function buildStreamModel(nodes: readonly NginxNode[]): StreamModel {
  const upstreams = new Map<string, StreamUpstream>();
  const serverNodes: NginxNode[] = [];
  const streamBlocks: NginxNode[] = [];
  let workerProcesses: StreamModel['workerProcesses'];
  for (const node of walkNodes(nodes)) {
    const d = node.directive;
    if (d.kind !== 'directive') continue;
    const where = innermost(node.context);
    // A stream {} that ends up inside http {} is rejected by nginx; proxy-context reports it, the model leaves it out.
    if (node.context.includes('http')) continue;
    if (d.name === 'stream' && d.block) streamBlocks.push(node);
    else if (where === 'stream' && d.name === 'upstream' && d.block) {
      const upstream = parseUpstream(node);
      if (!upstreams.has(upstream.name)) upstreams.set(upstream.name, upstream);
    } else if (where === 'stream' && d.name === 'server' && d.block) serverNodes.push(node);
    else if (where === 'main' && d.name === 'worker_processes' && !workerProcesses) {
      workerProcesses = { value: parseWorkers(node), node, inherited: false };
    }
  }
  const servers = serverNodes.map((node): StreamServer => {
    const stream = node.parent?.directive.name === 'stream' ? node.parent : undefined;
    const listens = node.children.filter((c) => c.directive.kind === 'directive' && c.directive.name === 'listen').map(parseListen);
    const passNode = firstChild(node, 'proxy_pass');
    const passArg = passNode?.directive.args[0];
    return {
      node,
      stream,
      listens: listens.filter((l): l is StreamListen => l !== undefined),
      proxyPass: passNode && passArg ? { node: passNode, arg: passArg, target: resolveTarget(passArg.value, upstreams) } : undefined,
      proxyResponses: effective(node, stream, 'proxy_responses', (n) => n.directive.args[0]?.value ?? ''),
      proxyRequests: effective(node, stream, 'proxy_requests', (n) => {
        const v = n.directive.args[0]?.value ?? '';
        return /^\d+$/.test(v) ? Number(v) : undefined;
      }),
      proxyTimeout: effective(node, stream, 'proxy_timeout', (n) => parseNginxTime(n.directive.args[0]?.value ?? '')),
      proxyProtocol: effective(node, stream, 'proxy_protocol', (n) => n.directive.args[0]?.value === 'on'),
    };
  });
  return { servers, upstreams, workerProcesses, streamBlocks };
}

/** IKE (500) and NAT-T (4500): the ports of every IKE peer, the connector's strongSwan among them. */
export const IKE_PORT = 500;
export const NAT_T_PORT = 4500;

/** The ports an IKE relay may listen on: 500/4500, plus the public port edges dial when a values file sets one. */
export function ikeListenPorts(publicPort?: number): number[] {
  return publicPort === undefined || publicPort === IKE_PORT || publicPort === NAT_T_PORT ? [IKE_PORT, NAT_T_PORT] : [IKE_PORT, NAT_T_PORT, publicPort];
}

/** The connector-side ports a server forwards to (upstream servers' ports or the direct address's). */
function targetPorts(server: StreamServer): number[] {
  const target = server.proxyPass?.target;
  if (!target) return [];
  if (target.kind === 'address') return target.port === undefined ? [] : [target.port];
  if (target.kind === 'upstream') return target.upstream.servers.flatMap((s) => (s.port === undefined ? [] : [s.port]));
  return [];
}

/**
 * A stream server that relays IKE: it listens on, or forwards to, 500/4500 (or listens on the
 * public port a values file sets). IKEv2 road-warrior servers, L2TP/IPsec and vendor VPNs relay
 * the same ports, so this alone does not make a server FabEdge's proxy: see ProxyEvidence.
 */
export function isIkeRelay(server: StreamServer, publicPort?: number): boolean {
  const ports = ikeListenPorts(publicPort);
  if (server.listens.some((l) => ports.some((p) => portIn(l.port, p)))) return true;
  return targetPorts(server).some((p) => p === IKE_PORT || p === NAT_T_PORT);
}

const FABEDGE_NAME = /fabedge/i;

/**
 * Whether the nginx text itself names FabEdge where the server is defined: its upstream, or the
 * file that holds it (for a ConfigMap entry, the YAML file and the data key). Our proxy generator
 * writes both (`fabedge-isakmp`, `fabedge-connector.stream.conf`), and people name them so too; a
 * folder name is not enough, since a repository may keep everything under a `fabedge/` folder.
 */
export function namedForFabEdge(server: StreamServer): boolean {
  const target = server.proxyPass?.target;
  if (target?.kind === 'upstream' && FABEDGE_NAME.test(target.name)) return true;
  const { id } = server.node.file;
  return FABEDGE_NAME.test(id.slice(id.lastIndexOf('/') + 1));
}

/**
 * Why a server counts as FabEdge's proxy (the cross-file layer decides; see cross/evidence):
 * `setting` fabedge.proxyFiles names its file; `name` namedForFabEdge; `connector` it forwards to
 * a connector node or VIP of a values file; `public-address` it listens on or forwards to an
 * address a values file lists in connectorPublicAddresses; `folder` a values file sits beside it.
 */
export type FabEdgeTie = 'setting' | 'name' | 'connector' | 'public-address' | 'folder';

/**
 * What ties a tree's IKE relays to FabEdge, worked out by the cross-file layer from the values
 * files and settings of the workspace, and handed to the nginx rules with the tree (the tree
 * itself is never changed for it).
 */
export interface ProxyEvidence {
  /** The port the edges dial, from the values files tied to this tree; undefined means 500. */
  readonly publicPort: number | undefined;
  /** The servers that front the FabEdge connector, and why (namedForFabEdge counts on its own besides). */
  readonly fabedge: ReadonlyMap<StreamServer, FabEdgeTie>;
  /** The tree as a whole is tied to FabEdge (a setting, a values file beside it, or one of its servers). */
  readonly tree: boolean;
}

/** No values file and no setting: only the names in the nginx text can tie a server to FabEdge. */
export const NO_EVIDENCE: ProxyEvidence = { publicPort: undefined, fabedge: new Map(), tree: false };

/** One IKE relay as the proxy checks see it. */
export interface IkeRelay {
  server: StreamServer;
  /**
   * Tied to FabEdge: a check may speak of edges and the connector, and use the public port. An
   * untied relay gets only what holds for every IKE peer, in those words, without safe fixes.
   */
  fabedge: boolean;
}

/** Whether nginx could read the block structure of the file that holds the server. */
function readable(server: StreamServer): boolean {
  return !server.node.file.parse.errors.some((e) => e.kind === 'structural');
}

/**
 * The IKE relays the proxy checks look at. Servers in a file whose block structure nginx could
 * not read are left out: after error recovery their contents are guesses, and the syntax error
 * is reported already.
 */
export function ikeRelays(model: StreamModel, evidence: ProxyEvidence): IkeRelay[] {
  const relays: IkeRelay[] = [];
  for (const server of model.servers) {
    if (!readable(server) || !isIkeRelay(server, evidence.publicPort)) continue;
    relays.push({ server, fabedge: evidence.fabedge.has(server) || namedForFabEdge(server) });
  }
  return relays;
}

/** Whether the tree is tied to FabEdge: by its evidence, or by a relay that names FabEdge. */
export function treeIsFabEdge(model: StreamModel, evidence: ProxyEvidence): boolean {
  return evidence.tree || evidence.fabedge.size > 0 || model.servers.some(namedForFabEdge);
}
