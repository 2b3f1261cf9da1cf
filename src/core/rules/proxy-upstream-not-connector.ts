import { defineRule, type RuleMessages } from './rule';
import { isIpLiteral } from '../cross/comparableHosts';
import { pathsFor } from '../cross/proxyLookups';
import { proxyIndex, type ConnectorTarget, type FabEdgeProxy, type ValuesPath } from '../cross/proxies';
import type { ValuesDocument } from '../values/model';
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

/** What the values files reaching a proxy allow it to forward to. */
interface Verdict {
  /** The values file the finding names. */
  readonly doc: ValuesDocument;
  readonly allowed: readonly string[];
  readonly allowedSet: ReadonlySet<string>;
  /** `allowed` as the message lists it. */
  readonly nodes: string;
}

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
    // Proxies no values file reaches share one list of paths (all of them): judge it once.
    const judged = new Map<readonly ValuesPath[], Verdict | undefined>();
    const judge = (through: readonly ValuesPath[]) => {
      if (!judged.has(through)) judged.set(through, through.length <= MAX_KEPT_PATHS ? keptVerdict(through) : sameAsLast(verdictOf(through)));
      return judged.get(through);
    };
    const reportTarget = (proxy: FabEdgeProxy, target: ConnectorTarget, { doc, allowed, nodes }: Verdict) => {
      const nodesField = doc.values.connectorNodeAddresses;
      const file = target.node.file;
      // A node already in the group would then be listed twice; the missing one is the likely intent.
      const missing = allowed.filter((n) => !proxy.targets.some((t) => t.host === n));
      const candidates = missing.length > 0 ? missing : allowed;
      ctx.report({
        file: target.file,
        range: target.range,
        severity: isIpLiteral(target.host) ? 'error' : 'warning',
        messageId: 'notConnector',
        args: { target: target.arg.value, file: fileName(doc), nodes },
        related: nodesField ? [{ file: doc.file, range: listRange(doc, nodesField), messageId: 'connectorNodesListed' as const }] : [],
        fixes: candidates.map((node) => ({
          messageId: 'forwardTo' as const,
          args: { target: hostPort(node, target.port) },
          edits: [replaceSpan(file, target.arg.start, target.arg.end, hostPort(node, target.port))],
          // Where the proxy forwards to: a person confirms it, even with one candidate.
          safe: false,
          preferred: candidates.length === 1,
        })),
      });
    };
    // A tree's findings read its proxies and the verdict of each: while those stay, the tree is not
    // walked again (thousands of proxies on every edit).
    for (const part of index.trees) {
      const verdicts = part.proxies.map((proxy) => judge(pathsFor(index, proxy)));
      if (verdicts.every((verdict) => verdict === undefined)) continue;
      ctx.forSubject(part, verdicts, () => {
        // An upstream shared by several proxies is reported once.
        const seen = new Set<ConnectorTarget['node']>();
        part.proxies.forEach((proxy, i) => {
          const verdict = verdicts[i];
          if (!verdict) return;
          for (const target of proxy.targets) {
            if (verdict.allowedSet.has(target.host) || seen.has(target.node)) continue;
            seen.add(target.node);
            reportTarget(proxy, target, verdict);
          }
        });
      });
    }
  },
});

function verdictOf(through: readonly ValuesPath[]): Verdict | undefined {
  const paths = through.filter((p) => p.connectorNodes.length > 0 || p.vip || p.connectorsUnreadable);
  const allowed = [...new Set(paths.flatMap((p) => p.connectorNodes))];
  // With HA the one right target is the VIP: proxy-ha-vip says so, with a fix to match.
  if (paths.length === 0 || paths.some((p) => p.vip || p.connectorsUnreadable)) return undefined;
  return { doc: paths[0].doc, allowed, allowedSet: new Set(allowed), nodes: allowed.join(', ') };
}

/**
 * Verdicts kept by the documents of their paths (a path's part of a verdict is its document's,
 * proxies.ts docPath), so that a verdict is the same object every run while those documents are:
 * the trees whose proxies it judges are then not walked again. A trie of documents, for the few
 * paths that reach one proxy; more (the proxies no path reaches get them all) are judged each run.
 */
interface KeptVerdict {
  verdict?: { value: Verdict | undefined };
  readonly next: WeakMap<ValuesDocument, KeptVerdict>;
}

const MAX_KEPT_PATHS = 8;
const keptVerdicts: KeptVerdict = { next: new WeakMap() };

function keptVerdict(through: readonly ValuesPath[]): Verdict | undefined {
  let node = keptVerdicts;
  for (const path of through) {
    let next = node.next.get(path.doc);
    if (!next) node.next.set(path.doc, (next = { next: new WeakMap() }));
    node = next;
  }
  node.verdict ??= { value: verdictOf(through) };
  return node.verdict.value;
}

/** The last verdict judged each run (the proxies no path reaches), kept while it is equal. */
let lastLongVerdict: Verdict | undefined;

function sameAsLast(verdict: Verdict | undefined): Verdict | undefined {
  const last = lastLongVerdict;
  if (verdict && last && last.doc === verdict.doc && last.nodes === verdict.nodes) return last;
  lastLongVerdict = verdict;
  return verdict;
}
