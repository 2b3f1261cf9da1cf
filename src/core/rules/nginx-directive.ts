import type { NginxRule, RuleContext } from './rule';
import type { Arg, NginxVersion } from '../nginx/ast';
import { parseAddress } from '../nginx/addresses';
import { innermost, walkNodes, type NginxConfigTree, type NginxNode } from '../nginx/model';
import { argRange, insertAt, nodeRange } from '../nginx/textEdits';

/** `listen` parameters of the stream module, by nginx version (docs/nginx-stream-proxy.md §3). */
const LISTEN_FLAGS_122 = ['udp', 'bind', 'reuseport', 'ssl', 'proxy_protocol'];
const LISTEN_VALUES_122 = ['ipv6only=', 'backlog=', 'rcvbuf=', 'sndbuf=', 'fastopen=', 'so_keepalive='];
const LISTEN_FLAGS_CURRENT = [...LISTEN_FLAGS_122, 'default_server', 'deferred', 'multipath'];
const LISTEN_VALUES_CURRENT = [...LISTEN_VALUES_122, 'setfib=', 'accept_filter='];

/** The order nginx checks parameters against `udp`; the first hit is the one it reports. */
const UDP_INCOMPATIBLE: Record<NginxVersion, string[]> = {
  '1.22': ['backlog', 'ssl', 'so_keepalive', 'proxy_protocol', 'fastopen'],
  current: ['fastopen', 'backlog', 'accept_filter', 'deferred', 'multipath', 'ssl', 'so_keepalive', 'proxy_protocol'],
};

const UPSTREAM_SERVER_FLAGS_122 = ['backup', 'down'];
const UPSTREAM_SERVER_VALUES_122 = ['weight=', 'max_conns=', 'max_fails=', 'fail_timeout='];

/** Stream directive names: one of them as a `listen` parameter means the `;` before it is missing. */
const STREAM_DIRECTIVES = new Set([
  'listen', 'proxy_pass', 'return', 'server', 'upstream', 'resolver', 'resolver_timeout', 'access_log', 'error_log',
  'allow', 'deny', 'set', 'map', 'include', 'tcp_nodelay', 'preread_buffer_size', 'preread_timeout', 'limit_conn',
  'pass', 'server_name',
]);

function isDirectiveName(value: string): boolean {
  return STREAM_DIRECTIVES.has(value) || /^(proxy|ssl|limit|js|preread|variables_hash)_[a-z_]+$/.test(value);
}

function paramName(value: string): string {
  const eq = value.indexOf('=');
  return eq === -1 ? value : value.slice(0, eq);
}

function knownParam(value: string, flags: readonly string[], prefixed: readonly string[]): boolean {
  return flags.includes(value) || prefixed.some((p) => value.startsWith(p));
}

function inStream(node: NginxNode): boolean {
  return node.context.includes('stream');
}

function unknownParamMessage(version: NginxVersion): { en: string; 'zh-cn': string } {
  return version === '1.22'
    ? { en: 'the invalid "{param}" parameter', 'zh-cn': 'the invalid "{param}" parameter（无效的参数 "{param}"）' }
    : { en: 'invalid parameter "{param}"', 'zh-cn': 'invalid parameter "{param}"（无效的参数 "{param}"）' };
}

function checkListen(node: NginxNode, version: NginxVersion, ctx: RuleContext): void {
  const { file, directive } = node;
  const [address, ...params] = directive.args;
  if (!address) return;
  const flags = version === '1.22' ? LISTEN_FLAGS_122 : LISTEN_FLAGS_CURRENT;
  const prefixed = version === '1.22' ? LISTEN_VALUES_122 : LISTEN_VALUES_CURRENT;
  for (let i = 0; i < params.length; i++) {
    const param = params[i];
    if (knownParam(param.value, flags, prefixed)) continue;
    const previous: Arg = i === 0 ? address : params[i - 1];
    const missingSemicolon =
      isDirectiveName(param.value) && file.positionAt(param.start).line > file.positionAt(previous.end).line;
    if (missingSemicolon) {
      ctx.report({
        file: file.path,
        range: argRange(file, param),
        message: {
          en: `${unknownParamMessage(version).en}: a ";" is probably missing after "{previous}" on line {previousLine}`,
          'zh-cn': `${unknownParamMessage(version)['zh-cn']}：第 {previousLine} 行的 "{previous}" 之后可能缺少 ";"`,
        },
        args: { param: param.value, previous: previous.value, previousLine: file.positionAt(previous.end).line + 1 },
        fixes: [
          {
            title: { en: 'Insert ";" after "{previous}"', 'zh-cn': '在 "{previous}" 之后插入 ";"' },
            args: { previous: previous.value },
            edits: [insertAt(file, previous.end, ';')],
            safe: true,
            preferred: true,
          },
        ],
      });
    } else {
      ctx.report({ file: file.path, range: argRange(file, param), message: unknownParamMessage(version), args: { param: param.value } });
    }
    return;
  }
  if (!params.some((p) => p.value === 'udp')) return;
  for (const name of UDP_INCOMPATIBLE[version]) {
    const param = params.find((p) => paramName(p.value) === name);
    if (!param) continue;
    ctx.report({
      file: file.path,
      range: argRange(file, param),
      message: {
        en: '"listen" directive "{param}" parameter is incompatible with "udp"',
        'zh-cn': '"listen" directive "{param}" parameter is incompatible with "udp"（"{param}" 参数不能与 "udp" 同时使用）',
      },
      args: { param: name },
    });
    return;
  }
}

function checkUpstreamServer(node: NginxNode, version: NginxVersion, ctx: RuleContext): void {
  const { file, directive } = node;
  const [address, ...params] = directive.args;
  if (!address) return;
  const flags = version === '1.22' ? UPSTREAM_SERVER_FLAGS_122 : [...UPSTREAM_SERVER_FLAGS_122, 'resolve'];
  const prefixed = version === '1.22' ? UPSTREAM_SERVER_VALUES_122 : [...UPSTREAM_SERVER_VALUES_122, 'service='];
  const unknown = params.find((p) => !knownParam(p.value, flags, prefixed));
  if (unknown) {
    ctx.report({
      file: file.path,
      range: argRange(file, unknown),
      message: { en: 'invalid parameter "{param}"', 'zh-cn': 'invalid parameter "{param}"（无效的参数 "{param}"）' },
      args: { param: unknown.value },
    });
    return;
  }
  const parsed = parseAddress(address.value, 'upstream');
  if (parsed.kind === 'inet' && parsed.port === undefined && !address.value.includes('$')) {
    ctx.report({
      file: file.path,
      range: argRange(file, address),
      message: { en: 'no port in upstream "{address}"', 'zh-cn': 'no port in upstream "{address}"（上游服务器缺少端口）' },
      args: { address: address.value },
    });
  }
}

/** Whether every include of the tree was read: only then is an unknown upstream name really unknown. */
function complete(tree: NginxConfigTree): boolean {
  return tree.kind === 'root' && tree.includeProblems.every((p) => p.kind === 'cycle');
}

/**
 * Argument and context errors of the stream directives the FabEdge checks model, in nginx's
 * words: `listen` parameters, `udp` incompatibilities, upstream `server` lines, `proxy_pass`.
 */
export const nginxDirective: NginxRule = {
  scope: 'nginx',
  meta: {
    id: 'nginx-directive',
    defaultSeverity: 'error',
    fixable: true,
    description: {
      en: 'nginx rejects an argument or the placement of a stream directive.',
      'zh-cn': 'nginx 拒绝某个 stream 指令的参数或位置。',
    },
  },
  check(tree, ctx) {
    const version = tree.version;
    for (const node of walkNodes(tree.nodes)) {
      const d = node.directive;
      if (d.kind !== 'directive' || d.terminator === 'missing') continue;
      const where = innermost(node.context);
      if (d.name === 'listen' && where === 'server' && inStream(node)) checkListen(node, version, ctx);
      else if (d.name === 'server' && where === 'upstream' && inStream(node)) checkUpstreamServer(node, version, ctx);
      else if (d.name === 'proxy_pass' && (where === 'stream' || (where === 'upstream' && inStream(node)) || where === 'main')) {
        ctx.report({
          file: node.file.path,
          range: nodeRange(node),
          message: {
            en: '"proxy_pass" directive is not allowed here: in stream it belongs inside a server {} block',
            'zh-cn': '"proxy_pass" directive is not allowed here：在 stream 中它必须位于 server {} 块内',
          },
        });
      }
    }
    if (!complete(tree)) return;
    for (const server of tree.stream.servers) {
      const pass = server.proxyPass;
      if (pass?.target.kind !== 'unresolved') continue;
      ctx.report({
        file: pass.node.file.path,
        range: argRange(pass.node.file, pass.arg),
        message: {
          en: 'no port in upstream "{name}": no upstream block has this name and it is not host:port',
          'zh-cn': 'no port in upstream "{name}"：没有同名的 upstream 块，它也不是 host:port 形式',
        },
        args: { name: pass.target.name },
      });
    }
  },
};
