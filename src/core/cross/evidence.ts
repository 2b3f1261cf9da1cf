/**
 * What ties an nginx IKE relay to FabEdge. UDP 500/4500 alone does not: IKEv2 road-warrior
 * servers, L2TP/IPsec relays and vendor VPNs relay the same ports, often to other backend ports.
 * A relay is FabEdge's proxy when one of these holds (FabEdgeTie, in this order):
 *
 * - `setting`: its file, or the root file of its tree, matches `fabedge.proxyFiles`;
 * - `name`: its upstream or its file is named after FabEdge (namedForFabEdge);
 * - `connector`: it forwards to a connector node or the keepalived VIP of a FabEdge values file,
 *   or to a host that a relay tied in another way forwards to (the same connector);
 * - `public-address`: it listens on, or forwards to, an address that a values file lists in
 *   connectorPublicAddresses (the address edges dial, or a connector written there by mistake);
 * - `folder`: a FabEdge values file sits in the folder of its file or of its tree's root file
 *   (one deployment). Only that folder: a values file higher up would claim a whole repository.
 *
 * A wildcard listen (`listen 500 udp`) names no address, so it ties a relay only through the
 * others. The nginx rules receive the result as an input (ProxyEvidence); the model is not changed.
 */
import { matchesAnyGlob } from '../glob';
import { rememberLast } from '../memo';
import type { NginxConfigTree } from '../nginx/model';
import { isIkeRelay, namedForFabEdge, type FabEdgeTie, type ProxyEvidence, type StreamServer } from '../nginx/stream';
import { dirname } from '../paths';
import { hasSyntaxErrors } from '../values/fixes';
import { connectorNodeAddresses, firstPublicAddress, keepalivedVip, publicPort, type ValuesDocument } from '../values/model';
import type { WorkspaceModel } from '../workspace/model';
import { isIpLiteral, normalizeHost } from './hosts';

/** The evidence of one tree, as the nginx rules and the proxy index read it. */
export interface TreeEvidence extends ProxyEvidence {
  /** Equal for two evidences the nginx rules cannot tell apart, so their findings can be kept. */
  key: string;
}

/** The dial host and public port of one usable values file. */
interface DialAndPort {
  host: string | undefined;
  port: number | undefined;
}

/** What the values files and settings of a workspace say, read once for every tree. */
interface ValuesFacts {
  /** Tells one set of facts from another: a tree keeps its evidence while this stays. */
  key: string;
  /** Public ports of the values files, and undefined (500/4500 only): what makes a server an IKE relay. */
  ports: readonly (number | undefined)[];
  /** Connector node addresses and keepalived VIPs, normalised IP literals. */
  connectors: ReadonlySet<string>;
  /** Hosts that relays tied in another way forward to (the second pass; empty in the first). */
  forwardedByProxies: ReadonlySet<string>;
  /** Every connectorPublicAddresses entry, normalised. */
  publicHosts: ReadonlySet<string>;
  /** Folders that hold a FabEdge values file. */
  folders: ReadonlySet<string>;
  proxyFiles: readonly string[];
  dials: readonly DialAndPort[];
  dialsByHost: ReadonlyMap<string, readonly DialAndPort[]>;
}

function sorted(items: Iterable<string>): string {
  return [...items].sort().join(',');
}

function connectorHosts(doc: ValuesDocument): string[] {
  const hosts = connectorNodeAddresses(doc)
    .filter((e) => !e.placeholder)
    .map((e) => normalizeHost(e.text));
  const vip = keepalivedVip(doc);
  if (vip) hosts.push(normalizeHost(vip.address));
  return hosts.filter(isIpLiteral);
}

function dialHost(doc: ValuesDocument): string | undefined {
  const entry = firstPublicAddress(doc);
  return !entry || entry.placeholder || entry.text.trim() === '' ? undefined : normalizeHost(entry.text);
}

function valuesFacts(model: WorkspaceModel): ValuesFacts {
  // Broken YAML gives guessed addresses; its folder and port still count, as they did before the error.
  const usable = model.values.filter((doc) => !hasSyntaxErrors(doc));
  const ports = [...new Set<number | undefined>([undefined, ...model.values.map((doc) => publicPort(doc).port)])];
  const connectors = new Set(usable.flatMap(connectorHosts));
  const publicHosts = new Set(
    usable.flatMap((doc) => doc.values.publicAddresses.entries.filter((e) => !e.placeholder && e.text.trim() !== '').map((e) => normalizeHost(e.text))),
  );
  const folders = new Set(model.values.map((doc) => dirname(doc.file)));
  const dials = usable.map((doc): DialAndPort => ({ host: dialHost(doc), port: publicPort(doc).port }));
  const dialsByHost = new Map<string, DialAndPort[]>();
  for (const dial of dials) {
    if (dial.host === undefined) continue;
    const list = dialsByHost.get(dial.host);
    if (list) list.push(dial);
    else dialsByHost.set(dial.host, [dial]);
  }
  const key = [
    ports.map(String).join(','),
    sorted(connectors),
    sorted(publicHosts),
    sorted(folders),
    model.proxyFiles.join('\n'),
    dials.map((d) => `${d.host ?? ''}:${d.port ?? ''}`).join(','),
  ].join('\0');
  return { key, ports, connectors, forwardedByProxies: new Set(), publicHosts, folders, proxyFiles: model.proxyFiles, dials, dialsByHost };
}

/** A tie that holds for a whole file: the setting names it, or a values file sits beside it. */
function fileTie(path: string, facts: ValuesFacts): FabEdgeTie | undefined {
  if (facts.proxyFiles.length > 0 && matchesAnyGlob(path, facts.proxyFiles)) return 'setting';
  return facts.folders.has(dirname(path)) ? 'folder' : undefined;
}

function targetHosts(server: StreamServer): string[] {
  const target = server.proxyPass?.target;
  if (target?.kind === 'address') return [normalizeHost(target.host)];
  if (target?.kind === 'upstream') return target.upstream.servers.flatMap((s) => (s.host === undefined ? [] : [normalizeHost(s.host)]));
  return [];
}

function serverTie(server: StreamServer, rootTie: FabEdgeTie | undefined, facts: ValuesFacts): FabEdgeTie | undefined {
  const ownTie = fileTie(server.node.file.path, facts);
  if (ownTie === 'setting' || rootTie === 'setting') return 'setting';
  if (namedForFabEdge(server)) return 'name';
  const targets = targetHosts(server);
  if (targets.some((host) => facts.connectors.has(host))) return 'connector';
  if (targets.some((host) => facts.publicHosts.has(host)) || server.listens.some((l) => l.host !== undefined && facts.publicHosts.has(normalizeHost(l.host)))) {
    return 'public-address';
  }
  const placed = ownTie ?? rootTie;
  if (placed) return placed;
  return targets.some((host) => facts.forwardedByProxies.has(host)) ? 'connector' : undefined;
}

/** The one port of these values files, undefined when they name none or disagree. */
function onePort(dials: Iterable<DialAndPort>): number | undefined {
  let port: number | undefined;
  for (const d of dials) {
    if (d.port === undefined || d.port === port) continue;
    if (port !== undefined) return undefined;
    port = d.port;
  }
  return port;
}

/**
 * The public port a tree's rules should assume: the port of the values files that dial one of
 * the tree's explicit listen addresses (every values file when none does), when they agree.
 */
function portForTree(tree: NginxConfigTree, facts: ValuesFacts): number | undefined {
  const matching: DialAndPort[] = [];
  for (const server of tree.stream.servers) {
    for (const listen of server.listens) if (listen.host !== undefined) matching.push(...(facts.dialsByHost.get(listen.host) ?? []));
  }
  return onePort(matching.length > 0 ? matching : facts.dials);
}

function treeEvidence(tree: NginxConfigTree, facts: ValuesFacts): TreeEvidence {
  const rootTie = fileTie(tree.root, facts);
  const fabedge = new Map<StreamServer, FabEdgeTie>();
  const tied: string[] = [];
  tree.stream.servers.forEach((server, i) => {
    if (!facts.ports.some((port) => isIkeRelay(server, port))) return;
    const tie = serverTie(server, rootTie, facts);
    if (tie === undefined) return;
    fabedge.set(server, tie);
    tied.push(`${i}:${tie}`);
  });
  let whole = rootTie !== undefined || fabedge.size > 0;
  if (!whole) for (const file of tree.files.values()) if (fileTie(file.path, facts)) whole = true;
  const port = whole ? portForTree(tree, facts) : undefined;
  return { publicPort: port, fabedge, tree: whole, key: `${port ?? ''}|${whole}|${tied.join(',')}` };
}

type EvidenceCache = WeakMap<NginxConfigTree, { factsKey: string; evidence: TreeEvidence }>;

/**
 * Each tree's evidence for the facts it was worked out from: an edit elsewhere leaves it as it
 * was. One cache per pass, so that the two passes do not evict each other.
 */
const directEvidence: EvidenceCache = new WeakMap();
const finalEvidence: EvidenceCache = new WeakMap();

function cachedTreeEvidence(cache: EvidenceCache, tree: NginxConfigTree, facts: ValuesFacts): TreeEvidence {
  const cached = cache.get(tree);
  if (cached?.factsKey === facts.key) return cached.evidence;
  const fresh = treeEvidence(tree, facts);
  // Other facts, the same evidence (an edit of an address no relay uses): the same object, so the
  // proxies built from it, and the workspace rules' findings about them, are kept.
  const evidence = cached?.evidence.key === fresh.key ? cached.evidence : fresh;
  cache.set(tree, { factsKey: facts.key, evidence });
  return evidence;
}

/** 127.0.0.0/8, ::1 and localhost name a different machine in every tree: they tie nothing to anything. */
function isLoopback(host: string): boolean {
  return host.startsWith('127.') || host === '::1' || host === 'localhost';
}

function buildEvidence(model: WorkspaceModel): ReadonlyMap<NginxConfigTree, TreeEvidence> {
  const facts = valuesFacts(model);
  const direct = model.nginx.map((tree) => cachedTreeEvidence(directEvidence, tree, facts));
  // A relay that forwards where a FabEdge proxy forwards reaches the same connector.
  const forwarded = new Set<string>();
  for (const evidence of direct) {
    for (const server of evidence.fabedge.keys()) {
      for (const host of targetHosts(server)) if (!facts.connectors.has(host) && !isLoopback(host)) forwarded.add(host);
    }
  }
  if (forwarded.size === 0) return new Map(model.nginx.map((tree, i) => [tree, direct[i]]));
  const extended: ValuesFacts = { ...facts, forwardedByProxies: forwarded, key: `${facts.key}\0${sorted(forwarded)}` };
  return new Map(model.nginx.map((tree) => [tree, cachedTreeEvidence(finalEvidence, tree, extended)]));
}

/**
 * The evidence of every tree of a model, computed once per model object. A tree keeps its
 * evidence object while neither it nor the values facts change, so callers may compare by identity.
 */
export const proxyEvidence: (model: WorkspaceModel) => ReadonlyMap<NginxConfigTree, TreeEvidence> = rememberLast(buildEvidence);
