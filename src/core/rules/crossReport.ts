/** What the cross-file rules share beyond the proxies model: placement and related locations. */
import { basename } from '../paths';
import type { RelatedInput } from './rule';
import type { Range } from '../text';
import type { ListField, ValueEntry, ValuesDocument } from '../values/model';
import { pairAt } from '../values/layout';
import type { Node } from 'yaml';
import { entryHost } from '../cross/comparableHosts';
import { rememberLast } from '../memo';
import { explicitListenHosts, proxyLookups } from '../cross/proxyLookups';
import type { ConnectorTarget, FabEdgeProxy, ProxyIndex, ProxyListen, TreeProxySet, ValuesPath } from '../cross/proxies';
import { pushTo } from '../lists';

/** Related locations are a pointer, not a listing: a large config would flood the hover. */
const MAX_RELATED = 8;

export function fileName(doc: ValuesDocument): string {
  return basename(doc.file);
}

/** A list field's value, else its key, else the start of the file (a chart default has no place). */
export function listRange(doc: ValuesDocument, field: ListField): Range {
  if (field.explicit && field.valueRange) return field.valueRange;
  if (field.explicit && field.keyRange) return field.keyRange;
  const parent = pairAt(doc.yaml, field.path.slice(0, -1))?.key as Node | undefined;
  return parent?.range ? doc.lines.rangeOf(parent.range[0], parent.range[1]) : doc.lines.rangeOf(0, 0);
}

/** An entry's range, else its list's (listRange, not fieldRange: a default list points at its parent key). */
export function listEntryRange(doc: ValuesDocument, field: ListField, entry: ValueEntry): Range {
  return entry.range ?? listRange(doc, field);
}

/** Where a finding about the dial address goes: the first entry, else the field. */
export function dialRange(path: ValuesPath): Range {
  return path.dial?.range ?? listRange(path.doc, path.doc.values.publicAddresses);
}

/** The note of `listenRelated`, for the messages of each rule that uses it. */
export const LISTEN_RELATED_MESSAGES = {
  proxyListensHere: { en: 'The FabEdge proxy listens here ({address}).', 'zh-cn': 'FabEdge 代理在此监听（{address}）。' },
};

export function listenRelated(listens: readonly ProxyListen[]): RelatedInput<'proxyListensHere'>[] {
  return listens.slice(0, MAX_RELATED).map((l) => ({
    file: l.file,
    range: l.statementRange,
    messageId: 'proxyListensHere',
    args: { address: l.listen.addressArg.value },
  }));
}

/** The note of `targetRelated`, for the messages of each rule that uses it. */
export const TARGET_RELATED_MESSAGES = {
  forwardsHere: { en: 'nginx forwards FabEdge traffic to {target} here.', 'zh-cn': 'nginx 在此将 FabEdge 流量转发到 {target}。' },
};

export function targetRelated(targets: readonly ConnectorTarget[]): RelatedInput<'forwardsHere'>[] {
  return targets.slice(0, MAX_RELATED).map((t) => ({
    file: t.file,
    range: t.range,
    messageId: 'forwardsHere',
    args: { target: t.node.directive.args[0]?.value ?? t.hostText },
  }));
}

/** Every connector target of the proxies whose host is `host`. */
export function targetsAt(index: ProxyIndex, host: string): readonly ConnectorTarget[] {
  return proxyLookups(index).targetsByHost.get(host) ?? [];
}

/** The proxies that forward to `host`. */
export function proxiesForwardingTo(index: ProxyIndex, host: string): readonly FabEdgeProxy[] {
  return proxyLookups(index).forwardersByHost.get(host) ?? [];
}

/** `host:port` as nginx writes it (IPv6 in brackets); the host alone when there is no port. */
export function hostPort(host: string, port: number | undefined): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return port === undefined ? h : `${h}:${port}`;
}

/**
 * Why the edges of a values file miss the proxy, as the values-side rules report it; undefined
 * when they reach it (or a wildcard listen takes any address).
 * - `bypass`: they dial an upstream target (public-address-bypasses-proxy);
 * - `absent`: no entry is a proxy address; `not-first`: one is, but not the dialled first one
 *   (both public-address-not-proxied).
 */
export function dialMismatch(index: ProxyIndex, path: ValuesPath): DialMismatch {
  // Several rules ask for every path; the answer depends only on the index the path belongs to.
  const memo = answersOf(index).mismatch;
  if (memo.has(path)) return memo.get(path);
  const result = computeDialMismatch(index, path);
  memo.set(path, result);
  return result;
}

type DialMismatch = 'bypass' | 'absent' | 'not-first' | undefined;

/**
 * What the rules ask of each path of one index, kept with that index. Not WeakMaps keyed by the
 * paths: each edit makes new paths, and V8 promotes a WeakMap's entries (memo.ts).
 */
const answersOf = rememberLast((_index: ProxyIndex) => ({
  mismatch: new Map<ValuesPath, DialMismatch>(),
  offered: new Map<ValuesPath, readonly string[]>(),
}));

function computeDialMismatch(index: ProxyIndex, path: ValuesPath): DialMismatch {
  if (index.proxies.length === 0 || path.syntaxErrors || !path.dial) return undefined;
  const lookups = proxyLookups(index);
  const hosts = lookups.listensByHost;
  if (hosts.has(path.dial.host)) return undefined;
  if (lookups.targetsByHost.has(path.dial.host)) return 'bypass';
  if (lookups.wildcard) return undefined;
  const named = path.doc.values.publicAddresses.entries.some((e) => !e.placeholder && hosts.has(entryHost(e)));
  return named ? 'not-first' : 'absent';
}

/** At most this many proxy addresses are offered to a values file that misses the proxy; with more, only the nearest. */
const MAX_OFFERED_HOSTS = 3;

/**
 * The proxy addresses the values-side finding about a mismatched path names (its fixes and
 * related locations): for a bypass, the proxies forwarding to the dialled host; otherwise the
 * nearest proxy addresses. Empty when the path reaches the proxy.
 */
export function hostsOfferedFor(index: ProxyIndex, path: ValuesPath): readonly string[] {
  // Two rules ask for every mismatched path; like dialMismatch, the answer depends only on the path's index.
  const memo = answersOf(index).offered;
  let hosts = memo.get(path);
  if (!hosts) {
    const mismatch = dialMismatch(index, path);
    if (mismatch === undefined || !path.dial) hosts = [];
    else if (mismatch === 'bypass') hosts = explicitListenHosts(proxiesForwardingTo(index, path.dial.host));
    else hosts = nearestHosts(index, path.doc.file, MAX_OFFERED_HOSTS);
    memo.set(path, hosts);
  }
  return hosts;
}

/**
 * The hosts of one tree's proxies by the folders of their files: for each folder prefix (the path
 * up to and including a `/`), the hosts with a listen below it. Kept with the tree's proxies, so an
 * edit works out the folders of the trees it changed, not of every listen of the workspace.
 */
function treeFolders(part: TreeProxySet): ReadonlyMap<string, ReadonlySet<string>> {
  let folders = foldersOfTree.get(part);
  if (!folders) {
    folders = new Map<string, Set<string>>();
    for (const proxy of part.proxies) {
      for (const listen of proxy.listens) {
        if (listen.host === undefined) continue;
        for (const prefix of folderPrefixes(listen.file)) {
          const hosts = folders.get(prefix);
          if (hosts) hosts.add(listen.host);
          else folders.set(prefix, new Set([listen.host]));
        }
      }
    }
    foldersOfTree.set(part, folders);
  }
  return folders;
}

const foldersOfTree = new WeakMap<TreeProxySet, Map<string, Set<string>>>();

/** Per index: each explicit host's ordinal in explicitHosts, the trees by folder, and the hosts below each folder asked about. */
const folderLookups = rememberLast((index: ProxyIndex) => {
  const ordinals = new Map<string, number>();
  proxyLookups(index).explicitHosts.forEach((host, ordinal) => ordinals.set(host, ordinal));
  const treesByFolder = new Map<string, TreeProxySet[]>();
  for (const part of index.trees) for (const prefix of treeFolders(part).keys()) pushTo(treesByFolder, prefix, part);
  return { ordinals, treesByFolder, hostsUnder: new Map<string, readonly number[]>() };
});

/** The ordinals in explicitHosts of the hosts with a listen below a folder, in that order. */
function hostsUnder(index: ProxyIndex, prefix: string): readonly number[] {
  const lookups = folderLookups(index);
  let hosts = lookups.hostsUnder.get(prefix);
  if (!hosts) {
    const found = new Set<number>();
    for (const part of lookups.treesByFolder.get(prefix) ?? []) {
      for (const host of treeFolders(part).get(prefix) ?? []) {
        const ordinal = lookups.ordinals.get(host);
        if (ordinal !== undefined) found.add(ordinal);
      }
    }
    hosts = [...found].sort((a, b) => a - b);
    lookups.hostsUnder.set(prefix, hosts);
  }
  return hosts;
}

/**
 * The folder prefixes of a path (`/`, `/a/`, `/a/b/`), kept per path: the same strings each edit,
 * whose hashes the maps they key then need not compute again.
 */
function folderPrefixes(file: string): readonly string[] {
  let prefixes = prefixesOf.get(file);
  if (!prefixes) {
    prefixes = [];
    for (let slash = file.indexOf('/'); slash >= 0; slash = file.indexOf('/', slash + 1)) prefixes.push(file.slice(0, slash + 1));
    // Files come and go in a long-running server: start again rather than grow without end.
    if (prefixesOf.size >= MAX_PREFIXED_FILES) prefixesOf.clear();
    prefixesOf.set(file, prefixes);
  }
  return prefixes;
}

const prefixesOf = new Map<string, string[]>();
/** Far above the nginx and values files of the largest workspace benchmarked (10,000). */
const MAX_PREFIXED_FILES = 100_000;

/**
 * The explicit proxy hosts most likely meant for a values file, at most `limit`: those whose
 * proxy files share the most folders with it, then in workspace order. A fix per host of a
 * workspace with hundreds of sites would be a list no person reads.
 */
function nearestHosts(index: ProxyIndex, file: string, limit: number): string[] {
  const hosts = proxyLookups(index).explicitHosts;
  if (hosts.length <= limit) return [...hosts];
  if (limit <= 0) return [];
  // A host's score is the most folders one of its files shares with `file`: the deepest shared
  // prefix it appears under. From the deepest prefix up, each level adds its hosts in workspace order.
  const prefixes = folderPrefixes(file);
  const chosen: number[] = [];
  const taken = new Set<number>();
  for (let depth = prefixes.length - 1; depth >= 0 && chosen.length < limit; depth--) {
    for (const ordinal of hostsUnder(index, prefixes[depth])) {
      if (chosen.length >= limit) break;
      if (taken.has(ordinal)) continue;
      chosen.push(ordinal);
      taken.add(ordinal);
    }
  }
  // Hosts sharing no folder (relative paths) score 0: workspace order.
  for (let ordinal = 0; ordinal < hosts.length && chosen.length < limit; ordinal++) {
    if (!taken.has(ordinal)) {
      chosen.push(ordinal);
      taken.add(ordinal);
    }
  }
  return chosen.map((ordinal) => hosts[ordinal]);
}
