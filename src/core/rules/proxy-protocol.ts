import type { NginxRule } from './rule';
import type { NginxNode } from '../nginx/model';
import { ikeRelays } from '../nginx/stream';
import { nodeRange, removeSetting } from '../nginx/textEdits';
import { onlyFabEdgeBelow } from './relayFixes';

const MESSAGES = {
  fabedge: {
    en: '"proxy_protocol on" puts a PROXY protocol header in front of every datagram sent to the connector; strongSwan cannot parse it, so IKE and ESP-in-UDP fail.',
    'zh-cn': '“proxy_protocol on” 会在发往 connector 的每个数据报前加上 PROXY 协议头；strongSwan 无法解析它，IKE 和 ESP-in-UDP 都会失败。',
  },
  generic: {
    en: '"proxy_protocol on" puts a PROXY protocol header in front of every datagram this relay sends to its backend; IKE daemons read it as a broken IKE or ESP packet, so the peers\' negotiations fail.',
    'zh-cn': '“proxy_protocol on” 会在此中继发往后端的每个数据报前加上 PROXY 协议头；IKE 守护进程会把它当作损坏的 IKE 或 ESP 报文，对端的协商因此失败。',
  },
};

/**
 * charon (and IKE daemons in general) has no PROXY protocol parser: a PROXY header in front of
 * IKE/ESP makes every packet garbage. An error with an unattended fix only on a relay tied to
 * FabEdge, where we know the backend is strongSwan.
 */
export const proxyProtocol: NginxRule = {
  scope: 'nginx',
  meta: {
    id: 'proxy-protocol',
    defaultSeverity: 'error',
    fixable: true,
    description: {
      en: 'proxy_protocol is on for an IKE relay (the FabEdge proxy).',
      'zh-cn': 'IKE 中继（FabEdge 代理）开启了 proxy_protocol。',
    },
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
        message: relay.fabedge ? MESSAGES.fabedge : MESSAGES.generic,
        ...(relay.fabedge ? {} : { severity: 'warning' as const }),
        fixes: [{ title: { en: 'Remove proxy_protocol', 'zh-cn': '删除 proxy_protocol' }, edits: [...removeSetting(setting), ...(hidden ? removeSetting(hidden) : [])], safe: relay.fabedge && !sharedWithOthers, preferred: true }],
      });
    }
  },
};
