import type { NginxRule } from './rule';
import type { NginxNode } from '../nginx/model';
import { fabedgeServers, isFabEdgeServer } from '../nginx/stream';
import { nodeRange, removeSetting } from '../nginx/textEdits';

/**
 * nginx's UDP proxy sends the PROXY header once per session, in front of its first datagram, and
 * charon drops that datagram (the lab: the tunnel still comes up, after a retransmission).
 */
export const proxyProtocol: NginxRule = {
  scope: 'nginx',
  meta: {
    id: 'proxy-protocol',
    defaultSeverity: 'warning',
    fixable: true,
    description: {
      en: 'proxy_protocol is on for the FabEdge proxy: the first datagram of every UDP session is lost.',
      'zh-cn': 'FabEdge 代理开启了 proxy_protocol：每个 UDP 会话的第一个数据报都会丢失。',
    },
  },
  check(tree, ctx) {
    const seen = new Set<NginxNode>();
    for (const server of fabedgeServers(tree.stream, tree.publicPort)) {
      const setting = server.proxyProtocol;
      if (!setting || !setting.value || seen.has(setting.node)) continue;
      seen.add(setting.node);
      const { file } = setting.node;
      // Removing a server's own "on" brings back an "on" from stream {}: the fix removes both.
      const hidden = setting.outer?.value ? setting.outer : undefined;
      const othersBelow = tree.stream.servers.some((s) => s.stream === server.stream && !isFabEdgeServer(s, tree.publicPort));
      ctx.report({
        file: file.path,
        range: nodeRange(setting.node),
        message: {
          en: '"proxy_protocol on" puts a PROXY protocol header in front of the first datagram of every UDP session to the connector. strongSwan cannot read it and drops that datagram: IKE_SA_INIT and IKE_AUTH get through only when retransmitted, and the first packet of every later session (after proxy_timeout or a reload) is lost. Nothing on the connector reads the header; remove it.',
          'zh-cn': '“proxy_protocol on” 会在发往 connector 的每个 UDP 会话的第一个数据报前加上 PROXY 协议头。strongSwan 无法读取它并丢弃该数据报：IKE_SA_INIT 和 IKE_AUTH 只有在重传后才能通过，之后每个新会话（proxy_timeout 到期或重新加载之后）的第一个报文也会丢失。connector 上没有任何组件读取该协议头，请删除它。',
        },
        fixes: [{ title: { en: 'Remove proxy_protocol', 'zh-cn': '删除 proxy_protocol' }, edits: [...removeSetting(setting), ...(hidden ? removeSetting(hidden) : [])], safe: !((setting.inherited || hidden) && othersBelow), preferred: true }],
      });
    }
  },
};
