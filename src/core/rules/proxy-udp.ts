import { defineRule } from './rule';
import { ikeRelays, type StreamListen } from '../nginx/stream';
import { UDP_INCOMPATIBLE_LISTEN_PARAMETERS } from '../nginx/directives';
import { argRange, insertAt } from '../nginx/textEdits';
import { isTemplated } from './relayFixes';

/** Parameters nginx refuses next to `udp` in any version: adding `udp` to such a listen needs a person to decide. */
const TCP_ONLY = new Set(Object.values(UDP_INCOMPATIBLE_LISTEN_PARAMETERS).flat());

/** `backlog=511` → `backlog`. */
const parameterName = (value: string): string => value.split('=')[0];

/** Whether a UDP listen takes the datagrams a TCP listen's address and port would: same family, an address in common, a port in common. */
function servedByUdp(tcp: StreamListen, udp: StreamListen): boolean {
  if (!udp.udp || udp.unix || udp.ipv6 !== tcp.ipv6 || !tcp.port || !udp.port) return false;
  if (udp.port.to < tcp.port.from || tcp.port.to < udp.port.from) return false;
  return udp.host === undefined || tcp.host === undefined || udp.host === tcp.host;
}

/**
 * A FabEdge listen without `udp` is a TCP socket; IKE and NAT-T are UDP only. Only on a relay
 * tied to FabEdge: other services (IKE over TCP, RFC 8229) may want TCP on these ports. A TCP
 * listen beside a UDP one on the same address and port is harmless, and adding `udp` to it would
 * make nginx reject the duplicate: it is not reported.
 */
export const proxyUdp = defineRule({
  scope: 'nginx',
  meta: {
    id: 'proxy-udp',
    defaultSeverity: 'error',
    fixable: true,
    description: {
      en: 'A listen of the FabEdge proxy lacks the udp parameter.',
      'zh-cn': 'FabEdge 代理的 listen 缺少 udp 参数。',
    },
    messages: {
      tcpListen: {
        en: '"listen {address}" is TCP: IKE (500) and NAT-T (4500) are UDP only, so edges cannot reach the connector through it. Add the udp parameter.',
        'zh-cn': '“listen {address}”是 TCP 监听：IKE（500）和 NAT-T（4500）只使用 UDP，边缘节点无法经由它连接 connector。请添加 udp 参数。',
      },
      addUdp: { en: 'Add "udp" to this listen', 'zh-cn': '为此 listen 添加 “udp”' },
    },
  },
  check(tree, ctx, evidence) {
    const relays = ikeRelays(tree.stream, evidence).filter((r) => r.fabedge);
    if (relays.length === 0) return;
    const udpListens = tree.stream.servers.flatMap((s) => s.listens.filter((l) => l.udp && !l.unix));
    for (const { server } of relays) {
      for (const listen of server.listens) {
        if (listen.udp || listen.unix) continue;
        // An unterminated listen is nginx-syntax's finding; a parameter added to it would not end it.
        if (listen.node.directive.terminator !== ';') continue;
        if (udpListens.some((udp) => servedByUdp(listen, udp))) continue;
        const { file } = listen.node;
        ctx.report({
          file: file.path,
          range: argRange(file, listen.addressArg),
          messageId: 'tcpListen',
          args: { address: listen.addressArg.value },
          fixes: [
            {
              messageId: 'addUdp',
              edits: [insertAt(file, listen.addressArg.end, ' udp')],
              safe: !isTemplated(listen.addressArg) && !listen.params.some((p) => TCP_ONLY.has(parameterName(p.value))),
              preferred: true,
            },
          ],
        });
      }
    }
  },
});
