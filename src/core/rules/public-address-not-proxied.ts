import { defineRule, type FixInput, type RuleMessages } from './rule';
import { dialMismatch, dialRange, fileName, hostsOfferedFor, LISTEN_RELATED_MESSAGES, listenRelated } from './crossReport';
import { entryHost, isIpLiteral } from '../cross/comparableHosts';
import { proxyIndex } from '../cross/proxies';
import { proxyLookups } from '../cross/proxyLookups';
import { insertFirstEntry, moveToFirst, replaceAddressEntry } from '../values/textEdits';

const MESSAGES = {
  proxyNotFirst: {
    en: '{key} lists the FabEdge proxy {proxy}, but not first: strongSwan on the edges dials only the first entry, {address}, so no tunnel comes up through nginx. Put {proxy} first.',
    'zh-cn': '{key} 中包含 FabEdge 代理 {proxy}，但不是第一项：边缘节点的 strongSwan 只连接第一项 {address}，因此不会有隧道经由 nginx 建立。请把 {proxy} 放在第一项。',
  },
  notProxied: {
    en: 'The edges dial {address} ({key} in {file}), but the FabEdge nginx proxy listens on {proxies}: the edges\' IKE packets do not reach the proxy, so no tunnel comes up through it. Use the proxy\'s address as the first entry.',
    'zh-cn': '边缘节点连接 {address}（{file} 中的 {key}），但 FabEdge nginx 代理监听的是 {proxies}：边缘节点的 IKE 报文到不了该代理，因此不会有隧道经由它建立。请将代理地址作为第一项。',
  },
  moveToFirst: { en: 'Move {address} to the first entry', 'zh-cn': '将 {address} 移到第一项' },
  replaceWith: { en: 'Replace with {address}', 'zh-cn': '替换为 {address}' },
  addFirst: { en: 'Add {address} as the first entry', 'zh-cn': '将 {address} 添加为第一项' },
  ...LISTEN_RELATED_MESSAGES,
} satisfies RuleMessages;

/**
 * The edges dial the first connectorPublicAddresses entry, so with an nginx proxy in front
 * of the connector that entry must be an address nginx listens on. An IP literal that is neither
 * nginx's nor the connector's reaches no tunnel (the lab: no IKE_SA_INIT answer); a host name may
 * resolve to nginx, which is not looked up, so it is only a warning.
 */
export const publicAddressNotProxied = defineRule({
  scope: 'workspace',
  meta: {
    id: 'public-address-not-proxied',
    defaultSeverity: 'error',
    fixable: true,
    description: {
      en: 'The address the edges dial (the first connectorPublicAddresses entry) is not an address the FabEdge nginx proxy listens on.',
      'zh-cn': '边缘节点连接的地址（connectorPublicAddresses 的第一项）不是 FabEdge nginx 代理监听的地址。',
    },
    messages: MESSAGES,
  },
  check(model, ctx) {
    const index = proxyIndex(model);
    if (index.uncertain) return;
    const lookups = proxyLookups(index);
    const hosts = lookups.explicitHosts;
    const related = listenRelated(lookups.explicitListens);
    for (const path of index.paths) {
      const mismatch = dialMismatch(index, path);
      if ((mismatch !== 'absent' && mismatch !== 'not-first') || !path.dial) continue;
      const { doc, dial } = path;
      const severity = isIpLiteral(dial.host) ? 'error' : 'warning';
      const field = doc.values.publicAddresses;
      const key = field.path.join('.');
      const fixes: FixInput<keyof typeof MESSAGES>[] = [];
      if (mismatch === 'not-first') {
        const proxied = field.entries.find((e) => !e.placeholder && lookups.listensByHost.has(entryHost(e)));
        const edits = proxied ? moveToFirst(doc, field, proxied) : undefined;
        if (proxied && edits) {
          // The address every edge dials: a person confirms it.
          fixes.push({ messageId: 'moveToFirst', args: { address: proxied.text.trim() }, edits, safe: false, preferred: true });
        }
        ctx.report({
          file: doc.file,
          range: dialRange(path),
          severity,
          messageId: 'proxyNotFirst',
          args: { key, proxy: proxied?.text.trim() ?? hosts[0], address: dial.text },
          related,
          fixes,
        });
        continue;
      }
      const single = hosts.length === 1;
      // With many proxies, fixes and related locations name the few nearest this values file.
      const offered = hostsOfferedFor(index, path);
      const bounded = offered.length < hosts.length;
      for (const host of offered) {
        const replace = replaceAddressEntry(doc, dial.entry, host);
        if (replace) fixes.push({ messageId: 'replaceWith', args: { address: host }, edits: [replace], safe: false });
      }
      for (const host of offered) {
        const insert = insertFirstEntry(doc, field, host);
        if (insert) {
          fixes.push({
            messageId: 'addFirst',
            args: { address: host },
            edits: [insert],
            safe: false,
            preferred: single,
          });
        }
      }
      ctx.report({
        file: doc.file,
        range: dialRange(path),
        severity,
        messageId: 'notProxied',
        args: { address: dial.text, key, file: fileName(doc), proxies: bounded ? `${offered.join(', ')}, …` : hosts.join(', ') },
        related: bounded ? listenRelated(offered.flatMap((h) => lookups.listensByHost.get(h) ?? [])) : related,
        fixes,
      });
    }
  },
});
