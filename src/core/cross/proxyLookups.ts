/**
 * Lookups derived from a ProxyIndex that several rules need, each computed once per index: the
 * workspace rules each ran them per values file or per proxy, which is quadratic on a workspace
 * with thousands of proxies.
 */
import { rememberLast } from '../memo';
import type { ConnectorTarget, FabEdgeProxy, ProxyIndex, ProxyListen, ValuesPath } from './proxies';

/** What the rules look up in a ProxyIndex by host, by proxy and by values file. */
export interface ProxyLookups {
  /** Explicit listen hosts, each once, in proxy order (messages and fixes list them in this order). */
  explicitHosts: readonly string[];
  /** Every explicit listen, in proxy order. */
  explicitListens: readonly ProxyListen[];
  listensByHost: ReadonlyMap<string, readonly ProxyListen[]>;
  /** Some proxy has a wildcard listen. */
  wildcard: boolean;
  /** Connector targets by normalised host, in proxy order. */
  targetsByHost: ReadonlyMap<string, readonly ConnectorTarget[]>;
  /** The proxies forwarding to a host, each once, in proxy order. */
  forwardersByHost: ReadonlyMap<string, readonly FabEdgeProxy[]>;
  /** The values paths without syntax errors, in the model's order. */
  usablePaths: readonly ValuesPath[];
  /** pathsFor of each proxy that some usable path reaches; the others get usablePaths. */
  usableThrough: ReadonlyMap<FabEdgeProxy, readonly ValuesPath[]>;
}

/** The lookups of an index, computed once per index object (so once per model, like the index). */
export const proxyLookups: (index: ProxyIndex) => ProxyLookups = rememberLast(buildLookups);

function buildLookups(index: ProxyIndex): ProxyLookups {
  const { hosts } = index;
  const usablePaths = index.paths.filter((p) => !p.syntaxErrors);
  // Proxies reached by the same paths share one array, so that a rule judging each array once
  // (upstream targets, say) judges each combination once, not each proxy: a trie of the paths
  // seen so far, whose node for a combination holds its array.
  const root: ThroughNode = { paths: [], next: new Map() };
  const nodeOf = new Map<FabEdgeProxy, ThroughNode>();
  for (const path of usablePaths) {
    for (const proxy of path.proxies) {
      const from = nodeOf.get(proxy) ?? root;
      let node = from.next.get(path);
      if (!node) from.next.set(path, (node = { paths: [...from.paths, path], next: new Map() }));
      nodeOf.set(proxy, node);
    }
  }
  const usableThrough = new Map<FabEdgeProxy, readonly ValuesPath[]>();
  for (const [proxy, node] of nodeOf) usableThrough.set(proxy, node.paths);
  return {
    explicitHosts: [...hosts.listensByHost.keys()],
    explicitListens: hosts.explicitListens,
    listensByHost: hosts.listensByHost,
    wildcard: hosts.wildcards.length > 0,
    targetsByHost: hosts.targetsByHost,
    forwardersByHost: hosts.forwardersByHost,
    usablePaths,
    usableThrough,
  };
}

/** The paths reaching some proxies, and what one more path makes of them. */
interface ThroughNode {
  readonly paths: readonly ValuesPath[];
  readonly next: Map<ValuesPath, ThroughNode>;
}

/** Explicit (non-wildcard) listen hosts of the proxies, each once, in proxy order. */
export function explicitListenHosts(proxies: readonly FabEdgeProxy[]): string[] {
  // A Set, not includes(): a glob can include thousands of proxies.
  const hosts = new Set<string>();
  for (const proxy of proxies) for (const l of proxy.listens) if (l.host !== undefined) hosts.add(l.host);
  return [...hosts];
}

/**
 * The values paths that concern a proxy: those whose edges reach it; when no values file's
 * edges do (addresses that do not match yet), every values file, so a mismatch is still judged.
 */
export function pathsFor(index: ProxyIndex, proxy: FabEdgeProxy): readonly ValuesPath[] {
  const lookups = proxyLookups(index);
  // Proxies no path reaches share one array: callers may memoise per array.
  return lookups.usableThrough.get(proxy) ?? lookups.usablePaths;
}
