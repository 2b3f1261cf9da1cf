import { defineRule, type RuleMessages } from './rule';
import { isIpLiteral } from '../cross/comparableHosts';
import { pathsFor } from '../cross/proxyLookups';
import { proxyIndex, type ConnectorTarget, type ValuesPath } from '../cross/proxies';
import { fileName, hostPort, listRange } from './crossReport';
import { replaceSpan } from '../nginx/textEdits';

const MESSAGES = {
  notConnector: {
    en: 'nginx forwards FabEdge traffic to {target}, which is not a connector node of {file} (connectorNodeAddresses: {nodes}): no connector answers there.',
    'zh-cn': 'nginx 将 FabEdge 流量转发到 {target}，它不是 {file} 中的 connector 节点（connectorNodeAddresses：{nodes}）：那里没有 connector 应答。',
  },
  connectorNodesListed: { en: 'The connector nodes are listed here.', 'zh-cn': 'connector 节点在此列出。' },
  forwardTo: { en: 'Forward to {target}', 'zh-cn': '转发到 {target}' },
} satisfies RuleMessages;

/**
 * The proxy must forward to a node that runs the connector. When the values file names the
 * connector nodes (connectorNodeAddresses), an IP outside them (and the VIP) reaches no charon
 * (the lab: no IKE_SA_INIT answer). A host name may resolve to a node; it is not looked up, so it
 * is only a warning.
 */
export const proxyUpstreamNotConnector = defineRule({
  scope: 'workspace',
  meta: {
    id: 'proxy-upstream-not-connector',
    defaultSeverity: 'error',
    fixable: true,
    description: {
      en: 'The FabEdge nginx proxy forwards to an address that is neither in connectorNodeAddresses nor the keepalived VIP.',
      'zh-cn': 'FabEdge nginx 代理转发的目标既不在 connectorNodeAddresses 中，也不是 keepalived VIP。',
    },
    messages: MESSAGES,
  },
  check(model, ctx) {
    const index = proxyIndex(model);
    if (index.uncertain) return;
    const seen = new Set<ConnectorTarget['node']>();
    // Proxies no values file reaches share one list of paths (all of them): judge it once.
    const judged = new Map<readonly ValuesPath[], { paths: ValuesPath[]; allowed: string[]; allowedSet: Set<string> } | undefined>();
    const judge = (through: readonly ValuesPath[]) => {
      if (judged.has(through)) return judged.get(through);
      const paths = through.filter((p) => p.connectorNodes.length > 0 || p.vip || p.connectorsUnreadable);
      const allowed = [...new Set(paths.flatMap((p) => p.connectorNodes))];
      // With HA the one right target is the VIP: proxy-ha-vip says so, with a fix to match.
      const verdict = paths.length === 0 || paths.some((p) => p.vip || p.connectorsUnreadable) ? undefined : { paths, allowed, allowedSet: new Set(allowed) };
      judged.set(through, verdict);
      return verdict;
    };
    for (const proxy of index.proxies) {
      const verdict = judge(pathsFor(index, proxy));
      if (!verdict) continue;
      const { paths, allowed, allowedSet } = verdict;
      const nodesField = paths[0].doc.values.connectorNodeAddresses;
      for (const target of proxy.targets) {
        if (allowedSet.has(target.host) || seen.has(target.node)) continue;
        seen.add(target.node);
        const file = target.node.file;
        // A node already in the group would then be listed twice; the missing one is the likely intent.
        const missing = allowed.filter((n) => !proxy.targets.some((t) => t.host === n));
        const candidates = missing.length > 0 ? missing : allowed;
        ctx.report({
          file: target.file,
          range: target.range,
          severity: isIpLiteral(target.host) ? 'error' : 'warning',
          messageId: 'notConnector',
          args: { target: target.arg.value, file: fileName(paths[0].doc), nodes: allowed.join(', ') },
          related: nodesField
            ? [
                {
                  file: paths[0].doc.file,
                  range: listRange(paths[0].doc, nodesField),
                  messageId: 'connectorNodesListed' as const,
                },
              ]
            : [],
          fixes: candidates.map((node) => ({
            messageId: 'forwardTo' as const,
            args: { target: hostPort(node, target.port) },
            edits: [replaceSpan(file, target.arg.start, target.arg.end, hostPort(node, target.port))],
            // Where the proxy forwards to: a person confirms it, even with one candidate.
            safe: false,
            preferred: candidates.length === 1,
          })),
        });
      }
    }
  },
});
