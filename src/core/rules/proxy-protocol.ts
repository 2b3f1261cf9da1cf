import type { NginxRule } from './rule';
import type { NginxNode } from '../nginx/model';
import { fabedgeServers, isFabEdgeServer } from '../nginx/stream';
import { nodeRange, removeSetting } from '../nginx/textEdits';

/** charon has no PROXY protocol parser: a PROXY header in front of IKE/ESP makes every packet garbage. */
export const proxyProtocol: NginxRule = {
  scope: 'nginx',
  meta: {
    id: 'proxy-protocol',
    defaultSeverity: 'error',
    fixable: true,
    description: {
      en: 'proxy_protocol is on for the FabEdge proxy.',
      'zh-cn': 'FabEdge 代理开启了 proxy_protocol。',
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
          en: '"proxy_protocol on" puts a PROXY protocol header in front of every datagram sent to the connector; strongSwan cannot parse it, so IKE and ESP-in-UDP fail.',
          'zh-cn': '“proxy_protocol on” 会在发往 connector 的每个数据报前加上 PROXY 协议头；strongSwan 无法解析它，IKE 和 ESP-in-UDP 都会失败。',
        },
        fixes: [{ title: { en: 'Remove proxy_protocol', 'zh-cn': '删除 proxy_protocol' }, edits: [...removeSetting(setting), ...(hidden ? removeSetting(hidden) : [])], safe: !((setting.inherited || hidden) && othersBelow), preferred: true }],
      });
    }
  },
};
