/** The editor's questions of the proxy model: what sits at a position (hover, go-to-definition). */
import type { Position, Range } from '../text';
import type { ConnectorTarget, FabEdgeProxy, ProxyIndex, ProxyListen, ValuesPath } from './proxies';

function contains(range: Range, position: Position): boolean {
  const after = (a: Position, b: Position) => a.line > b.line || (a.line === b.line && a.character >= b.character);
  return after(position, range.start) && after(range.end, position);
}

/** What sits at a position of an nginx file: a proxy's listen or connector target (hover, go-to-definition). */
export function proxyPartAt(
  index: ProxyIndex,
  file: string,
  position: Position,
): { proxy: FabEdgeProxy; listen: ProxyListen } | { proxy: FabEdgeProxy; target: ConnectorTarget } | undefined {
  for (const proxy of index.proxies) {
    const listen = proxy.listens.find((l) => l.file === file && contains(l.statementRange, position));
    if (listen) return { proxy, listen };
    const target = proxy.targets.find((t) => t.file === file && contains(t.range, position));
    if (target) return { proxy, target };
  }
  return undefined;
}

/** The values path whose dial address or public port sits at a position of a values file. */
export function valuesPathAt(index: ProxyIndex, file: string, position: Position): ValuesPath | undefined {
  return index.paths.find(
    (p) => p.doc.file === file && ((p.dial?.range !== undefined && contains(p.dial.range, position)) || (p.port.range !== undefined && contains(p.port.range, position))),
  );
}
