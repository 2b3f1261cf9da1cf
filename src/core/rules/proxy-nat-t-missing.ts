import { defineRule, type RuleMessages } from './rule';
import type { FileEdit } from '../findings';
import { parseAddress, portIn, singlePort, formatHostPort } from '../nginx/addresses';
import type { NginxConfigTree } from '../nginx/tree';
import { ikeRelays, IKE_PORT, NAT_T_PORT, type StreamListen, type StreamServer, type StreamUpstream } from '../nginx/stream';
import { argRange, indentAt, insertAt } from '../nginx/textEdits';

function covers(listen: StreamListen, port: number, host: string | undefined, ipv6: boolean): boolean {
  if (!listen.udp || listen.unix || !portIn(listen.port, port) || listen.ipv6 !== ipv6) return false;
  // A wildcard serves every address of its family; a wildcard needs a partner on any address.
  return listen.host === host || listen.host === undefined || host === undefined;
}

/** Whether some listen covers `port` for a host, the way `covers` decides, in constant time per question. */
function listenIndex(listens: readonly StreamListen[], port: number): { covers(host: string | undefined, ipv6: boolean): boolean } {
  const exact = new Set<string>();
  const any = new Set<boolean>();
  const wildcard = new Set<boolean>();
  for (const l of listens) {
    if (!covers(l, port, undefined, l.ipv6)) continue;
    any.add(l.ipv6);
    if (l.host === undefined) wildcard.add(l.ipv6);
    else exact.add(`${l.ipv6}|${l.host}`);
  }
  return { covers: (host, ipv6) => (host === undefined ? any.has(ipv6) : wildcard.has(ipv6) || exact.has(`${ipv6}|${host}`)) };
}

/** Replaces `from` by `to` as the port of an address text (`1.2.3.4:500`, `[::1]:500`, `500`). */
function withPort(text: string, from: number, to: number): string | undefined {
  const bare = new RegExp(`^${from}$`);
  if (bare.test(text)) return String(to);
  const suffix = new RegExp(`:${from}$`);
  return suffix.test(text) ? text.replace(suffix, `:${to}`) : undefined;
}

/**
 * A name for the mirrored upstream that no upstream of the tree uses yet: the other half of the
 * pair when the name says which half it is (`isakmp` and `nat-t`, as the seed and our generator write).
 */
function freshName(tree: NginxConfigTree, base: string, to: number): string {
  const swapped = to === NAT_T_PORT ? base.replace(/isakmp|ike/i, 'nat-t') : base.replace(/nat-?t/i, 'isakmp');
  const stem = swapped.replace(/4500|500/, String(to));
  let name = stem === base ? `${base}-${to === NAT_T_PORT ? 'nat-t' : 'ike'}` : stem;
  for (let i = 2; tree.stream.upstreams.has(name); i++) name = `${stem === base ? base : stem}-${i}`;
  return name;
}

/** The text of `upstream`, renamed, with every server port `from` changed to `to`. */
function mirrorUpstream(upstream: StreamUpstream, name: string, from: number, to: number): string | undefined {
  const { file, directive } = upstream.node;
  const nameArg = directive.args[0];
  if (!nameArg || directive.blockClose === undefined) return undefined;
  const replacements: { start: number; end: number; text: string }[] = [{ start: nameArg.start, end: nameArg.end, text: name }];
  for (const server of upstream.servers) {
    if (server.node.file !== file) return undefined;
    const next = withPort(server.addressArg.value, from, to);
    if (next === undefined) return undefined;
    replacements.push({ start: server.addressArg.start, end: server.addressArg.end, text: next });
  }
  return splice(file.text, directive.start, directive.fullEnd, replacements);
}

function splice(text: string, start: number, end: number, replacements: { start: number; end: number; text: string }[]): string {
  let out = '';
  let at = start;
  for (const r of [...replacements].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, r.start) + r.text;
    at = r.end;
  }
  return out + text.slice(at, end);
}

/** Edits adding a server (and upstream) for port `to`, copied from the server proxying `from`. */
function mirrorEdits(tree: NginxConfigTree, server: StreamServer, from: number, to: number): FileEdit[] | undefined {
  const { file, directive } = server.node;
  const pass = server.proxyPass;
  if (!pass || directive.blockClose === undefined) return undefined;
  const replacements: { start: number; end: number; text: string }[] = [];
  for (const listen of server.listens) {
    if (listen.node.file !== file) return undefined;
    const next = withPort(listen.addressArg.value, from, to);
    if (next === undefined) return undefined;
    replacements.push({ start: listen.addressArg.start, end: listen.addressArg.end, text: next });
  }
  if (pass.node.file !== file) return undefined;
  const edits: FileEdit[] = [];
  const target = pass.target;
  if (target.kind === 'address') {
    const next = withPort(pass.arg.value, from, to);
    if (next === undefined) return undefined;
    replacements.push({ start: pass.arg.start, end: pass.arg.end, text: next });
  } else if (target.kind === 'upstream') {
    const name = freshName(tree, target.name, to);
    const copy = mirrorUpstream(target.upstream, name, from, to);
    if (copy === undefined) return undefined;
    const up = target.upstream.node;
    edits.push(insertAt(up.file, up.directive.fullEnd, `\n${indentAt(up.file, up.directive.start)}${copy}`));
    replacements.push({ start: pass.arg.start, end: pass.arg.end, text: name });
  } else return undefined;
  const copy = splice(file.text, directive.start, directive.fullEnd, replacements);
  edits.push(insertAt(file, directive.fullEnd, `\n${indentAt(file, directive.start)}${copy}`));
  return edits;
}

const MESSAGES = {
  natTMissingFabEdge: {
    en: 'UDP 500 is proxied but UDP 4500 is not ({address}): edges send IKE_SA_INIT to 500, then switch to 4500 for IKE_AUTH and ESP-in-UDP, so the tunnel never comes up.',
    'zh-cn': '代理了 UDP 500，却没有代理 UDP 4500（{address}）：边缘节点先向 500 发送 IKE_SA_INIT，然后切换到 4500 进行 IKE_AUTH 和 ESP-in-UDP，隧道因此无法建立。',
  },
  ikeMissingFabEdge: {
    en: 'UDP 4500 is proxied but UDP 500 is not ({address}): with public port 500, edges start every IKE negotiation on 500.',
    'zh-cn': '代理了 UDP 4500，却没有代理 UDP 500（{address}）：公网端口为 500 时，边缘节点的每次 IKE 协商都从 500 开始。',
  },
  /** For any IKE peer: the relay changes its address, so the peer sees a NAT and moves to 4500. */
  natTMissing: {
    en: 'UDP 500 is relayed but UDP 4500 is not ({address}): an IKE peer that comes through this relay sees a NAT (the relay changes its address) and moves to UDP 4500 after the first exchange, for the rest of IKE and for ESP-in-UDP, so its negotiation stops there.',
    'zh-cn': '转发了 UDP 500，却没有转发 UDP 4500（{address}）：经由此中继的 IKE 对端会检测到 NAT（中继改变了它的地址），在第一次交换后改用 UDP 4500 完成其余的 IKE 协商并传输 ESP-in-UDP，协商因此在此中断。',
  },
  mirrorServer: { en: 'Add a server for UDP {port} mirroring this one', 'zh-cn': '仿照此 server 添加 UDP {port} 的 server' },
} satisfies RuleMessages;

/**
 * IKE through nginx always floats from 500 to 4500 (the relay is a NAT): both must be relayed on
 * the same address. That holds for every IKE peer, so a relay that nothing ties to FabEdge gets
 * it as a warning in IKE's words. The reverse, 4500 without 500, is reported only for FabEdge
 * (public port 500): some VPNs use NAT-T on 4500 alone by design.
 */
export const proxyNatTMissing = defineRule({
  scope: 'nginx',
  meta: {
    id: 'proxy-nat-t-missing',
    defaultSeverity: 'error',
    fixable: true,
    description: {
      en: 'UDP 500 is relayed without UDP 4500 on an address (for the FabEdge proxy: either one without the other).',
      'zh-cn': '某个地址上转发了 UDP 500 却没有转发 UDP 4500（对 FabEdge 代理而言：两者缺一）。',
    },
    messages: MESSAGES,
  },
  check(tree, ctx, evidence) {
    const customPort = (evidence.publicPort ?? IKE_PORT) !== IKE_PORT;
    const relays = ikeRelays(tree.stream, evidence);
    const listens = relays.flatMap((relay) => relay.server.listens.map((listen) => ({ relay, listen })));
    // The listens on each port, once: asking every listen of every server is quadratic, and a
    // glob can include thousands of servers.
    const onPort = new Map([IKE_PORT, NAT_T_PORT].map((p) => [p, listenIndex(listens.map((l) => l.listen), p)]));
    const seen = new Set<string>();
    for (const { relay, listen } of listens) {
      const port = singlePort(listen.port);
      if (!listen.udp || listen.unix || (port !== IKE_PORT && port !== NAT_T_PORT)) continue;
      // With a custom public port the FabEdge proxy listens on that port alone.
      if (relay.fabedge && customPort) continue;
      const missing = port === IKE_PORT ? NAT_T_PORT : IKE_PORT;
      if (!relay.fabedge && missing === IKE_PORT) continue;
      const key = `${listen.host ?? '*'}|${listen.ipv6}|${missing}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (onPort.get(missing)?.covers(listen.host, listen.ipv6)) continue;
      const address = parseAddress(listen.addressArg.value, 'listen');
      const shown = address.kind === 'inet' ? formatHostPort(listen.host, listen.ipv6, missing) : String(missing);
      const edits = mirrorEdits(tree, relay.server, port, missing);
      const { file } = listen.node;
      ctx.report({
        file: file.path,
        range: argRange(file, listen.addressArg),
        messageId: !relay.fabedge ? 'natTMissing' : missing === NAT_T_PORT ? 'natTMissingFabEdge' : 'ikeMissingFabEdge',
        ...(relay.fabedge ? {} : { severity: 'warning' as const }),
        args: { address: shown },
        ...(edits
          ? {
              fixes: [
                {
                  messageId: 'mirrorServer' as const,
                  args: { port: missing },
                  edits,
                  safe: false,
                  preferred: true,
                },
              ],
            }
          : {}),
      });
    }
  },
});
