import { defineRule, type RuleMessages } from './rule';
import type { FileEdit } from '../findings';
import { singlePort } from '../nginx/addresses';
import { ikeRelays, IKE_PORT, NAT_T_PORT, type StreamUpstream, type UpstreamServer } from '../nginx/stream';
import { argRange, indentAt, insertAt, nodeRange, replaceSpan } from '../nginx/textEdits';

const HASH_LINE = 'hash $remote_addr;';

/** The smallest edit that turns the upstream's balancing into `hash $remote_addr;`. */
function balancingFix(upstream: StreamUpstream): FileEdit[] | undefined {
  const { balancing } = upstream;
  const node = balancing.node;
  if (node) {
    const d = node.directive;
    if (d.name === 'hash' && d.args.length > 0) {
      const [key, ...rest] = d.args;
      const last = rest.length > 0 ? rest[rest.length - 1] : key;
      if (key.value === '$remote_addr') return [replaceSpan(node.file, key.end, last.end, '')];
      return [replaceSpan(node.file, key.start, last.end, '$remote_addr')];
    }
    // hash takes no `backup` server (least_conn does): nginx would then reject the group.
    if (upstream.servers.some((s) => s.backup)) return undefined;
    return [replaceSpan(node.file, d.start, d.end, HASH_LINE)];
  }
  // nginx refuses a balancing method written before a `backup` server.
  if (upstream.servers.some((s) => s.backup)) return undefined;
  const { file, directive } = upstream.node;
  const first = upstream.node.children[0];
  if (directive.blockOpen === undefined || !first || first.file !== file) return undefined;
  return [insertAt(file, directive.blockOpen + 1, `\n${indentAt(file, first.directive.start)}${HASH_LINE}`)];
}

function signature(servers: readonly UpstreamServer[]): string {
  return servers.map((s) => `${s.host ?? ''}|${s.weight}|${s.backup}|${s.down}`).join(',');
}

const MESSAGES = {
  consistentFabEdge: {
    en: 'Upstream "{name}" uses "hash … consistent": the consistent ring hashes each server\'s host and port, so the 500 and 4500 groups disagree and one edge can reach two connectors. Use "hash $remote_addr;".',
    'zh-cn': 'upstream “{name}”使用了 “hash … consistent”：一致性哈希环包含每个服务器的主机和端口，500 组与 4500 组的选择不同，同一边缘节点可能连到两个 connector。请使用 “hash $remote_addr;”。',
  },
  balancedFabEdge: {
    en: 'Upstream "{name}" has {count} servers balanced by {method}: the IKE (500) and NAT-T (4500) sessions of one edge have different client ports and can reach different connectors. Use "hash $remote_addr;".',
    'zh-cn': 'upstream “{name}”有 {count} 个服务器，使用 {method} 负载均衡：同一边缘节点的 IKE（500）和 NAT-T（4500）会话客户端端口不同，可能到达不同的 connector。请使用 “hash $remote_addr;”。',
  },
  groupsFabEdge: {
    en: 'Upstreams "{ike}" (500) and "{natT}" (4500) differ in their servers, order or weights: "hash $remote_addr" picks the same connector for an edge only when both groups list the same servers in the same order with the same weights.',
    'zh-cn': 'upstream “{ike}”（500）与 “{natT}”（4500）的服务器、顺序或权重不同：只有两组以相同顺序、相同权重列出相同的服务器时，“hash $remote_addr” 才会为同一边缘节点选择同一个 connector。',
  },
  consistent: {
    en: 'Upstream "{name}" uses "hash … consistent": the consistent ring hashes each server\'s host and port, so the 500 and 4500 groups can pick different servers for one IKE peer, and the server that answered its IKE_SA_INIT never sees the rest. Use "hash $remote_addr;".',
    'zh-cn': 'upstream “{name}”使用了 “hash … consistent”：一致性哈希环包含每个服务器的主机和端口，500 组与 4500 组可能为同一个 IKE 对端选择不同的服务器，应答其 IKE_SA_INIT 的服务器收不到后续报文。请使用 “hash $remote_addr;”。',
  },
  balanced: {
    en: 'Upstream "{name}" has {count} servers balanced by {method}: an IKE peer\'s 500 and 4500 sessions have different source ports and can reach different servers, and the server that answered its IKE_SA_INIT never sees the rest. Use "hash $remote_addr;".',
    'zh-cn': 'upstream “{name}”有 {count} 个服务器，使用 {method} 负载均衡：IKE 对端的 500 和 4500 会话源端口不同，可能到达不同的服务器，应答其 IKE_SA_INIT 的服务器收不到后续报文。请使用 “hash $remote_addr;”。',
  },
  groups: {
    en: 'Upstreams "{ike}" (500) and "{natT}" (4500) differ in their servers, order or weights: "hash $remote_addr" picks the same server for an IKE peer only when both groups list the same servers in the same order with the same weights.',
    'zh-cn': 'upstream “{ike}”（500）与 “{natT}”（4500）的服务器、顺序或权重不同：只有两组以相同顺序、相同权重列出相同的服务器时，“hash $remote_addr” 才会为同一个 IKE 对端选择同一个服务器。',
  },
  balanceByHash: { en: 'Balance by "hash $remote_addr;"', 'zh-cn': '改为 “hash $remote_addr;” 负载均衡' },
  ikeGroup: { en: 'the 500 group', 'zh-cn': '500 组' },
} satisfies RuleMessages;

/** The 500 and 4500 groups behind one listen address, and whether a FabEdge relay uses them. */
interface PortGroups {
  groups: Map<number, StreamUpstream>;
  fabedge: boolean;
}

/**
 * One IKE peer's IKE_SA_INIT (500 session) and IKE_AUTH/ESP (4500 session) must reach the same
 * backend. Only `hash $remote_addr;` (not consistent: its ring hashes the port too) over the
 * same servers, order and weights in both groups picks the same one. That holds for every IKE
 * peer; on a relay nothing ties to FabEdge it is a warning in IKE's words, and its fix (which
 * changes how peers are spread over the servers) is left to a person.
 */
export const proxyAffinity = defineRule({
  scope: 'nginx',
  meta: {
    id: 'proxy-affinity',
    defaultSeverity: 'error',
    fixable: true,
    description: {
      en: 'The upstream groups of an IKE relay (the FabEdge proxy) can send one peer to two different backends (connectors).',
      'zh-cn': 'IKE 中继（FabEdge 代理）的 upstream 组可能把同一个对端分到两个不同的后端（connector）。',
    },
    messages: MESSAGES,
  },
  check(tree, ctx, evidence) {
    const checked = new Set<StreamUpstream>();
    const byAddress = new Map<string, PortGroups>();
    for (const { server, fabedge } of ikeRelays(tree.stream, evidence)) {
      const target = server.proxyPass?.target;
      if (target?.kind !== 'upstream') continue;
      const upstream = target.upstream;
      for (const listen of server.listens) {
        const port = singlePort(listen.port);
        if (!listen.udp || (port !== IKE_PORT && port !== NAT_T_PORT)) continue;
        const key = `${listen.host ?? '*'}|${listen.ipv6}`;
        const entry = byAddress.get(key) ?? { groups: new Map<number, StreamUpstream>(), fabedge: false };
        if (!entry.groups.has(port)) entry.groups.set(port, upstream);
        entry.fabedge ||= fabedge;
        byAddress.set(key, entry);
      }
      if (checked.has(upstream) || upstream.servers.length < 2) continue;
      checked.add(upstream);
      const b = upstream.balancing;
      if (b.method === 'hash' && b.key === '$remote_addr' && !b.consistent) continue;
      const where = b.node ?? upstream.node;
      const nameArg = upstream.node.directive.args[0];
      const edits = balancingFix(upstream);
      ctx.report({
        file: where.file.path,
        range: b.node ? nodeRange(b.node) : nameArg ? argRange(where.file, nameArg) : nodeRange(where),
        messageId: b.method === 'hash' && b.consistent ? (fabedge ? 'consistentFabEdge' : 'consistent') : fabedge ? 'balancedFabEdge' : 'balanced',
        ...(fabedge ? {} : { severity: 'warning' as const }),
        args: { name: upstream.name, count: upstream.servers.length, method: b.method === 'hash' ? `hash ${b.key ?? ''}` : b.method },
        ...(edits
          ? { fixes: [{ messageId: 'balanceByHash' as const, edits, safe: fabedge, preferred: true }] }
          : {}),
      });
    }
    for (const { groups, fabedge } of byAddress.values()) {
      const ike = groups.get(IKE_PORT);
      const natT = groups.get(NAT_T_PORT);
      if (!ike || !natT || ike === natT) continue;
      if (ike.servers.length < 2 && natT.servers.length < 2) continue;
      if (signature(ike.servers) === signature(natT.servers)) continue;
      const nameArg = natT.node.directive.args[0];
      ctx.report({
        file: natT.node.file.path,
        range: nameArg ? argRange(natT.node.file, nameArg) : nodeRange(natT.node),
        messageId: fabedge ? 'groupsFabEdge' : 'groups',
        ...(fabedge ? {} : { severity: 'warning' as const }),
        args: { ike: ike.name, natT: natT.name },
        related: [{ file: ike.node.file.path, range: nodeRange(ike.node), messageId: 'ikeGroup' }],
      });
    }
  },
});
