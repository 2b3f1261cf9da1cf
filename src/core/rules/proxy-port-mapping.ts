import { defineRule, type RuleMessages } from './rule';
import type { Arg } from '../nginx/ast';
import { portIn, singlePort } from '../nginx/addresses';
import type { NginxFile } from '../nginx/model';
import { ikeRelays, IKE_PORT, NAT_T_PORT, type StreamModel, type StreamServer, type StreamUpstream } from '../nginx/stream';
import { argRange, replaceSpan } from '../nginx/textEdits';
import { isTemplated } from './relayFixes';

/**
 * The connector port a listen port must reach: 500 → 500, 4500 → 4500, and a custom public port
 * → 4500: strongSwan puts the non-ESP marker on IKE it sends to any port but 500, so the edges
 * reach a custom port with the marker, which only the connector's 4500 expects.
 */
function expectedPort(listenPort: number, publicPort: number): number | undefined {
  if (listenPort === IKE_PORT) return IKE_PORT;
  if (listenPort === NAT_T_PORT || listenPort === publicPort) return NAT_T_PORT;
  return undefined;
}

function listenPortOf(server: StreamServer, publicPort: number): number | undefined {
  for (const listen of server.listens) {
    const port = singlePort(listen.port);
    if (port !== undefined && listen.udp && expectedPort(port, publicPort) !== undefined) return port;
  }
  return undefined;
}

interface Target {
  file: NginxFile;
  arg: Arg;
  /** Normalised (as the stream model keeps hosts); undefined for a unix socket. */
  host: string | undefined;
  port: number;
  /** Other FabEdge servers share the upstream and need another port: changing it would break them. */
  shared: boolean;
}

const LOOPBACK = /^(127\.|::1$|localhost$)/;

/**
 * Whether nginx itself would receive what it sends to `host:port`: a UDP listen of the tree on
 * that address, or on every address when the target is this machine. A fix must not make a loop.
 */
function listensItself(model: StreamModel, host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  return model.servers.some((s) => s.listens.some((l) => l.udp && portIn(l.port, port) && (l.host === host || (l.host === undefined && LOOPBACK.test(host)))));
}

const MESSAGES = {
  wrongPort: {
    en: 'UDP {listen} is forwarded to the connector\'s port {port}; it must go to {expected}. IKE (500) belongs on the connector\'s 500 and NAT-T (4500, or a custom public port) on its 4500: strongSwan decides whether a packet carries the non-ESP marker by whether the port is 500.',
    'zh-cn': 'UDP {listen} 被转发到 connector 的 {port} 端口，应转发到 {expected}。IKE（500）应到 connector 的 500，NAT-T（4500 或自定义公网端口）应到它的 4500：strongSwan 依据端口是否为 500 判断数据包是否带有 non-ESP 标记。',
  },
  listeningServer: { en: 'the server listening on UDP {listen}', 'zh-cn': '监听 UDP {listen} 的 server' },
  forwardToPort: { en: 'Forward to port {expected}', 'zh-cn': '改为转发到端口 {expected}' },
} satisfies RuleMessages;

/**
 * Crossed or wrong connector ports: strongSwan tells IKE from NAT-T (marker) by whether the port
 * is 500. Only on a relay tied to FabEdge: other VPNs remap IKE to other backend ports at will
 * (an IKEv2 container published on 600/4600, say). Its fix changes where traffic goes, so a
 * person applies it.
 */
export const proxyPortMapping = defineRule({
  scope: 'nginx',
  meta: {
    id: 'proxy-port-mapping',
    defaultSeverity: 'error',
    fixable: true,
    description: {
      en: 'The FabEdge proxy forwards a port to the wrong connector port.',
      'zh-cn': 'FabEdge 代理把某个端口转发到了错误的 connector 端口。',
    },
    messages: MESSAGES,
  },
  check(tree, ctx, evidence) {
    const publicPort = evidence.publicPort ?? IKE_PORT;
    const servers = ikeRelays(tree.stream, evidence)
      .filter((r) => r.fabedge)
      .map((r) => r.server);
    const wanted = new Map<StreamServer, number>();
    for (const server of servers) {
      const listenPort = listenPortOf(server, publicPort);
      if (listenPort !== undefined) wanted.set(server, expectedPort(listenPort, publicPort) ?? listenPort);
    }
    // The connector ports that the FabEdge servers sharing an upstream need from it.
    const portsByUpstream = new Map<StreamUpstream, Set<number>>();
    for (const [server, expected] of wanted) {
      const target = server.proxyPass?.target;
      if (target?.kind !== 'upstream') continue;
      const ports = portsByUpstream.get(target.upstream) ?? new Set<number>();
      portsByUpstream.set(target.upstream, ports.add(expected));
    }
    const reported = new Set<Arg>();
    for (const [server, expected] of wanted) {
      const target = server.proxyPass?.target;
      const targets: Target[] = [];
      if (target?.kind === 'address' && target.port !== undefined && server.proxyPass) {
        targets.push({ file: server.proxyPass.node.file, arg: server.proxyPass.arg, host: target.host, port: target.port, shared: false });
      } else if (target?.kind === 'upstream') {
        // Another server needs another port from the same upstream.
        const shared = (portsByUpstream.get(target.upstream)?.size ?? 0) > 1;
        for (const s of target.upstream.servers) {
          if (s.port !== undefined) targets.push({ file: s.node.file, arg: s.addressArg, host: s.host, port: s.port, shared });
        }
      }
      const listenPort = listenPortOf(server, publicPort) ?? expected;
      for (const t of targets) {
        if (t.port === expected || reported.has(t.arg)) continue;
        reported.add(t.arg);
        ctx.report({
          file: t.file.path,
          range: argRange(t.file, t.arg),
          messageId: 'wrongPort',
          args: { listen: listenPort, port: t.port, expected },
          related: [
            {
              file: server.node.file.path,
              range: server.node.file.rangeOf(server.node.directive.start, server.node.directive.end),
              messageId: 'listeningServer',
              args: { listen: listenPort },
            },
          ],
          ...(t.shared || isTemplated(t.arg) || listensItself(tree.stream, t.host, expected)
            ? {}
            : {
                fixes: [
                  {
                    messageId: 'forwardToPort' as const,
                    args: { expected },
                    edits: [replaceSpan(t.file, t.arg.start, t.arg.end, t.arg.raw.replace(/:(\d+)(["']?)$/, `:${expected}$2`))],
                    // The port traffic goes to: a person confirms it.
                    safe: false,
                    preferred: true,
                  },
                ],
              }),
        });
      }
    }
  },
});
