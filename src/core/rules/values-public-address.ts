import { defineRule } from './rule';
import { REMOVE_BLANKS_MESSAGES } from './valuesReport';
import { entryRange, hasSyntaxErrors, pathText, replaceEntry } from '../values/textEdits';
import type { ListField, ValueEntry } from '../values/model';
import { isDnsName, isDocumentationAddress, isExampleName, isIp } from '../values/net';

/** Values copied from docs without being replaced: `publicip` in FabEdge's own k3s guide, and the like. */
const PLACEHOLDER_WORD = /^(<.*>|\{\{.*\}\}|\$\{?\w+\}?|x+(\.x+){3}|(your|my|the|connector|public)?[-_]?(public)?[-_]?ip(s|[-_]?addr(ess)?)?|changeme|todo|fixme|example|xxx+)$/i;

export const valuesPublicAddress = defineRule({
  scope: 'values',
  meta: {
    id: 'values-public-address',
    defaultSeverity: 'error',
    fixable: true,
    description: {
      en: 'Connector public addresses that are no IP or DNS name, placeholders, blanks, and names the host certificate Job rejects.',
      'zh-cn': 'connector 公网地址不是 IP 或 DNS 名称、是占位符、含空格，或是主机证书 Job 会拒绝的名称。',
    },
    messages: {
      placeholder: { en: 'Placeholder left by the layout migration in {key}: put the address the edges dial here.', 'zh-cn': '布局迁移在 {key} 中留下的占位符：请填写边缘节点要连接的地址。' },
      emptyEntry: { en: '{key} has an empty entry.', 'zh-cn': '{key} 含有空条目。' },
      exampleWord: { en: '{key} "{value}" looks like a placeholder from an example, not an address: write the IP or DNS name the edges dial (the connector\'s, or the proxy\'s in front of it).', 'zh-cn': '{key} "{value}" 看起来是示例中的占位符而不是地址：请填写边缘节点要连接的 IP 或 DNS 名称（connector 的地址，或其前置代理的地址）。' },
      documentationAddress: {
        en: '{key} "{value}" is reserved for documentation and examples ({standard}), so no edge can reach it: write the IP or DNS name the edges dial (the connector\'s, or the proxy\'s in front of it).',
        'zh-cn': '{key} "{value}" 是保留给文档和示例使用的地址（{standard}），边缘节点无法连接它：请填写边缘节点要连接的 IP 或 DNS 名称（connector 的地址，或其前置代理的地址）。',
      },
      notAddress: { en: '{key} "{value}" is neither an IP address nor a DNS name; the edges cannot dial it.', 'zh-cn': '{key} "{value}" 既不是 IP 地址也不是 DNS 名称；边缘节点无法连接它。' },
      blanks: { en: '{key} entry "{value}" has blanks around it; the operator keeps them and strongSwan cannot resolve the address.', 'zh-cn': '{key} 的条目“{value}”两侧有空格；operator 会保留空格，strongSwan 无法解析该地址。' },
      dnsNameForCertificate: {
        en: '{value} is a DNS name and cluster.publicAddresses is empty: on a host cluster the certificate Job signs these addresses and accepts IPs only, so the install fails. Set cluster.publicAddresses to the IPs.',
        'zh-cn': '{value} 是 DNS 名称且 cluster.publicAddresses 为空：在 host 集群上证书 Job 会为这些地址签发证书且只接受 IP，安装会失败。请把 cluster.publicAddresses 设为对应的 IP。',
      },
      certNotIp: { en: '{key} "{value}" is not an IP address: the certificate Job accepts IPs only, so the install fails.', 'zh-cn': '{key} "{value}" 不是 IP 地址：证书 Job 只接受 IP，安装会失败。' },
      nodeNotIp: { en: '{key} "{value}" is not an IP address: these are the connector nodes\' internal IPs, used as memberlist seeds.', 'zh-cn': '{key} "{value}" 不是 IP 地址：这里应填写 connector 节点的内部 IP，用作 memberlist 种子地址。' },
      ...REMOVE_BLANKS_MESSAGES,
    },
  },
  check(doc, ctx) {
    if (hasSyntaxErrors(doc)) return;
    const v = doc.values;
    const dial = v.publicAddresses;
    if (dial.explicit) for (const entry of dial.entries) checkDialAddress(dial, entry);
    if (doc.layout.id !== 'L4') return;

    // Host clusters sign the operator's TLS certificate for publicAddresses, else for the
    // connector's public addresses, and the cert Job accepts IPs only.
    const certs = v.certAddresses;
    if (certs?.explicit) for (const entry of certs.entries) mustBeIp(certs, entry, 'cert');
    if (v.role?.text === 'host' && certs && certs.entries.length === 0 && dial.explicit) {
      for (const entry of dial.entries) {
        const text = entry.text.trim();
        if (entry.placeholder || text === '' || isIp(text) || !isDnsName(text) || PLACEHOLDER_WORD.test(text) || isExampleName(text)) continue;
        ctx.report({
          file: doc.file,
          range: entryRange(doc, entry, dial),
          messageId: 'dnsNameForCertificate',
          args: { value: text },
        });
      }
    }
    const nodes = v.connectorNodeAddresses;
    if (nodes?.explicit) for (const entry of nodes.entries) mustBeIp(nodes, entry, 'node');

    function checkDialAddress(field: ListField, entry: ValueEntry): void {
      const range = entryRange(doc, entry, field);
      const key = pathText(field.path);
      const text = entry.text.trim();
      if (entry.placeholder) {
        ctx.report({ file: doc.file, range, messageId: 'placeholder', args: { key } });
        return;
      }
      if (text === '') {
        ctx.report({ file: doc.file, range, messageId: 'emptyEntry', args: { key } });
        return;
      }
      if (PLACEHOLDER_WORD.test(text) && !isIp(text)) {
        ctx.report({
          file: doc.file,
          range,
          messageId: 'exampleWord',
          args: { key, value: text },
        });
        return;
      }
      if (isDocumentationAddress(text) || isExampleName(text)) {
        ctx.report({
          file: doc.file,
          range,
          messageId: 'documentationAddress',
          args: { key, value: text, standard: isIp(text) ? (text.includes(':') ? 'RFC 3849' : 'RFC 5737') : 'RFC 2606' },
        });
        return;
      }
      if (!isIp(text) && !isDnsName(text)) {
        ctx.report({
          file: doc.file,
          range,
          messageId: 'notAddress',
          args: { key, value: text },
        });
        return;
      }
      if (text !== entry.text) {
        const fix = replaceEntry(doc, entry, text);
        ctx.report({
          file: doc.file,
          range,
          severity: 'warning',
          messageId: 'blanks',
          args: { key, value: entry.text },
          fixes: fix ? [{ messageId: 'removeBlanks' as const, edits: [fix], safe: true, preferred: true }] : [],
        });
      }
    }

    function mustBeIp(field: ListField, entry: ValueEntry, kind: 'cert' | 'node'): void {
      const text = entry.text.trim();
      if (isIp(text)) return;
      ctx.report({
        file: doc.file,
        range: entryRange(doc, entry, field),
        messageId: kind === 'cert' ? 'certNotIp' : 'nodeNotIp',
        args: { key: pathText(field.path), value: entry.text },
      });
    }
  },
});
