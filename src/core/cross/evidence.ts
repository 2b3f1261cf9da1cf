/**
 * What ties an nginx IKE relay to FabEdge. UDP 500/4500 alone does not: IKEv2 road-warrior
 * servers, L2TP/IPsec relays and vendor VPNs relay the same ports, often to other backend ports.
 * A relay is FabEdge's proxy when one of these holds (FabEdgeTie; the first that holds is the reason):
 *
 * - `setting`: its file, or the root file of its tree, matches `fabedge.proxyFiles`;
 * - `name`: its upstream or its file is named after FabEdge (namedForFabEdge);
 * - `connector`: it forwards to a connector node or the keepalived VIP of a FabEdge values file;
 * - `public-address`: it listens on, or forwards to, an address that a values file lists in
 *   connectorPublicAddresses (the address edges dial, or a connector written there by mistake);
 * - `folder`: a FabEdge values file sits in the folder of its file or of its tree's root file
 *   (one deployment). Only that folder: a values file higher up would claim a whole repository;
 * - `connector` again, in a second pass: it forwards to a host that a relay tied in one of the
 *   ways above forwards to (the same connector), loopback aside.
 *
 * A wildcard listen (`listen 500 udp`) names no address, so it ties a relay only through the
 * others. The nginx rules receive the result as an input (ProxyEvidence); the model is not changed.
 */
import { matchesAnyGlob } from '../glob';
import { pushTo, sameList } from '../lists';
import { rememberLast } from '../memo';
import type { NginxConfigTree } from '../nginx/tree';
import { isIkeRelay, namedForFabEdge, type FabEdgeTie, type ProxyEvidence, type StreamServer } from '../nginx/stream';
import { dirname } from '../paths';
import { hasSyntaxErrors } from '../values/textEdits';
import { connectorNodeAddresses, firstPublicAddress, keepalivedVip, publicPort } from '../values/connector';
import type { ValuesDocument } from '../values/model';
import type { WorkspaceModel } from './workspaceModel';
import { isIpLiteral, normalizeHost } from './comparableHosts';

/** The evidence of one tree, as the nginx rules and the proxy index read it. */
export interface TreeEvidence extends ProxyEvidence {
  /** Equal for two evidences the nginx rules cannot tell apart, so their findings can be kept. */
  readonly key: string;
  /** Where the tree's FabEdge relays forward to, loopback aside: other relays forwarding there reach the same connector. */
  readonly forwardsTo: readonly string[];
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

/** What one values file contributes to the facts; a document keeps its object while its text does. */
interface DocFacts {
  key: string;
  folder: string;
  port: number | undefined;
  /** Undefined for a file with YAML errors: its addresses are the parser's guesses. */
  usable?: { connectors: string[]; publicHosts: string[]; dial: DialAndPort };
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

const factsOfDoc = new WeakMap<ValuesDocument, DocFacts>();

function docFacts(doc: ValuesDocument): DocFacts {
  let facts = factsOfDoc.get(doc);
  if (facts) return facts;
  const folder = dirname(doc.file);
  const port = publicPort(doc).port;
  // Broken YAML gives guessed addresses; its folder and port still count, as they did before the error.
  if (hasSyntaxErrors(doc)) facts = { key: `${folder}|${port ?? ''}|broken`, folder, port };
  else {
    const connectors = connectorHosts(doc);
    const publicHosts = doc.values.publicAddresses.entries.filter((e) => !e.placeholder && e.text.trim() !== '').map((e) => normalizeHost(e.text));
    const dial = { host: dialHost(doc), port };
    facts = { key: `${folder}|${port ?? ''}|${connectors.join(',')}|${publicHosts.join(',')}|${dial.host ?? ''}`, folder, port, usable: { connectors, publicHosts, dial } };
  }
  factsOfDoc.set(doc, facts);
  return facts;
}

/** The last facts worked out, and from what: a model whose values say the same gets the same object back. */
let last: { docs: readonly DocFacts[]; proxyFiles: readonly string[]; facts: ValuesFacts } | undefined;

function valuesFacts(model: WorkspaceModel): ValuesFacts {
  const docs = model.values.map(docFacts);
  // The usual case, an nginx edit: the same documents, so not even the key needs building.
  if (last && last.proxyFiles === model.proxyFiles && sameList(last.docs, docs)) return last.facts;
  const key = `${model.proxyFiles.join('\n')}\0${docs.map((d) => d.key).join('\0')}`;
  if (last?.facts.key === key) {
    last = { docs, proxyFiles: model.proxyFiles, facts: last.facts };
    return last.facts;
  }
  const ports = [...new Set<number | undefined>([undefined, ...docs.map((d) => d.port)])];
  const connectors = new Set<string>();
  const publicHosts = new Set<string>();
  const dials: DialAndPort[] = [];
  const dialsByHost = new Map<string, DialAndPort[]>();
  for (const { usable } of docs) {
    if (!usable) continue;
    for (const host of usable.connectors) connectors.add(host);
    for (const host of usable.publicHosts) publicHosts.add(host);
    dials.push(usable.dial);
    if (usable.dial.host !== undefined) pushTo(dialsByHost, usable.dial.host, usable.dial);
  }
  const folders = new Set(docs.map((d) => d.folder));
  const facts = { key, ports, connectors, forwardedByProxies: new Set<string>(), publicHosts, folders, proxyFiles: model.proxyFiles, dials, dialsByHost };
  last = { docs, proxyFiles: model.proxyFiles, facts };
  return facts;
}

/** What a tie depends on in one relay, read once per tree (the values facts change far more often). */
interface RelayFacts {
  server: StreamServer;
  /** The index among the tree's stream servers (for the evidence key). */
  index: number;
  file: string;
  folder: string;
  named: boolean;
  /** The hosts it forwards to, as the stream model keeps them (normalised like normalizeHost). */
  targets: readonly string[];
  listenHosts: readonly string[];
}

/** A tree's relays for a set of public ports, and the explicit listen hosts of all its servers. */
interface TreeRelays {
  portsKey: string;
  relays: readonly RelayFacts[];
  listenHosts: readonly string[];
}

const relaysOfTree = new WeakMap<NginxConfigTree, TreeRelays>();

function targetHosts(server: StreamServer): string[] {
  const target = server.proxyPass?.target;
  if (target?.kind === 'address') return [target.host];
  if (target?.kind === 'upstream') return target.upstream.servers.flatMap((s) => (s.host === undefined ? [] : [s.host]));
  return [];
}

function treeRelays(tree: NginxConfigTree, ports: readonly (number | undefined)[]): TreeRelays {
  const portsKey = ports.join(',');
  const cached = relaysOfTree.get(tree);
  if (cached?.portsKey === portsKey) return cached;
  const relays: RelayFacts[] = [];
  const listenHosts = new Set<string>();
  tree.stream.servers.forEach((server, index) => {
    for (const l of server.listens) if (l.host !== undefined) listenHosts.add(l.host);
    if (!ports.some((port) => isIkeRelay(server, port))) return;
    const file = server.node.file.path;
    relays.push({
      server,
      index,
      file,
      folder: dirname(file),
      named: namedForFabEdge(server),
      targets: targetHosts(server),
      listenHosts: server.listens.flatMap((l) => (l.host === undefined ? [] : [l.host])),
    });
  });
  const found = { portsKey, relays, listenHosts: [...listenHosts] };
  relaysOfTree.set(tree, found);
  return found;
}

/** A tie that holds for a whole file: the setting names it, or a values file sits beside it. */
function fileTie(path: string, folder: string, facts: ValuesFacts): FabEdgeTie | undefined {
  if (facts.proxyFiles.length > 0 && matchesAnyGlob(path, facts.proxyFiles)) return 'setting';
  return facts.folders.has(folder) ? 'folder' : undefined;
}

function relayTie(relay: RelayFacts, rootTie: FabEdgeTie | undefined, facts: ValuesFacts): FabEdgeTie | undefined {
  const ownTie = fileTie(relay.file, relay.folder, facts);
  if (ownTie === 'setting' || rootTie === 'setting') return 'setting';
  if (relay.named) return 'name';
  if (relay.targets.some((host) => facts.connectors.has(host))) return 'connector';
  if (relay.targets.some((host) => facts.publicHosts.has(host)) || relay.listenHosts.some((host) => facts.publicHosts.has(host))) return 'public-address';
  const placed = ownTie ?? rootTie;
  if (placed) return placed;
  return relay.targets.some((host) => facts.forwardedByProxies.has(host)) ? 'connector' : undefined;
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
function portForTree(listenHosts: readonly string[], facts: ValuesFacts): number | undefined {
  const matching: DialAndPort[] = [];
  for (const host of listenHosts) matching.push(...(facts.dialsByHost.get(host) ?? []));
  return onePort(matching.length > 0 ? matching : facts.dials);
}

/** What the facts decide for a tree: the tie of each relay (in treeRelays order), the tree's own tie and its port. */
interface TreeTies {
  relays: readonly RelayFacts[];
  ties: readonly (FabEdgeTie | undefined)[];
  whole: boolean;
  port: number | undefined;
}

function treeTies(tree: NginxConfigTree, facts: ValuesFacts): TreeTies {
  const { relays, listenHosts } = treeRelays(tree, facts.ports);
  const rootTie = fileTie(tree.root, dirname(tree.root), facts);
  const ties = relays.map((relay) => relayTie(relay, rootTie, facts));
  let whole = rootTie !== undefined || ties.some((tie) => tie !== undefined);
  if (!whole) for (const file of tree.files.values()) if (fileTie(file.path, dirname(file.path), facts)) whole = true;
  return { relays, ties, whole, port: whole ? portForTree(listenHosts, facts) : undefined };
}

function sameTies(a: TreeTies, b: TreeTies): boolean {
  return a.relays === b.relays && a.whole === b.whole && a.port === b.port && sameList(a.ties, b.ties);
}

function evidenceOf({ relays, ties, whole, port }: TreeTies): TreeEvidence {
  const fabedge = new Map<StreamServer, FabEdgeTie>();
  const tied: string[] = [];
  const forwardsTo = new Set<string>();
  relays.forEach((relay, i) => {
    const tie = ties[i];
    if (tie === undefined) return;
    fabedge.set(relay.server, tie);
    tied.push(`${relay.index}:${tie}`);
    for (const host of relay.targets) if (!isLoopback(host)) forwardsTo.add(host);
  });
  return { publicPort: port, fabedge, tree: whole, key: `${port ?? ''}|${whole}|${tied.join(',')}`, forwardsTo: [...forwardsTo] };
}

type EvidenceCache = WeakMap<NginxConfigTree, { facts: ValuesFacts; ties: TreeTies; evidence: TreeEvidence }>;

/**
 * Each tree's evidence for the facts it was worked out from: an edit elsewhere leaves it as it
 * was. One cache per pass, so that the two passes do not evict each other.
 */
const directEvidence: EvidenceCache = new WeakMap();
const finalEvidence: EvidenceCache = new WeakMap();

function cachedTreeEvidence(cache: EvidenceCache, tree: NginxConfigTree, facts: ValuesFacts): TreeEvidence {
  const cached = cache.get(tree);
  if (cached && (cached.facts === facts || cached.facts.key === facts.key)) return cached.evidence;
  const ties = treeTies(tree, facts);
  // Other facts, the same ties (an edit of an address no relay uses): the same evidence object, so
  // the proxies built from it, and the workspace rules' findings about them, are kept.
  const evidence = cached && sameTies(cached.ties, ties) ? cached.evidence : evidenceOf(ties);
  cache.set(tree, { facts, ties, evidence });
  return evidence;
}

/** 127.0.0.0/8, ::1 and localhost name a different machine in every tree: they tie nothing to anything. */
function isLoopback(host: string): boolean {
  return host.startsWith('127.') || host === '::1' || host === 'localhost';
}

/** The last facts of the second pass: the same object while the values and the forwarded hosts stay. */
let lastExtended: ValuesFacts | undefined;

function buildEvidence(model: WorkspaceModel): ReadonlyMap<NginxConfigTree, TreeEvidence> {
  const facts = valuesFacts(model);
  const direct = model.nginx.map((tree) => cachedTreeEvidence(directEvidence, tree, facts));
  // A relay that forwards where a FabEdge proxy forwards reaches the same connector.
  const forwarded = new Set<string>();
  for (const evidence of direct) for (const host of evidence.forwardsTo) if (!facts.connectors.has(host)) forwarded.add(host);
  if (forwarded.size === 0) return new Map(model.nginx.map((tree, i) => [tree, direct[i]]));
  const key = `${facts.key}\0${[...forwarded].sort().join(',')}`;
  if (lastExtended?.key !== key) lastExtended = { ...facts, forwardedByProxies: forwarded, key };
  const extended = lastExtended;
  return new Map(model.nginx.map((tree) => [tree, cachedTreeEvidence(finalEvidence, tree, extended)]));
}

/**
 * The evidence of every tree of a model, computed once per model object. A tree keeps its
 * evidence object while neither it nor the values facts change, so callers may compare by identity.
 */
export const proxyEvidence: (model: WorkspaceModel) => ReadonlyMap<NginxConfigTree, TreeEvidence> = rememberLast(buildEvidence);
