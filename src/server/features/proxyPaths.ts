import type { CodeLens, Hover, Location, Position } from 'vscode-languageserver';
import { proxyIndex, type FabEdgeProxy, type ProxyIndex, type ValuesPath } from '../../core/cross/proxies';
import { localize, type Locale } from '../../core/l10n';
import { basename } from '../../core/paths';
import type { Range } from '../../core/text';
import type { WorkspaceModel } from '../../core/cross/workspaceModel';
import { SHOW_LOCATIONS_COMMAND, type ShowLocationsArguments } from '../../shared/protocol';
import type { UriMapper } from '../lsp/uris';

/**
 * The path edges take from a values file to the connector, told in the editor: a CodeLens
 * above `connectorPublicAddresses`, the same text on hover, and jumps between the address in
 * the values file and the nginx lines that serve it.
 */

const TEXT = {
  path: { en: 'edges → {address} UDP {ports} ({where}) → connector {targets}', 'zh-cn': '边缘节点 → {address} UDP {ports}（{where}）→ connector {targets}' },
  notServed: { en: 'edges → {address} UDP {ports}: no nginx proxy in this workspace listens there', 'zh-cn': '边缘节点 → {address} UDP {ports}：此工作区中没有 nginx 代理监听该地址' },
  noProxy: { en: 'no nginx proxy in this workspace: edges dial {address} UDP {ports} directly', 'zh-cn': '此工作区中没有 nginx 代理：边缘节点直接拨号 {address} UDP {ports}' },
  noAddress: { en: 'no connectorPublicAddresses: edges have nothing to dial', 'zh-cn': '没有 connectorPublicAddresses：边缘节点无处拨号' },
  unknownTargets: { en: 'unknown', 'zh-cn': '未知' },
  valuesFile: { en: 'named in {file}:{line} ({address})', 'zh-cn': '在 {file}:{line} 中被引用（{address}）' },
};

function uniq<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function contains(range: Range, position: Position): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}

/** One line describing where the edges of this values file end up. */
function describePath(path: ValuesPath, index: ProxyIndex, locale: Locale): string {
  if (!path.dial) return localize(TEXT.noAddress, locale);
  const ports = path.ports.join(', ');
  if (index.proxies.length === 0) return localize(TEXT.noProxy, locale, { address: path.dial.text, ports });
  if (path.hops.length === 0) return localize(TEXT.notServed, locale, { address: path.dial.text, ports });
  const where = uniq(path.hops.map((hop) => `${basename(hop.listen.file)}:${hop.listen.range.start.line + 1}`)).join(', ');
  const targets = uniq(path.proxies.flatMap((proxy) => proxy.targets.map((t) => t.hostText)));
  return localize(TEXT.path, locale, {
    address: path.dial.text,
    ports,
    where,
    targets: targets.length > 0 ? targets.join(', ') : localize(TEXT.unknownTargets, locale),
  });
}

export class ProxyPathFeatures {
  constructor(
    private readonly uris: UriMapper,
    private readonly model: () => WorkspaceModel | undefined,
    private readonly locale: () => Locale,
  ) {}

  private index(): ProxyIndex | undefined {
    const model = this.model();
    return model ? proxyIndex(model) : undefined;
  }

  private pathOf(file: string): { path: ValuesPath; index: ProxyIndex } | undefined {
    const index = this.index();
    const path = index?.paths.find((p) => p.doc.file === file);
    return path && index ? { path, index } : undefined;
  }

  codeLenses(file: string): CodeLens[] {
    const found = this.pathOf(file);
    if (!found) return [];
    const field = found.path.doc.values.publicAddresses;
    const range = field.keyRange ?? field.entries[0]?.range;
    if (!range) return [];
    const title = describePath(found.path, found.index, this.locale());
    const targets = found.path.hops.map((hop) => ({ uri: this.uris.toUri(hop.listen.file), range: hop.listen.statementRange }));
    const showLocations: ShowLocationsArguments = [this.uris.toUri(file), range.start, targets];
    return [
      {
        range,
        command: targets.length > 0
          ? { title, command: SHOW_LOCATIONS_COMMAND, arguments: showLocations }
          : { title, command: '' },
      },
    ];
  }

  /**
   * On connectorPublicAddresses (key or any address): the path the edges take. On the listen
   * line of a FabEdge proxy: the values files whose edges come through it.
   */
  hover(file: string, position: Position): Hover | undefined {
    const found = this.pathOf(file);
    if (!found) return this.listenHover(file, position);
    const field = found.path.doc.values.publicAddresses;
    const ranges = [field.keyRange, ...field.entries.map((e) => e.range)].filter((r): r is Range => r !== undefined);
    const hit = ranges.find((r) => contains(r, position));
    if (!hit) return undefined;
    return { contents: { kind: 'markdown', value: describePath(found.path, found.index, this.locale()) }, range: hit };
  }

  private listenHover(file: string, position: Position): Hover | undefined {
    const index = this.index();
    const listen = index?.proxies.flatMap((p) => p.listens).find((l) => l.file === file && contains(l.statementRange, position));
    if (!index || !listen) return undefined;
    const lines = index.paths
      .filter((p) => p.hops.some((hop) => hop.listen === listen) && p.dial?.range)
      .map((p) => `- ${localize(TEXT.valuesFile, this.locale(), { file: basename(p.doc.file), line: (p.dial?.range?.start.line ?? 0) + 1, address: p.dial?.text ?? '' })}`);
    return lines.length > 0 ? { contents: { kind: 'markdown', value: lines.join('\n') }, range: listen.statementRange } : undefined;
  }

  /**
   * From a values address to the nginx listens that serve it; from an nginx listen or upstream
   * server to the values entries whose edges go through that proxy.
   */
  definition(file: string, position: Position): Location[] {
    const index = this.index();
    if (!index) return [];
    const path = index.paths.find((p) => p.doc.file === file);
    if (path) {
      const onAddress = path.doc.values.publicAddresses.entries.some((e) => e.range && contains(e.range, position));
      if (!onAddress) return [];
      return path.hops.map((hop) => ({ uri: this.uris.toUri(hop.listen.file), range: hop.listen.statementRange }));
    }
    const proxy = index.proxies.find(
      (p) =>
        p.listens.some((l) => l.file === file && contains(l.statementRange, position)) ||
        p.targets.some((t) => t.file === file && contains(t.range, position)),
    );
    if (!proxy) return [];
    return this.valuesEntriesFor(index, proxy);
  }

  private valuesEntriesFor(index: ProxyIndex, proxy: FabEdgeProxy): Location[] {
    return index.paths
      .filter((p) => p.proxies.includes(proxy) && p.dial?.range)
      .map((p) => ({ uri: this.uris.toUri(p.doc.file), range: p.dial?.range as Range }));
  }

  /** The nginx files in front of a values file, for the status item. */
  nginxFilesFor(file: string): string[] {
    const found = this.pathOf(file);
    return found ? uniq(found.path.hops.map((hop) => this.uris.toUri(hop.listen.file))) : [];
  }

  /** For the status item on an nginx file: the values files whose edges come through it. */
  valuesFilesFor(file: string): string[] {
    const index = this.index();
    if (!index) return [];
    return uniq(
      index.paths
        .filter((p) => p.hops.some((hop) => hop.listen.file === file))
        .map((p) => this.uris.toUri(p.doc.file)),
    );
  }
}
