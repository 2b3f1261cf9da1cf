import { defineRule, type RuleMessages } from './rule';
import { entryHost } from '../cross/comparableHosts';
import { proxyIndex, type FabEdgeProxy } from '../cross/proxies';
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
    const offered = new Set<string>();
    const named = new Set<string>();
    for (const path of paths) {
      for (const host of hostsOfferedFor(index, path)) offered.add(host);
      for (const entry of path.doc.values.publicAddresses.entries) if (!entry.placeholder) named.add(entryHost(entry));
    }
    // The same for every finding: joined once, not once per listen.
    const files = [...new Set(paths.map((p) => fileName(p.doc)))].join(', ');
    // One list for every finding (RuleContext localises it once).
    const related = paths.slice(0, 8).flatMap((p) =>
      p.dial?.range
        ? [{ file: p.doc.file, range: p.dial.range, messageId: 'edgesDial' as const, args: { address: p.dial.text } }]
        : [],
    );
    // What each tree's findings read besides its proxies and hosts: when these stay, so do the findings of every tree not edited.
    const shared = ctx.sharedInput(`${files}\0${related.map((r) => `${r.file}:${r.range.start.line}:${r.range.start.character}:${r.args.address}`).join('\n')}`);
    const unreferenced = (host: string) => !named.has(host) && !offered.has(host);
    const reportProxy = (proxy: FabEdgeProxy) => {
      for (const listen of proxy.listens) {
        if (listen.host === undefined || !unreferenced(listen.host)) continue;
        ctx.report({
          file: listen.file,
          range: listen.range,
          messageId: 'notReferenced',
          args: { address: listen.listen.addressArg.value.replace(/:\d+(-\d+)?$/, ''), files },
          related,
        });
      }
    };
    // Whether a listen is reported depends on its host alone: a tree's findings stay while its
    // proxies, the shared text and which of its hosts are unreferenced do. A tree at a time, not
    // a proxy at a time: an edit then costs a look at each tree's few hosts.
    for (const part of index.trees) {
      const hosts = unreferencedHosts(part.listenHosts, unreferenced);
      if (hosts === 0) continue;
      ctx.forSubject(part, [shared, hosts], () => {
        for (const proxy of part.proxies) reportProxy(proxy);
      });
    }
  },
});

/**
 * Which hosts of a tree are unreferenced, as one value to compare with the last run's: a bit per
 * host, a string of them for a tree with more hosts than a number holds bits exactly.
 */
function unreferencedHosts(hosts: readonly string[], unreferenced: (host: string) => boolean): number | string {
  if (hosts.length > 52) return hosts.map((host) => (unreferenced(host) ? '1' : '0')).join('');
  let bits = 0;
  for (const host of hosts) bits = bits * 2 + (unreferenced(host) ? 1 : 0);
  return bits;
}
