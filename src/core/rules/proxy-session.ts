import { defineRule, type RuleMessages } from './rule';
import type { NginxNode } from '../nginx/model';
import { ikeRelays } from '../nginx/stream';
import { nodeRange, removeSetting } from '../nginx/textEdits';
import { onlyFabEdgeBelow } from './relayFixes';

const MESSAGES = {
  responsesFabEdge: {
    en: '"proxy_responses {value}" ends a UDP session after that many replies per datagram. IPsec is not request/response: the connector sends ESP, DPD and rekeys on its own, and those packets are lost. Leave proxy_responses unset (unlimited).',
    'zh-cn': '“proxy_responses {value}” 会在每个数据报收到相应数量的回复后结束 UDP 会话。IPsec 不是请求/响应模式：connector 会主动发送 ESP、DPD 和重协商报文，这些报文会丢失。请不要设置 proxy_responses（默认不限）。',
  },
  requestsFabEdge: {
    en: '"proxy_requests {value}" moves the edge to a new session, with a new source port towards the connector, every {value} datagrams, and each old session holds a connection until proxy_timeout: a busy tunnel runs nginx out of worker_connections, and then nothing gets through. Remove it (the default 0 keeps one session).',
    'zh-cn': '“proxy_requests {value}” 每 {value} 个数据报就把边缘节点切换到新的会话，发往 connector 的源端口随之改变，而每个旧会话都会占用一个连接直到 proxy_timeout：繁忙的隧道会耗尽 nginx 的 worker_connections，此后任何报文都无法通过。请删除它（默认值 0 保持同一会话）。',
  },
  responses: {
    en: '"proxy_responses {value}" ends a UDP session after that many replies per datagram. IKE and ESP are not request/response: the backend sends ESP, liveness checks and rekeys on its own, and those packets are lost. Leave proxy_responses unset (unlimited) for this relay.',
    'zh-cn': '“proxy_responses {value}” 会在每个数据报收到相应数量的回复后结束 UDP 会话。IKE 和 ESP 不是请求/响应模式：后端会主动发送 ESP、存活检测和重协商报文，这些报文会丢失。请不要为此中继设置 proxy_responses（默认不限）。',
  },
  requests: {
    en: '"proxy_requests {value}" moves the peer to a new session, with a new source port towards the backend, every {value} datagrams, and an IKE peer\'s security associations are bound to its port. Remove it (the default 0 keeps one session).',
    'zh-cn': '“proxy_requests {value}” 每 {value} 个数据报就把对端切换到新的会话，发往后端的源端口随之改变，而 IKE 对端的安全关联与其端口绑定。请删除它（默认值 0 保持同一会话）。',
  },
  removeResponses: { en: 'Remove proxy_responses', 'zh-cn': '删除 proxy_responses' },
  removeRequests: { en: 'Remove proxy_requests', 'zh-cn': '删除 proxy_requests' },
} satisfies RuleMessages;

/**
 * `proxy_responses` (any value) and `proxy_requests` > 0 end or re-key UDP sessions; IKE and ESP
 * are not request/response, so the backend's unsolicited packets get lost or the peer's source
 * port keeps changing. True of every IKE relay; only on one tied to FabEdge is it an error with
 * a fix applied unattended (and then only when no other server inherits the setting).
 */
export const proxySession = defineRule({
  scope: 'nginx',
  meta: {
    id: 'proxy-session',
    defaultSeverity: 'error',
    fixable: true,
    description: {
      en: 'proxy_responses or proxy_requests cut the UDP sessions of an IKE relay (the FabEdge proxy) short.',
      'zh-cn': 'proxy_responses 或 proxy_requests 会提前结束 IKE 中继（FabEdge 代理）的 UDP 会话。',
    },
    messages: MESSAGES,
  },
  check(tree, ctx, evidence) {
    const seen = new Set<NginxNode>();
    const relays = ikeRelays(tree.stream, evidence);
    const fabedge = new Set(relays.filter((r) => r.fabedge).map((r) => r.server));
    for (const relay of relays) {
      const { server } = relay;
      const severity = relay.fabedge ? {} : { severity: 'warning' as const };
      const safe = (inherited: boolean) => relay.fabedge && (!inherited || onlyFabEdgeBelow(tree.stream.servers, server.stream, (s) => fabedge.has(s)));
      const responses = server.proxyResponses;
      if (responses && !seen.has(responses.node)) {
        seen.add(responses.node);
        const { file } = responses.node;
        ctx.report({
          file: file.path,
          range: nodeRange(responses.node),
          messageId: relay.fabedge ? 'responsesFabEdge' : 'responses',
          ...severity,
          args: { value: responses.value },
          fixes: [{ messageId: 'removeResponses', edits: [...removeSetting(responses), ...(responses.outer ? removeSetting(responses.outer) : [])], safe: safe(responses.inherited || responses.outer !== undefined), preferred: true }],
        });
      }
      const requests = server.proxyRequests;
      // Removing a server's own value brings back the stream {} one: when that cuts sessions too, the fix removes both.
      const hiddenRequests = requests?.outer?.value !== undefined && requests.outer.value > 0 ? requests.outer : undefined;
      if (requests && requests.value !== undefined && requests.value > 0 && !seen.has(requests.node)) {
        seen.add(requests.node);
        const { file } = requests.node;
        ctx.report({
          file: file.path,
          range: nodeRange(requests.node),
          messageId: relay.fabedge ? 'requestsFabEdge' : 'requests',
          ...severity,
          args: { value: requests.value },
          fixes: [{ messageId: 'removeRequests', edits: [...removeSetting(requests), ...(hiddenRequests ? removeSetting(hiddenRequests) : [])], safe: safe(requests.inherited || hiddenRequests !== undefined), preferred: true }],
        });
      }
    }
  },
});
