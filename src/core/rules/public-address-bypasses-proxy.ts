import { defineRule, type FixInput, type RuleMessages } from './rule';
import { entryHost } from '../cross/comparableHosts';
import { explicitListenHosts, proxyLookups } from '../cross/proxyLookups';
import { proxyIndex } from '../cross/proxies';
import { listEntryRange, proxiesForwardingTo, TARGET_RELATED_MESSAGES, targetRelated, targetsAt } from './crossReport';
import { removeEntry, replaceAddressEntry } from '../values/textEdits';

const MESSAGES = {
  bypassesProxy: {
    en: '{address} is where the FabEdge nginx proxy forwards to (the connector side): edges that dial it reach the connector directly, past nginx.{hint}',
    'zh-cn': '{address} 是 FabEdge nginx 代理转发的目标（connector 一侧）：连接它的边缘节点将绕过 nginx 直连 connector。{hint}',
  },
  listProxyInstead: { en: ' List the proxy\'s address ({proxy}) instead.', 'zh-cn': '请改为填写代理地址（{proxy}）。' },
  listNginxAddressInstead: { en: ' List the address the edges reach nginx at instead.', 'zh-cn': '请改为填写边缘节点访问 nginx 所用的地址。' },
  removeAddress: { en: 'Remove {address}', 'zh-cn': '删除 {address}' },
  replaceWith: { en: 'Replace with {address}', 'zh-cn': '替换为 {address}' },
  ...TARGET_RELATED_MESSAGES,
} satisfies RuleMessages;

/**
 * An address the proxy forwards to (a connector node or the VIP) listed as a public address.
 * Edges that dial it reach the connector directly, past nginx, which the set-up meant to avoid.
 */
export const publicAddressBypassesProxy = defineRule({
  scope: 'workspace',
  meta: {
    id: 'public-address-bypasses-proxy',
    defaultSeverity: 'warning',
    fixable: true,
    description: {
      en: 'A connectorPublicAddresses entry is the connector behind the FabEdge nginx proxy, so edges would bypass the proxy.',
      'zh-cn': 'connectorPublicAddresses 中的某项是 FabEdge nginx 代理后面的 connector，边缘节点将绕过代理。',
    },
    messages: MESSAGES,
  },
  check(model, ctx) {
    const index = proxyIndex(model);
    if (index.uncertain) return;
    if (index.proxies.length === 0) return;
    const listenHosts = proxyLookups(index).listensByHost;
    for (const path of index.paths) {
      if (path.syntaxErrors) continue;
      const { doc } = path;
      const field = doc.values.publicAddresses;
      if (!field.explicit) continue;
      const written = field.entries.map(entryHost);
      for (const entry of field.entries) {
        if (entry.placeholder || entry.text.trim() === '') continue;
        const host = entryHost(entry);
        // nginx running on a connector node listens on that node's address: then it is the proxy.
        if (listenHosts.has(host)) continue;
        const targets = targetsAt(index, host);
        if (targets.length === 0) continue;
        const candidates = explicitListenHosts(proxiesForwardingTo(index, host));
        const fixes: FixInput<keyof typeof MESSAGES>[] = [];
        for (const candidate of candidates) {
          // The proxy's address is already listed: dropping this entry is the whole fix.
          const present = written.includes(candidate);
          const e = present ? removeEntry(doc, field, entry) : replaceAddressEntry(doc, entry, candidate);
          if (!e) continue;
          fixes.push(
            present
              ? { messageId: 'removeAddress', args: { address: entry.text.trim() }, edits: [e], safe: false, preferred: candidates.length === 1 }
              : { messageId: 'replaceWith', args: { address: candidate }, edits: [e], safe: false, preferred: candidates.length === 1 },
          );
        }
        ctx.report({
          file: doc.file,
          range: listEntryRange(doc, field, entry),
          messageId: 'bypassesProxy',
          args: {
            address: entry.text.trim(),
            hint:
              candidates.length > 0
                ? ctx.text('listProxyInstead', { proxy: candidates.join(', ') })
                : ctx.text('listNginxAddressInstead'),
          },
          related: targetRelated(targets),
          fixes,
        });
      }
    }
  },
});
