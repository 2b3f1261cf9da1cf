import type { NginxRule, ReportInput } from './rule';
import { parseAddress, portIn } from '../nginx/addresses';
import { innermost, walkNodes, type NginxNode } from '../nginx/model';
import { fabedgeListenPorts, IKE_PORT, NAT_T_PORT } from '../nginx/stream';
import { argRange, nodeRange } from '../nginx/textEdits';

function includedFrom(node: NginxNode): ReportInput['related'] {
  const site = [...node.via].reverse().find((s) => s.context.includes('http'));
  if (!site) return [];
  return [
    {
      file: site.file.path,
      range: site.file.rangeOf(site.directive.start, site.directive.end),
      message: { en: 'included here, inside http {}', 'zh-cn': '在此处被包含，位于 http {} 内' },
    },
  ];
}

/**
 * The connector proxy needs the stream module: a UDP listen or an IKE/NAT-T proxy inside
 * `http {}` (often through Debian's `include conf.d/*.conf` inside http) never works.
 */
export const proxyContext: NginxRule = {
  scope: 'nginx',
  meta: {
    id: 'proxy-context',
    defaultSeverity: 'error',
    fixable: false,
    description: {
      en: 'A UDP listen or connector proxy sits inside http {} instead of stream {}.',
      'zh-cn': 'UDP 监听或 connector 代理位于 http {} 而不是 stream {} 中。',
    },
  },
  check(tree, ctx) {
    const ports = fabedgeListenPorts(tree.publicPort);
    for (const node of walkNodes(tree.nodes)) {
      const d = node.directive;
      if (d.kind !== 'directive' || !node.context.includes('http')) continue;
      if (d.name === 'stream') {
        ctx.report({
          file: node.file.path,
          range: nodeRange(node),
          message: {
            en: '"stream" directive is not allowed here: this stream {} block ends up inside http {}. Include the file at top level (outside http {}) instead.',
            'zh-cn': '"stream" directive is not allowed here：此 stream {} 块最终位于 http {} 内。请改为在顶层（http {} 之外）包含该文件。',
          },
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
        if (cd.name === 'proxy_pass') return new RegExp(`:(${IKE_PORT}|${NAT_T_PORT})/?$`).test(cd.args[0]?.value ?? '');
        return false;
      });
      if (!offending) continue;
      const arg = offending.directive.args[0];
      ctx.report({
        file: offending.file.path,
        range: arg ? argRange(offending.file, arg) : nodeRange(offending),
        message: {
          en: 'This server is in http {}, which cannot proxy UDP (nginx: invalid parameter "udp"). The FabEdge proxy (UDP 500/4500) must be a server in a stream {} block at top level.',
          'zh-cn': '此 server 位于 http {} 中，而 http 无法代理 UDP（nginx：invalid parameter "udp"）。FabEdge 代理（UDP 500/4500）必须是顶层 stream {} 块中的 server。',
        },
        related: includedFrom(offending),
      });
    }
  },
};
