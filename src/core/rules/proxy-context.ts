import { defineRule, type RelatedInput, type RuleMessages } from './rule';
import { parseAddress, portIn } from '../nginx/addresses';
import { innermost, walkNodes, type NginxNode } from '../nginx/model';
import { ikeListenPorts, IKE_PORT, NAT_T_PORT, treeIsFabEdge } from '../nginx/stream';
import { argRange, nodeRange } from '../nginx/textEdits';

function includedFrom(node: NginxNode): RelatedInput<'includedInHttp'>[] {
  const site = [...node.via].reverse().find((s) => s.context.includes('http'));
  if (!site) return [];
  return [
    {
      file: site.file.path,
      range: site.file.rangeOf(site.directive.start, site.directive.end),
      messageId: 'includedInHttp',
    },
  ];
}

const MESSAGES = {
  inHttpFabEdge: {
    en: 'This server is in http {}, which cannot proxy UDP (nginx: invalid parameter "udp"). The FabEdge proxy (UDP 500/4500) must be a server in a stream {} block at top level.',
    'zh-cn': '此 server 位于 http {} 中，而 http 无法代理 UDP（nginx：invalid parameter "udp"）。FabEdge 代理（UDP 500/4500）必须是顶层 stream {} 块中的 server。',
  },
  inHttp: {
    en: 'This server is in http {}, which cannot relay UDP (nginx: invalid parameter "udp"). A UDP relay must be a server in a stream {} block at top level.',
    'zh-cn': '此 server 位于 http {} 中，而 http 无法转发 UDP（nginx：invalid parameter "udp"）。UDP 中继必须是顶层 stream {} 块中的 server。',
  },
  streamInHttp: {
    en: '"stream" directive is not allowed here: this stream {} block ends up inside http {}. Include the file at top level (outside http {}) instead.',
    'zh-cn': '"stream" directive is not allowed here：此 stream {} 块最终位于 http {} 内。请改为在顶层（http {} 之外）包含该文件。',
  },
  includedInHttp: { en: 'included here, inside http {}', 'zh-cn': '在此处被包含，位于 http {} 内' },
} satisfies RuleMessages;

/**
 * The connector proxy needs the stream module: a UDP listen or an IKE/NAT-T proxy inside
 * `http {}` (often through Debian's `include conf.d/*.conf` inside http) never works. What nginx
 * rejects (a `stream {}` or a `udp` listen inside http) is reported in any tree; an http server
 * that merely listens on or forwards to the IKE ports only where the tree is tied to FabEdge,
 * since http on port 500 or 4500 is a choice other services may make.
 */
const IKE_TARGET = new RegExp(`:(${IKE_PORT}|${NAT_T_PORT})/?$`);

export const proxyContext = defineRule({
  scope: 'nginx',
  meta: {
    id: 'proxy-context',
    defaultSeverity: 'error',
    fixable: false,
    description: {
      en: 'A UDP listen or connector proxy sits inside http {} instead of stream {}.',
      'zh-cn': 'UDP 监听或 connector 代理位于 http {} 而不是 stream {} 中。',
    },
    messages: MESSAGES,
  },
  check(tree, ctx, evidence) {
    const fabedge = treeIsFabEdge(tree.stream, evidence);
    const ports = fabedge ? ikeListenPorts(evidence.publicPort) : [];
    for (const node of walkNodes(tree.nodes)) {
      const d = node.directive;
      if (d.kind !== 'directive' || !node.context.includes('http')) continue;
      if (d.name === 'stream') {
        ctx.report({
          file: node.file.path,
          range: nodeRange(node),
          messageId: 'streamInHttp',
          related: includedFrom(node),
        });
        continue;
      }
      if (!(d.name === 'server' && d.block && innermost(node.context) === 'http')) continue;
      const offending = node.children.find((c) => {
        const cd = c.directive;
        if (cd.name === 'listen') {
          const address = parseAddress(cd.args[0]?.value ?? '', 'listen');
          const port = address.kind === 'inet' ? address.port : undefined;
          return cd.args.some((a) => a.value === 'udp') || ports.some((p) => portIn(port, p));
        }
        if (cd.name === 'proxy_pass') return fabedge && IKE_TARGET.test(cd.args[0]?.value ?? '');
        return false;
      });
      if (!offending) continue;
      const arg = offending.directive.args[0];
      ctx.report({
        file: offending.file.path,
        range: arg ? argRange(offending.file, arg) : nodeRange(offending),
        messageId: fabedge ? 'inHttpFabEdge' : 'inHttp',
        related: includedFrom(offending),
      });
    }
  },
});
