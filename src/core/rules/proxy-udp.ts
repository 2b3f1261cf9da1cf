import type { NginxRule } from './rule';
import { fabedgeServers } from '../nginx/stream';
import { argRange, insertAt } from '../nginx/textEdits';

/** Parameters nginx refuses next to `udp`: adding `udp` to such a listen needs a person to decide. */
const TCP_ONLY = /^(backlog|ssl|so_keepalive|proxy_protocol|fastopen|deferred|accept_filter|multipath)(=|$)/;

/** A FabEdge listen without `udp` is a TCP socket; IKE and NAT-T are UDP only. */
export const proxyUdp: NginxRule = {
  scope: 'nginx',
  meta: {
    id: 'proxy-udp',
    defaultSeverity: 'error',
    fixable: true,
    description: {
      en: 'A listen of the FabEdge proxy lacks the udp parameter.',
      'zh-cn': 'FabEdge 代理的 listen 缺少 udp 参数。',
    },
  },
  check(tree, ctx) {
    for (const server of fabedgeServers(tree.stream, tree.publicPort)) {
      for (const listen of server.listens) {
        if (listen.udp || listen.unix) continue;
        // An unterminated listen is nginx-syntax's finding; a parameter added to it would not end it.
        if (listen.node.directive.terminator !== ';') continue;
        const { file } = listen.node;
        ctx.report({
          file: file.path,
          range: argRange(file, listen.addressArg),
          message: {
            en: '"listen {address}" is TCP: IKE (500) and NAT-T (4500) are UDP only, so edges cannot reach the connector through it. Add the udp parameter.',
            'zh-cn': '“listen {address}”是 TCP 监听：IKE（500）和 NAT-T（4500）只使用 UDP，边缘节点无法经由它连接 connector。请添加 udp 参数。',
          },
          args: { address: listen.addressArg.value },
          fixes: [
            {
              title: { en: 'Add "udp" to this listen', 'zh-cn': '为此 listen 添加 “udp”' },
              edits: [insertAt(file, listen.addressArg.end, ' udp')],
              safe: !listen.params.some((p) => TCP_ONLY.test(p.value)),
              preferred: true,
            },
          ],
        });
      }
    }
  },
};
