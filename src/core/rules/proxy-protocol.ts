import { defineRule, type RuleMessages } from './rule';
import type { NginxNode } from '../nginx/model';
import { ikeRelays } from '../nginx/stream';
import { nodeRange, removeSetting } from '../nginx/textEdits';
import { onlyFabEdgeBelow } from './relayFixes';

const MESSAGES = {
  proxyProtocolFabEdge: {
    en: '"proxy_protocol on" puts a PROXY protocol header in front of the first datagram of every UDP session to the connector. strongSwan cannot read it and drops that datagram: IKE_SA_INIT and IKE_AUTH get through only when retransmitted, and the first packet of every later session (after proxy_timeout or a reload) is lost. Nothing on the connector reads the header; remove it.',
    'zh-cn': '“proxy_protocol on” 会在发往 connector 的每个 UDP 会话的第一个数据报前加上 PROXY 协议头。strongSwan 无法读取它并丢弃该数据报：IKE_SA_INIT 和 IKE_AUTH 只有在重传后才能通过，之后每个新会话（proxy_timeout 到期或重新加载之后）的第一个报文也会丢失。connector 上没有任何组件读取该协议头，请删除它。',
  },
  proxyProtocol: {
    en: '"proxy_protocol on" puts a PROXY protocol header in front of the first datagram of every UDP session this relay opens to its backend; IKE daemons read it as a broken IKE or ESP packet and drop it, so every new session starts with a lost packet.',
    'zh-cn': '“proxy_protocol on” 会在此中继向后端发起的每个 UDP 会话的第一个数据报前加上 PROXY 协议头；IKE 守护进程会把它当作损坏的 IKE 或 ESP 报文丢弃，因此每个新会话都以丢失一个报文开始。',
  },
  removeProxyProtocol: { en: 'Remove proxy_protocol', 'zh-cn': '删除 proxy_protocol' },
} satisfies RuleMessages;

/**
 * nginx's UDP proxy sends the PROXY header once per session, in front of its first datagram, and
 * charon drops that datagram (the lab: the tunnel still comes up, after a retransmission). The
 * fix is unattended only on a relay tied to FabEdge, where we know the backend is strongSwan.
 */
export const proxyProtocol = defineRule({
  scope: 'nginx',
  meta: {
    id: 'proxy-protocol',
    defaultSeverity: 'warning',
    fixable: true,
    description: {
      en: 'proxy_protocol is on for an IKE relay (the FabEdge proxy): the first datagram of every UDP session is lost.',
      'zh-cn': 'IKE 中继（FabEdge 代理）开启了 proxy_protocol：每个 UDP 会话的第一个数据报都会丢失。',
    },
    messages: MESSAGES,
  },
  check(tree, ctx, evidence) {
    const seen = new Set<NginxNode>();
    const relays = ikeRelays(tree.stream, evidence);
    const fabedge = new Set(relays.filter((r) => r.fabedge).map((r) => r.server));
    for (const relay of relays) {
      const { server } = relay;
      const setting = server.proxyProtocol;
      if (!setting || !setting.value || seen.has(setting.node)) continue;
      seen.add(setting.node);
      const { file } = setting.node;
      // Removing a server's own "on" brings back an "on" from stream {}: the fix removes both.
      const hidden = setting.outer?.value ? setting.outer : undefined;
      const sharedWithOthers = (setting.inherited || hidden !== undefined) && !onlyFabEdgeBelow(tree.stream.servers, server.stream, (s) => fabedge.has(s));
      ctx.report({
        file: file.path,
        range: nodeRange(setting.node),
        messageId: relay.fabedge ? 'proxyProtocolFabEdge' : 'proxyProtocol',
        fixes: [{ messageId: 'removeProxyProtocol', edits: [...removeSetting(setting), ...(hidden ? removeSetting(hidden) : [])], safe: relay.fabedge && !sharedWithOthers, preferred: true }],
      });
    }
  },
});
