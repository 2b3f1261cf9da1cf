import { defineRule, type RuleMessages } from './rule';
import { entryHost } from '../cross/comparableHosts';
import { proxyIndex, type FabEdgeProxy, type ProxyListen } from '../cross/proxies';
import { fileName, hostsOfferedFor } from './crossReport';

const MESSAGES = {
  notReferenced: {
    en: 'This FabEdge proxy listens on {address}, but no values file ({files}) lists {address} in connectorPublicAddresses, so no edge dials it.',
    'zh-cn': '此 FabEdge 代理监听 {address}，但没有任何 values 文件（{files}）在 connectorPublicAddresses 中列出 {address}，因此没有边缘节点连接它。',
  },
  edgesDial: { en: 'The edges of this values file dial {address}.', 'zh-cn': '此 values 文件的边缘节点连接 {address}。' },
} satisfies RuleMessages;

/**
 * A FabEdge proxy on an address no values file names: no edge dials it. Often a stale proxy, or a
 * values file that was not updated when the proxy was set up.
 */
export const proxyNotReferenced = defineRule({
  scope: 'workspace',
  meta: {
    id: 'proxy-not-referenced',
    defaultSeverity: 'warning',
    fixable: false,
    description: {
      en: 'A FabEdge nginx proxy listens on an address that no connectorPublicAddresses entry names.',
      'zh-cn': 'FabEdge nginx 代理监听的地址未出现在任何 connectorPublicAddresses 中。',
    },
    messages: MESSAGES,
  },
  check(model, ctx) {
    const index = proxyIndex(model);
    if (index.uncertain) return;
    const paths = index.paths.filter((p) => !p.syntaxErrors);
    if (paths.length === 0) return;
    // One finding, one place: a values file whose edges miss the proxy is reported there, naming
    // these proxy addresses; repeating it on their listens would say the same thing twice.
    const offered = new Set(paths.flatMap((p) => hostsOfferedFor(index, p)));
    const named = new Set(paths.flatMap((p) => p.doc.values.publicAddresses.entries.filter((e) => !e.placeholder).map(entryHost)));
    // The same for every finding: joined once, not once per listen.
    const files = [...new Set(paths.map((p) => fileName(p.doc)))].join(', ');
    // One list for every finding (RuleContext localises it once).
    const related = paths.slice(0, 8).flatMap((p) =>
      p.dial?.range
        ? [{ file: p.doc.file, range: p.dial.range, messageId: 'edgesDial' as const, args: { address: p.dial.text } }]
        : [],
    );
    // What each proxy's findings read besides the proxy: when these stay, so do the findings of every proxy not edited.
    const shared = ctx.sharedInput(`${files}\0${related.map((r) => `${r.file}:${r.range.start.line}:${r.range.start.character}:${r.args.address}`).join('\n')}`);
    const unreferenced = (listen: ProxyListen) => listen.host !== undefined && !named.has(listen.host) && !offered.has(listen.host);
    const reportProxy = (proxy: FabEdgeProxy) => {
      for (const listen of proxy.listens) {
        if (!unreferenced(listen)) continue;
        ctx.report({
          file: listen.file,
          range: listen.range,
          messageId: 'notReferenced',
          args: { address: listen.listen.addressArg.value.replace(/:\d+(-\d+)?$/, ''), files },
          related,
        });
      }
    };
    for (const proxy of index.proxies) ctx.forSubject(proxy, [shared, unreferencedListens(proxy, unreferenced)], reportProxy);
  },
});

/**
 * Which listens of a proxy are unreferenced, as one value to compare with the last run's: a bit
 * per listen, a string of them for a proxy with more listens than a number holds bits exactly.
 */
function unreferencedListens(proxy: FabEdgeProxy, unreferenced: (listen: ProxyListen) => boolean): number | string {
  const { listens } = proxy;
  if (listens.length > 52) return listens.map((listen) => (unreferenced(listen) ? '1' : '0')).join('');
  let bits = 0;
  for (const listen of listens) bits = bits * 2 + (unreferenced(listen) ? 1 : 0);
  return bits;
}
