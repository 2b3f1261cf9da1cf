import { defineRule, type RuleContext, type RuleMessages } from './rule';
import type { Arg, NginxVersion } from '../nginx/ast';
import { parseAddress } from '../nginx/addresses';
import { acceptsArgumentCount, directiveContextOf, knownDirectiveName, placementIn, UDP_INCOMPATIBLE_LISTEN_PARAMETERS } from '../nginx/directives';
import { HTTP_OR_STREAM, innermost, walkNodes, type NginxNode } from '../nginx/model';
import type { NginxConfigTree } from '../nginx/tree';
import { argRange, nodeRange } from '../nginx/textEdits';
import { INSERT_SEMICOLON_MESSAGES, insertSemicolon } from './nginx-syntax';

/** `listen` parameters of the stream module, by nginx version (nginx.org's ngx_stream_core_module docs and changelog). */
const LISTEN_FLAGS_122 = ['udp', 'bind', 'reuseport', 'ssl', 'proxy_protocol'];
const LISTEN_VALUES_122 = ['ipv6only=', 'backlog=', 'rcvbuf=', 'sndbuf=', 'fastopen=', 'so_keepalive='];
const LISTEN_FLAGS_CURRENT = [...LISTEN_FLAGS_122, 'default_server', 'deferred', 'multipath'];
const LISTEN_VALUES_CURRENT = [...LISTEN_VALUES_122, 'setfib=', 'accept_filter='];

const UPSTREAM_SERVER_FLAGS_122 = ['backup', 'down'];
const UPSTREAM_SERVER_VALUES_122 = ['weight=', 'max_conns=', 'max_fails=', 'fail_timeout='];

/** `listen` parameters of the http module in nginx 1.22 (for fragments that may be http or stream). */
const HTTP_LISTEN_FLAGS = ['default_server', 'default', 'ssl', 'http2', 'proxy_protocol', 'deferred', 'bind', 'reuseport'];
const HTTP_LISTEN_VALUES = ['ipv6only=', 'backlog=', 'rcvbuf=', 'sndbuf=', 'fastopen=', 'so_keepalive=', 'accept_filter='];

/**
 * Whether the words from `from` on, run into a `listen` by a missing `;`, are a statement nginx
 * accepts in the server: a directive it knows there, with as many arguments as it takes.
 */
function secondStatementFits(args: readonly Arg[], from: number, node: NginxNode): boolean {
  const where = directiveContextOf(node.context);
  const placement = where && placementIn(args[from].value, where);
  return placement !== undefined && !placement.block && acceptsArgumentCount(placement, args.length - from - 1);
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

/**
 * nginx's own words, which changed after 1.22; the Chinese message keeps them and adds a translation,
 * so that the text still matches what `nginx -t` prints.
 */
const MESSAGES = {
  invalidParameter122: { en: 'the invalid "{param}" parameter', 'zh-cn': 'the invalid "{param}" parameter（无效的参数 "{param}"）' },
  invalidParameter: { en: 'invalid parameter "{param}"', 'zh-cn': 'invalid parameter "{param}"（无效的参数 "{param}"）' },
  invalidParameterMissingSemicolon122: {
    en: 'the invalid "{param}" parameter: a ";" is probably missing after "{previous}" on line {previousLine}',
    'zh-cn': 'the invalid "{param}" parameter（无效的参数 "{param}"）：第 {previousLine} 行的 "{previous}" 之后可能缺少 ";"',
  },
  invalidParameterMissingSemicolon: {
    en: 'invalid parameter "{param}": a ";" is probably missing after "{previous}" on line {previousLine}',
    'zh-cn': 'invalid parameter "{param}"（无效的参数 "{param}"）：第 {previousLine} 行的 "{previous}" 之后可能缺少 ";"',
  },
  incompatibleWithUdp: {
    en: '"listen" directive "{param}" parameter is incompatible with "udp"',
    'zh-cn': '"listen" directive "{param}" parameter is incompatible with "udp"（"{param}" 参数不能与 "udp" 同时使用）',
  },
  noUpstreamPort: { en: 'no port in upstream "{address}"', 'zh-cn': 'no port in upstream "{address}"（上游服务器缺少端口）' },
  proxyPassOutsideServer: {
    en: '"proxy_pass" directive is not allowed here: in stream it belongs inside a server {} block',
    'zh-cn': '"proxy_pass" directive is not allowed here：在 stream 中它必须位于 server {} 块内',
  },
  unknownUpstream: {
    en: 'no port in upstream "{name}": no upstream block has this name and it is not host:port',
    'zh-cn': 'no port in upstream "{name}"：没有同名的 upstream 块，它也不是 host:port 形式',
  },
  ...INSERT_SEMICOLON_MESSAGES,
} satisfies RuleMessages;

type Context = RuleContext<keyof typeof MESSAGES>;

function checkListen(node: NginxNode, version: NginxVersion, ctx: Context, alsoHttp: boolean): void {
  const { file, directive } = node;
  const [address, ...params] = directive.args;
  if (!address) return;
  const flags = version === '1.22' ? LISTEN_FLAGS_122 : LISTEN_FLAGS_CURRENT;
  const prefixed = version === '1.22' ? LISTEN_VALUES_122 : LISTEN_VALUES_CURRENT;
  for (let i = 0; i < params.length; i++) {
    const param = params[i];
    if (knownParam(param.value, flags, prefixed)) continue;
    // In a fragment that may as well be http {}, only what neither module takes is wrong.
    if (alsoHttp && knownParam(param.value, HTTP_LISTEN_FLAGS, HTTP_LISTEN_VALUES)) continue;
    const previous: Arg = i === 0 ? address : params[i - 1];
    const missingSemicolon =
      knownDirectiveName(param.value) && file.positionAt(param.start).line > file.positionAt(previous.end).line;
    // The fix is offered only when both halves are statements nginx accepts there.
    const fixes = missingSemicolon && !alsoHttp && secondStatementFits(directive.args, i + 1, node);
    if (missingSemicolon) {
      ctx.report({
        file: file.path,
        range: argRange(file, param),
        messageId: version === '1.22' ? 'invalidParameterMissingSemicolon122' : 'invalidParameterMissingSemicolon',
        args: { param: param.value, previous: previous.value, previousLine: file.positionAt(previous.end).line + 1 },
        ...(fixes ? { fixes: [insertSemicolon(file, previous.end, previous.value)] } : {}),
      });
    } else {
      ctx.report({ file: file.path, range: argRange(file, param), messageId: alsoHttp || version !== '1.22' ? 'invalidParameter' : 'invalidParameter122', args: { param: param.value } });
    }
    return;
  }
  if (!params.some((p) => p.value === 'udp')) return;
  for (const name of UDP_INCOMPATIBLE_LISTEN_PARAMETERS[version]) {
    const param = params.find((p) => paramName(p.value) === name);
    if (!param) continue;
    ctx.report({
      file: file.path,
      range: argRange(file, param),
      messageId: 'incompatibleWithUdp',
      args: { param: name },
    });
    return;
  }
}

function checkUpstreamServer(node: NginxNode, version: NginxVersion, ctx: Context, alsoHttp: boolean): void {
  const { file, directive } = node;
  const [address, ...params] = directive.args;
  if (!address) return;
  const flags = version === '1.22' ? UPSTREAM_SERVER_FLAGS_122 : [...UPSTREAM_SERVER_FLAGS_122, 'resolve'];
  const prefixed = version === '1.22' ? UPSTREAM_SERVER_VALUES_122 : [...UPSTREAM_SERVER_VALUES_122, 'service='];
  const unknown = params.find((p) => !knownParam(p.value, flags, prefixed));
  if (unknown) {
    ctx.report({ file: file.path, range: argRange(file, unknown), messageId: 'invalidParameter', args: { param: unknown.value } });
    return;
  }
  // http's upstream servers default to port 80.
  if (alsoHttp) return;
  const parsed = parseAddress(address.value, 'upstream');
  if (parsed.kind === 'inet' && parsed.port === undefined && !address.value.includes('$')) {
    ctx.report({
      file: file.path,
      range: argRange(file, address),
      messageId: 'noUpstreamPort',
      args: { address: address.value },
    });
  }
}

/**
 * nginx stops at a file's first syntax error: what follows it is read only by our recovery, whose
 * guesses (which block a statement is in, where it ends) nginx never confirms.
 */
function afterFirstError(node: NginxNode): boolean {
  const error = node.file.parse.errors[0];
  return error !== undefined && node.directive.start >= error.start;
}

/** Whether every include of the tree was read: only then is an unknown upstream name really unknown. */
function complete(tree: NginxConfigTree): boolean {
  return tree.kind === 'root' && tree.includeProblems.every((p) => p.kind === 'cycle');
}

/**
 * Argument and context errors of the stream directives the FabEdge checks model, in nginx's
 * words: `listen` parameters, `udp` incompatibilities, upstream `server` lines, `proxy_pass`.
 */
export const nginxDirective = defineRule({
  scope: 'nginx',
  meta: {
    id: 'nginx-directive',
    defaultSeverity: 'error',
    fixable: true,
    description: {
      en: 'nginx rejects an argument or the placement of a stream directive.',
      'zh-cn': 'nginx 拒绝某个 stream 指令的参数或位置。',
    },
    messages: MESSAGES,
  },
  check(tree, ctx) {
    const version = tree.version;
    for (const node of walkNodes(tree.nodes)) {
      const d = node.directive;
      if (d.kind !== 'directive' || d.terminator === 'missing' || afterFirstError(node)) continue;
      const where = innermost(node.context);
      const either = node.context.includes(HTTP_OR_STREAM);
      if (d.name === 'listen' && where === 'server' && (inStream(node) || either)) checkListen(node, version, ctx, either);
      else if (d.name === 'server' && where === 'upstream' && (inStream(node) || either)) checkUpstreamServer(node, version, ctx, either);
      else if (d.name === 'proxy_pass' && (where === 'stream' || (where === 'upstream' && inStream(node)) || where === 'main')) {
        ctx.report({
          file: node.file.path,
          range: nodeRange(node),
          messageId: 'proxyPassOutsideServer',
        });
      }
    }
    if (!complete(tree)) return;
    for (const server of tree.stream.servers) {
      const pass = server.proxyPass;
      if (pass?.target.kind !== 'unresolved' || afterFirstError(pass.node)) continue;
      ctx.report({
        file: pass.node.file.path,
        range: argRange(pass.node.file, pass.arg),
        messageId: 'unknownUpstream',
        args: { name: pass.target.name },
      });
    }
  },
});
