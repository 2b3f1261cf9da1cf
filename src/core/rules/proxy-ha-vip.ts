import { defineRule, type RuleMessages } from './rule';
import { pathsFor } from '../cross/proxyLookups';
import { proxyIndex, type ConnectorTarget, type ValuesPath } from '../cross/proxies';
import { hostPort, TARGET_RELATED_MESSAGES, targetRelated } from './crossReport';
import type { FileEdit } from '../findings';
import type { NginxNode } from '../nginx/model';
import { removeDirective, replaceSpan } from '../nginx/textEdits';

/**
 * Removes a `server` line. Its trailing comment goes with it: it describes the server
 * (`# node 1`), and left alone it would describe nothing.
 */
function removeServer(node: NginxNode): FileEdit {
  const { file, directive } = node;
  const text = file.text;
  const lineStart = text.lastIndexOf('\n', directive.start - 1) + 1;
  let lineEnd = text.indexOf('\n', directive.end);
  if (lineEnd === -1) lineEnd = text.length;
  const alone = text.slice(lineStart, directive.start).trim() === '' && /^[ \t]*(#.*)?\r?$/.test(text.slice(directive.end, lineEnd));
  return alone ? replaceSpan(file, lineStart, Math.min(lineEnd + 1, text.length), '') : removeDirective(file, directive);
}

/**
 * Edits that leave one target, the VIP: the first wrong address becomes `VIP:port` (unless the
 * VIP is already a server) and the other wrong servers go.
 */
function toVip(wrong: readonly ConnectorTarget[], vip: string, vipPresent: boolean): FileEdit[] {
  const [first, ...rest] = wrong;
  const edits: FileEdit[] = [];
  if (vipPresent && first.upstreamServer) edits.push(removeServer(first.node));
  else edits.push(replaceSpan(first.node.file, first.arg.start, first.arg.end, hostPort(vip, first.port)));
  for (const t of rest) if (t.upstreamServer) edits.push(removeServer(t.node));
  return edits;
}

const MESSAGES = {
  forwardToVipOnly: {
    en: 'connector.replicas > 1 with keepalived: only the leader connector holds tunnels (the others answer IKE_SA_INIT with NO_PROPOSAL_CHOSEN), and the VIP {vip} follows it. Forwarding to {target} sends edges to a connector that may not be the leader; forward to the VIP only.',
    'zh-cn': 'connector.replicas > 1 且启用 keepalived：只有 leader connector 持有隧道（其他 connector 对 IKE_SA_INIT 回复 NO_PROPOSAL_CHOSEN），VIP {vip} 随之漂移。转发到 {target} 可能把边缘节点送到非 leader 的 connector；请只转发到 VIP。',
  },
  vipSetHere: { en: 'The keepalived VIP is set here.', 'zh-cn': 'keepalived VIP 在此设置。' },
  forwardToVip: { en: 'Forward to the VIP {target} only', 'zh-cn': '只转发到 VIP {target}' },
  ...TARGET_RELATED_MESSAGES,
} satisfies RuleMessages;

/**
 * With several connector replicas only the Lease leader holds the tunnels, and keepalived
 * moves the VIP to it. An upstream of two or more node addresses sends some edges to a follower,
 * which answers their IKE_SA_INIT with NO_PROPOSAL_CHOSEN (the lab); one node address is the
 * leader until a fail-over, so that is a warning.
 */
export const proxyHaVip = defineRule({
  scope: 'workspace',
  meta: {
    id: 'proxy-ha-vip',
    defaultSeverity: 'error',
    fixable: true,
    description: {
      en: 'With connector.replicas > 1 and keepalived, the FabEdge nginx proxy should forward to the keepalived VIP only.',
      'zh-cn': '当 connector.replicas > 1 且启用 keepalived 时，FabEdge nginx 代理应只转发到 keepalived VIP。',
    },
    messages: MESSAGES,
  },
  check(model, ctx) {
    const index = proxyIndex(model);
    if (index.uncertain) return;
    // An upstream shared by the 500 and 4500 servers is one place.
    const seen = new Set<NginxNode>();
    // Proxies no values file reaches share one list of paths: search it once.
    const withVip = new Map<readonly ValuesPath[], ValuesPath | undefined>();
    for (const proxy of index.proxies) {
      const through = pathsFor(index, proxy);
      if (!withVip.has(through)) withVip.set(through, through.find((p) => p.vip));
      const path = withVip.get(through);
      const vip = path?.vip;
      if (!path || !vip) continue;
      const wrong = proxy.targets.filter((t) => t.host !== vip.address);
      if (wrong.length === 0) continue;
      const place = proxy.upstream?.node ?? wrong[0].node;
      if (seen.has(place)) continue;
      seen.add(place);
      const vipPresent = proxy.targets.some((t) => t.host === vip.address);
      const nodes = new Set(wrong.map((t) => t.host)).size;
      // Every wrong server must sit in a file the edits can reach; a server from an include is left alone.
      const editable = wrong.every((t) => t.node.file === wrong[0].node.file);
      ctx.report({
        file: wrong[0].file,
        range: wrong[0].range,
        severity: nodes > 1 ? 'error' : 'warning',
        messageId: 'forwardToVipOnly',
        args: { vip: vip.address, target: wrong.map((t) => t.arg.value).join(', ') },
        related: [
          ...targetRelated(wrong.slice(1)),
          ...(vip.entry.valueRange
            ? [{ file: path.doc.file, range: vip.entry.valueRange, messageId: 'vipSetHere' as const }]
            : []),
        ],
        fixes: editable
          ? [
              {
                messageId: 'forwardToVip',
                args: { target: hostPort(vip.address, wrong[0].port) },
                edits: toVip(wrong, vip.address, vipPresent),
                // Where the proxy forwards to: a person confirms it.
                safe: false,
                preferred: true,
              },
            ]
          : [],
      });
    }
  },
});
