import { defineRule, type RuleMessages } from './rule';
import type { NginxNode } from '../nginx/model';
import { ikeRelays } from '../nginx/stream';
import { argRange, nodeRange, removeSetting, replaceSpan } from '../nginx/textEdits';
import { onlyFabEdgeBelow } from './relayFixes';

/** NAT-T keepalives come every 20 s and only while idle; below 30 s a quiet tunnel can lose its session. */
const WARN_BELOW_MS = 30_000;
const ERROR_AT_OR_BELOW_MS = 20_000;

const MESSAGES = {
  tooShort: {
    en: '"proxy_timeout {value}" closes an idle UDP session too early: an idle tunnel sends NAT-T keepalives only every 20 s (DPD every 10 s from agent v0.6), and packets from the connector to an expired session are lost. Use at least 30s; the default is 10m.',
    'zh-cn': '“proxy_timeout {value}” 会过早关闭空闲的 UDP 会话：空闲隧道每 20 秒才发送一次 NAT-T 保活（v0.6 起的 agent 每 10 秒发送 DPD），connector 发往已过期会话的报文会丢失。请至少设置为 30s；默认值为 10m。',
  },
  setTenMinutes: { en: 'Set proxy_timeout to 10m', 'zh-cn': '将 proxy_timeout 设为 10m' },
  removeTimeout: { en: 'Remove proxy_timeout (default 10m)', 'zh-cn': '删除 proxy_timeout（默认 10m）' },
} satisfies RuleMessages;

/**
 * Only on a relay tied to FabEdge: the 20 s keepalive and 10 s DPD are FabEdge's strongSwan
 * settings, and other IKE peers keep other intervals.
 */
export const proxyTimeout = defineRule({
  scope: 'nginx',
  meta: {
    id: 'proxy-timeout',
    defaultSeverity: 'warning',
    fixable: true,
    description: {
      en: 'proxy_timeout is shorter than the IPsec keepalive interval allows.',
      'zh-cn': 'proxy_timeout 比 IPsec 保活间隔所允许的更短。',
    },
    messages: MESSAGES,
  },
  check(tree, ctx, evidence) {
    const seen = new Set<NginxNode>();
    const fabedge = new Set(
      ikeRelays(tree.stream, evidence)
        .filter((r) => r.fabedge)
        .map((r) => r.server),
    );
    for (const server of fabedge) {
      const timeout = server.proxyTimeout;
      if (!timeout || timeout.value === undefined || timeout.value >= WARN_BELOW_MS || seen.has(timeout.node)) continue;
      seen.add(timeout.node);
      const { file, directive } = timeout.node;
      const arg = directive.args[0];
      // Removing a server-level value falls back to stream {} or the 10m default; only offer it when that is long enough.
      const outer = timeout.inherited ? undefined : server.stream?.children.find((c) => c.directive.name === 'proxy_timeout');
      const removable = !outer;
      ctx.report({
        file: file.path,
        range: arg ? argRange(file, arg) : nodeRange(timeout.node),
        severity: timeout.value <= ERROR_AT_OR_BELOW_MS ? 'error' : 'warning',
        messageId: 'tooShort',
        args: { value: arg?.value ?? '' },
        fixes: [
          ...(arg
            ? [
                {
                  messageId: 'setTenMinutes' as const,
                  edits: [replaceSpan(file, arg.start, arg.end, '10m')],
                  // A stream {} value is every server's below it: changed unattended only when they all front FabEdge.
                  safe: !timeout.inherited || onlyFabEdgeBelow(tree.stream.servers, server.stream, (s) => fabedge.has(s)),
                  preferred: true,
                },
              ]
            : []),
          ...(removable ? [{ messageId: 'removeTimeout' as const, edits: removeSetting(timeout), safe: false }] : []),
        ],
      });
    }
  },
});
