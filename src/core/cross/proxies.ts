/**
 * The FabEdge proxies of a workspace and the path the edges of each values file take through
 * them. The cross-file rules, CodeLens, hover and go-to-definition all read this one model, so
 * they agree on what "the proxy" is: an IKE relay that the workspace ties to FabEdge
 * (./evidence). Questions many rules ask of it are in ./proxyLookups.
 *
 * Addresses are compared without DNS (./comparableHosts). A wildcard listen (`listen 500`, `*:500`,
 * `[::]:500`) matches any address.
 */
import type { Arg } from '../nginx/ast';
import { portIn, type PortRange } from '../nginx/addresses';
import type { NginxNode } from '../nginx/model';
import type { NginxConfigTree } from '../nginx/tree';
import { IKE_PORT, NAT_T_PORT, type StreamListen, type StreamServer, type StreamUpstream, type UpstreamServer } from '../nginx/stream';
import { argRange, nodeRange } from '../nginx/textEdits';
import { rememberLast } from '../memo';
import type { Range } from '../text';
import { pushTo } from '../lists';
import { hasSyntaxErrors } from '../values/textEdits';
import { connectorNodeAddresses, firstPublicAddress, keepalivedVip, publicPort, type KeepalivedVip, type PublicPort } from '../values/connector';
import type { ValueEntry, ValuesDocument } from '../values/model';
import type { WorkspaceModel } from './workspaceModel';
import { proxyEvidence, type TreeEvidence } from './evidence';
import { isIpLiteral, normalizeHost } from './comparableHosts';

/** One `listen` of a FabEdge proxy. */
export interface ProxyListen {
  readonly listen: StreamListen;
  /** The file a finding or a jump goes to (for a ConfigMap entry, the YAML file). */
  readonly file: string;
  /** The address argument (`10.20.8.24:500`, `500`). */
  readonly range: Range;
  /** The whole `listen …;` statement. */
  readonly statementRange: Range;
  /** Normalised host; undefined for a wildcard. */
  readonly host: string | undefined;
  readonly wildcard: boolean;
  readonly ipv6: boolean;
  readonly port: PortRange | undefined;
  readonly udp: boolean;
}

/** Where a proxy forwards to: one upstream `server`, or the address of a direct `proxy_pass`. */
export interface ConnectorTarget {
  /** Normalised host (IPv6 without brackets). */
  readonly host: string;
  /** The host as written in the file (for edits and messages). */
  readonly hostText: string;
  readonly port: number | undefined;
  readonly file: string;
  /** The address argument and its range. */
  readonly arg: Arg;
  readonly range: Range;
  /** The `server` or `proxy_pass` statement. */
  readonly node: NginxNode;
  /** Set when the target is a server of an upstream group. */
  readonly upstream?: StreamUpstream;
  readonly upstreamServer?: UpstreamServer;
}

/** An IKE relay (a stream server on the IKE/NAT-T ports or a values file's public port) tied to FabEdge. */
export interface FabEdgeProxy {
  readonly tree: NginxConfigTree;
  readonly server: StreamServer;
  readonly listens: readonly ProxyListen[];
  /** Empty when proxy_pass is missing, a variable or a unix socket. */
  readonly targets: readonly ConnectorTarget[];
  readonly upstream: StreamUpstream | undefined;
  /** Its file has block-structure errors: the server's contents are a guess of the error recovery. */
  readonly uncertain: boolean;
}

/** The address the edges of one values file dial: the first connectorPublicAddresses entry. */
export interface DialAddress {
  readonly entry: ValueEntry;
  /** The entry as written, blanks trimmed. */
  readonly text: string;
  /** Normalised for comparison with listen hosts. */
  readonly host: string;
  /** Absent when the entry is a chart default. */
  readonly range?: Range;
}

/** One step of an edge's path: a proxy listen that receives what the edges send to `port`. */
export interface Hop {
  readonly port: number;
  readonly proxy: FabEdgeProxy;
  readonly listen: ProxyListen;
}

export interface ValuesPath {
  readonly doc: ValuesDocument;
  /** The YAML did not parse cleanly: the cross-file rules leave this file alone. */
  readonly syntaxErrors: boolean;
  readonly dial: DialAddress | undefined;
  /** `cluster.connectorPublicPort` where the chart reads it, else 500 (port undefined when invalid). */
  readonly port: PublicPort;
  /** The ports edges send to: 500 then 4500 for the default port, else the public port alone. */
  readonly ports: readonly number[];
  /** Matching listens, in `ports` order then proxy order. */
  readonly hops: readonly Hop[];
  /** The proxies of `hops`, each once. */
  readonly proxies: readonly FabEdgeProxy[];
  /** Normalised IP literals of connectorNodeAddresses (L4). */
  readonly connectorNodes: readonly string[];
  /** The keepalived VIP (an IP literal) when the chart renders keepalived (1.0.0, create, replicas > 1). */
  readonly vip: KeepalivedVip | undefined;
  /**
   * A connector node or the VIP is no IP literal (values rules report that). Rules comparing
   * targets with them then hold back: a fix must never write such text into nginx.
   */
  readonly connectorsUnreadable: boolean;
}

/** The FabEdge proxies of one nginx tree: the same object while the tree and its evidence are. */
export interface TreeProxySet {
  readonly tree: NginxConfigTree;
  readonly proxies: readonly FabEdgeProxy[];
  /** The explicit listen hosts of these proxies, each once, in proxy order. */
  readonly listenHosts: readonly string[];
}

export interface ProxyIndex {
  readonly proxies: readonly FabEdgeProxy[];
  /**
   * The proxies tree by tree, in the model's order. A rule may keep its findings per tree: an edit
   * then checks again the trees whose proxies or inputs changed, not every proxy of the workspace.
   */
  readonly trees: readonly TreeProxySet[];
  /**
   * Some nginx file with stream servers could not be read structurally. The cross-file rules then
   * wait: a listen may be missing only because the parser recovered from the error by guessing.
   */
  readonly uncertain: boolean;
  /** One per values file, in the model's order. */
  readonly paths: readonly ValuesPath[];
  /** The proxies' listens and targets by host (read through proxyLookups). */
  readonly hosts: ProxyHostMaps;
}

/** Whether edges that dial `host:port` reach this listen. */
export function listensOn(listen: ProxyListen, host: string, port: number): boolean {
  if (listen.listen.unix || !portIn(listen.port, port)) return false;
  return listen.wildcard || listen.host === host;
}

/**
 * The ports the edges send to for a public port: on 500 an edge starts IKE there and floats to
 * NAT-T's 4500 once it detects NAT (RFC 7296 §2.23); on any other port it sends everything,
 * marked as NAT-T, to that port alone.
 */
function edgePorts(port: number | undefined): number[] {
  if (port === undefined) return [];
  return port === IKE_PORT ? [IKE_PORT, NAT_T_PORT] : [port];
}

function proxyListen(listen: StreamListen): ProxyListen {
  const file = listen.node.file;
  return {
    listen,
    file: file.path,
    range: argRange(file, listen.addressArg),
    statementRange: nodeRange(listen.node),
    host: listen.host,
    wildcard: !listen.unix && listen.host === undefined,
    ipv6: listen.ipv6,
    port: listen.port,
    udp: listen.udp,
  };
}

function targetsOf(server: StreamServer): ConnectorTarget[] {
  const pass = server.proxyPass;
  if (!pass) return [];
  const target = pass.target;
  if (target.kind === 'address') {
    return [{ host: normalizeHost(target.host), hostText: target.host, port: target.port, file: pass.node.file.path, arg: pass.arg, range: argRange(pass.node.file, pass.arg), node: pass.node }];
  }
  if (target.kind !== 'upstream') return [];
  return target.upstream.servers.flatMap((s): ConnectorTarget[] =>
    s.host === undefined
      ? []
      : [{
          host: normalizeHost(s.host), hostText: s.host, port: s.port, file: s.node.file.path, arg: s.addressArg,
          range: argRange(s.node.file, s.addressArg), node: s.node, upstream: target.upstream, upstreamServer: s,
        }],
  );
}

function dialOf(doc: ValuesDocument): DialAddress | undefined {
  const entry = firstPublicAddress(doc);
  if (!entry || entry.placeholder || entry.text.trim() === '') return undefined;
  return { entry, text: entry.text.trim(), host: normalizeHost(entry.text), ...(entry.range ? { range: entry.range } : {}) };
}

/** Listens and targets of some proxies by host, each list in proxy order. */
export interface ProxyHostMaps {
  listensByHost: Map<string, ProxyListen[]>;
  /** Listens on every address (`listen 500`, `*:500`, `[::]:500`). */
  wildcards: ProxyListen[];
  /** Every explicit listen. */
  explicitListens: ProxyListen[];
  targetsByHost: Map<string, ConnectorTarget[]>;
  /** The proxies forwarding to a host, each once. */
  forwardersByHost: Map<string, FabEdgeProxy[]>;
}

interface TreeProxies extends ProxyHostMaps, TreeProxySet {
  evidence: TreeEvidence;
  proxies: FabEdgeProxy[];
  listenHosts: string[];
  /** The tree has stream servers and a file with block-structure errors. */
  uncertain: boolean;
}

/** The proxies of each tree, for the evidence they were found with: an edit elsewhere leaves a tree's proxies as they were. */
const proxiesOfTree = new WeakMap<NginxConfigTree, TreeProxies>();
/** The proxy each listen belongs to (listens live as long as their tree's proxies). */
const listenOwner = new WeakMap<ProxyListen, FabEdgeProxy>();

function treeProxies(tree: NginxConfigTree, evidence: TreeEvidence): TreeProxies {
  const cached = proxiesOfTree.get(tree);
  if (cached?.evidence === evidence) return cached;
  const broken = new Set([...tree.files.values()].filter((f) => f.parse.errors.some((e) => e.kind === 'structural')).map((f) => f.id));
  const found: TreeProxies = {
    listensByHost: new Map(),
    wildcards: [],
    explicitListens: [],
    targetsByHost: new Map(),
    forwardersByHost: new Map(),
    tree,
    evidence,
    proxies: [],
    listenHosts: [],
    uncertain: broken.size > 0 && (tree.stream.streamBlocks.length > 0 || tree.stream.servers.length > 0),
  };
  for (const server of tree.stream.servers) {
    if (!evidence.fabedge.has(server)) continue;
    const upstream = server.proxyPass?.target.kind === 'upstream' ? server.proxyPass.target.upstream : undefined;
    const proxy: FabEdgeProxy = {
      tree,
      server,
      listens: server.listens.filter((l) => !l.unix).map(proxyListen),
      targets: targetsOf(server),
      upstream,
      uncertain: broken.has(server.node.file.id),
    };
    found.proxies.push(proxy);
    addToHostMaps(found, proxy);
  }
  found.listenHosts = [...found.listensByHost.keys()];
  proxiesOfTree.set(tree, found);
  return found;
}

function addToHostMaps(maps: ProxyHostMaps, proxy: FabEdgeProxy): void {
  for (const listen of proxy.listens) {
    listenOwner.set(listen, proxy);
    if (listen.host === undefined) {
      maps.wildcards.push(listen);
      continue;
    }
    maps.explicitListens.push(listen);
    pushTo(maps.listensByHost, listen.host, listen);
  }
  for (const target of proxy.targets) {
    pushTo(maps.targetsByHost, target.host, target);
    const forwarders = maps.forwardersByHost.get(target.host);
    if (!forwarders) maps.forwardersByHost.set(target.host, [proxy]);
    else if (forwarders[forwarders.length - 1] !== proxy) forwarders.push(proxy);
  }
}

/**
 * Joins per-tree lists by key, in tree order. A key of one tree keeps that tree's array (shared,
 * never written to), so an edit costs a map of the workspace's hosts, not a copy of every list.
 */
function mergeLists<V>(parts: readonly Map<string, V[]>[]): Map<string, V[]> {
  const merged = new Map<string, V[]>();
  const copies = new Set<V[]>();
  for (const part of parts) {
    for (const [key, list] of part) {
      const existing = merged.get(key);
      if (!existing) merged.set(key, list);
      else if (copies.has(existing)) existing.push(...list);
      else {
        const copy = [...existing, ...list];
        copies.add(copy);
        merged.set(key, copy);
      }
    }
  }
  return merged;
}

function mergeHostMaps(parts: readonly ProxyHostMaps[]): ProxyHostMaps {
  return {
    listensByHost: mergeLists(parts.map((p) => p.listensByHost)),
    wildcards: concat(parts.map((p) => p.wildcards)),
    explicitListens: concat(parts.map((p) => p.explicitListens)),
    targetsByHost: mergeLists(parts.map((p) => p.targetsByHost)),
    forwardersByHost: mergeLists(parts.map((p) => p.forwardersByHost)),
  };
}

/** Lists joined in order. A loop, not flatMap: with a part per tree, flatMap cost a millisecond an edit at 100,000 files. */
function concat<V>(lists: readonly (readonly V[])[]): V[] {
  const joined: V[] = [];
  for (const list of lists) for (const item of list) joined.push(item);
  return joined;
}

/** Finds the proxies of every tree and the path of every values file (each tree's proxies are reused while its evidence is). */
export function buildProxyIndex(model: WorkspaceModel): ProxyIndex {
  const evidence = proxyEvidence(model);
  const parts = model.nginx.map((tree) => {
    const treeEvidence = evidence.get(tree);
    if (!treeEvidence) throw new Error(`no proxy evidence for ${tree.root}`);
    return treeProxies(tree, treeEvidence);
  });
  const proxies = concat(parts.map((part) => part.proxies));
  const uncertain = parts.some((part) => part.uncertain);
  const hosts = mergeHostMaps(parts);
  // With a wildcard listen, a path's candidates are its host's listens and the wildcards, in proxy order.
  let order: Map<ProxyListen, number> | undefined;
  const inProxyOrder = (listens: ProxyListen[]) => {
    if (!order) {
      order = new Map();
      for (const proxy of proxies) for (const listen of proxy.listens) order.set(listen, order.size);
    }
    const ordinal = order;
    return listens.sort((a, b) => (ordinal.get(a) ?? 0) - (ordinal.get(b) ?? 0));
  };
  const paths = model.values.map((doc): ValuesPath => {
    const own = docPath(doc);
    const { dial } = own;
    const hops: Hop[] = [];
    const reached: FabEdgeProxy[] = [];
    if (dial) {
      const named = hosts.listensByHost.get(dial.host) ?? [];
      const candidates = hosts.wildcards.length === 0 ? named : inProxyOrder([...named, ...hosts.wildcards]);
      for (const p of own.ports) {
        for (const listen of candidates) {
          const proxy = listenOwner.get(listen);
          if (!proxy || !listensOn(listen, dial.host, p)) continue;
          hops.push({ port: p, proxy, listen });
          // A path has a hop or two: a scan of them beats a Set.
          if (!reached.includes(proxy)) reached.push(proxy);
        }
      }
    }
    // A new object per index (rules memoise per path), from the document's own part. Written out,
    // not spread: a spread of `own` was a tenth of the time of an edit at 100,000 files.
    return {
      doc: own.doc,
      syntaxErrors: own.syntaxErrors,
      dial,
      port: own.port,
      ports: own.ports,
      hops,
      proxies: reached,
      connectorNodes: own.connectorNodes,
      vip: own.vip,
      connectorsUnreadable: own.connectorsUnreadable,
    };
  });
  return { proxies, trees: parts, uncertain, paths, hosts };
}

/** What a values path reads from its document alone. */
type DocPath = Omit<ValuesPath, 'hops' | 'proxies'>;

/** A document keeps its object while its text does: its own part is worked out once, not on every edit elsewhere. */
const pathOfDoc = new WeakMap<ValuesDocument, DocPath>();

function docPath(doc: ValuesDocument): DocPath {
  const cached = pathOfDoc.get(doc);
  if (cached) return cached;
  const port = publicPort(doc);
  const vip = keepalivedVip(doc);
  const nodeTexts = connectorNodeAddresses(doc).filter((e) => !e.placeholder && e.text.trim() !== '');
  const nodes = nodeTexts.map((e) => normalizeHost(e.text)).filter(isIpLiteral);
  const vipHost = vip ? normalizeHost(vip.address) : undefined;
  const own: DocPath = {
    doc,
    syntaxErrors: hasSyntaxErrors(doc),
    dial: dialOf(doc),
    port,
    ports: edgePorts(port.port),
    connectorNodes: nodes,
    vip: vip && vipHost !== undefined && isIpLiteral(vipHost) ? { ...vip, address: vipHost } : undefined,
    connectorsUnreadable: nodes.length < nodeTexts.length || (vipHost !== undefined && !isIpLiteral(vipHost)),
  };
  pathOfDoc.set(doc, own);
  return own;
}

/**
 * The proxies and paths of a model, computed once per model object: the engine hands every
 * workspace rule the same model, so they share one computation.
 */
export const proxyIndex: (model: WorkspaceModel) => ProxyIndex = rememberLast(buildProxyIndex);
