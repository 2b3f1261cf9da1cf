import { isCollection, isScalar, Scalar } from 'yaml';
import { defineRule } from './rule';
import { edit, hasSyntaxErrors, quoted, replaceScalar } from '../values/textEdits';
import type { AgentArg } from '../values/model';

/** The agent's flags (FE pkg/agent/config.go@534028fc), as the operator derives them from agent.args keys. */
const FLAGS = [
  'tunnels-conf', 'local-cert', 'debounce', 'sync-period', 'enable-hairpinmode', 'network-plugin-mtu',
  'masq-outgoing', 'dummy-interface-name', 'enable-dns', 'dns-debug', 'dns-probe', 'dns-bind-ip',
  'dns-cluster-domain', 'enable-proxy', 'proxy-mode', 'proxy-cluster-cidr', 'auto-networking', 'workdir',
  'multicast-address', 'multicast-token', 'multicast-interval', 'backup-interval', 'endpoint-ttl',
  'tunnel-init-timeout', 'v',
];
const CNI_PREFIX = 'cni-';
const BOOL_FLAGS = new Set(['enable-hairpinmode', 'masq-outgoing', 'enable-dns', 'dns-debug', 'dns-probe', 'enable-proxy', 'auto-networking']);
const TRUE_WORDS = /^(true|yes|y|on|1|t)$/i;
const FALSE_WORDS = /^(false|no|n|off|0|f)$/i;
const PROXY_MODES = ['iptables', 'ipvs', 'userspace'];

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

function suggestion(flag: string): string | undefined {
  let best: { flag: string; d: number } | undefined;
  for (const known of FLAGS) {
    const d = distance(flag, known);
    if (d <= Math.max(1, Math.floor(known.length / 4)) && (!best || d < best.d)) best = { flag: known, d };
  }
  return best?.flag;
}

/** Writes a flag back in the key style the user chose (UPPER_SNAKE in the chart's defaults). */
function keyFor(flag: string, like: string): string {
  const base = flag === 'v' ? 'log_level' : flag.replace(/-/g, '_');
  return like === like.toLowerCase() ? base : base.toUpperCase();
}

export const valuesAgentArgs = defineRule({
  scope: 'values',
  meta: {
    id: 'values-agent-args',
    defaultSeverity: 'warning',
    fixable: true,
    description: {
      en: 'agent.args entries must name agent flags and hold strings; switches must be exactly "true" or "false".',
      'zh-cn': 'agent.args 的每一项必须对应 agent 参数且值为字符串；开关值必须正好是 "true" 或 "false"。',
    },
    messages: {
      unknownFlag: { en: 'agent.args.{key} becomes the agent flag --{flag}, which the agent does not have, so it exits.', 'zh-cn': 'agent.args.{key} 会变成 agent 参数 --{flag}，agent 没有该参数，因此会退出。' },
      unknownFlagDidYouMean: { en: 'agent.args.{key} becomes the agent flag --{flag}, which the agent does not have, so it exits. Did you mean {better}?', 'zh-cn': 'agent.args.{key} 会变成 agent 参数 --{flag}，agent 没有该参数，因此会退出。是否想写 {better}？' },
      noValue: { en: 'agent.args.{key} has no value; write a quoted string or remove the key.', 'zh-cn': 'agent.args.{key} 没有值；请写一个带引号的字符串，或删除该键。' },
      notString: { en: 'agent.args.{key} must be a string; the operator passes it as --{flag}=<value>.', 'zh-cn': 'agent.args.{key} 必须是字符串；operator 以 --{flag}=<值> 形式传递。' },
      quoteBoolean: { en: 'agent.args.{key} works as a YAML boolean, but write it quoted like the chart does: "{value}".', 'zh-cn': 'agent.args.{key} 作为 YAML 布尔值可以工作，但请像 chart 一样加引号：“{value}”。' },
      switchSpelling: { en: 'agent.args.{key} is "{value}": the operator treats only the exact string "true" as on, while the agent\'s own parser may read it differently. Write "{want}".', 'zh-cn': 'agent.args.{key} 为 "{value}"：operator 只把字符串 "true" 视为开启，而 agent 自己的解析可能不同。请写 "{want}"。' },
      notBoolean: { en: 'agent.args.{key} is "{value}", which is no boolean: write "true" or "false".', 'zh-cn': 'agent.args.{key} 为 "{value}"，不是布尔值：请写 "true" 或 "false"。' },
      unquoted: { en: 'agent.args.{key} is not a string: quote it so the agent gets exactly "{value}".', 'zh-cn': 'agent.args.{key} 不是字符串：请加引号，使 agent 得到的正好是“{value}”。' },
      unknownProxyMode: { en: 'agent.args.{key} "{value}" is no proxy mode: use iptables, ipvs or userspace.', 'zh-cn': 'agent.args.{key} "{value}" 不是有效的代理模式：请使用 iptables、ipvs 或 userspace。' },
      renameTo: { en: 'Rename to {key}', 'zh-cn': '重命名为 {key}' },
      writeWant: { en: 'Write "{want}"', 'zh-cn': '改为 "{want}"' },
      writeValue: { en: 'Write "{value}"', 'zh-cn': '改为 "{value}"' },
      quoteValue: { en: 'Quote the value', 'zh-cn': '为值加引号' },
    },
  },
  check(doc, ctx) {
    if (hasSyntaxErrors(doc)) return;
    for (const arg of doc.values.agentArgs) {
      checkKey(arg);
      checkValue(arg);
    }

    function checkKey(arg: AgentArg): void {
      if (FLAGS.includes(arg.flag) || arg.flag.startsWith(CNI_PREFIX)) return;
      const better = suggestion(arg.flag);
      const key = arg.pair.key;
      const fixes = better && isScalar(key) && key.range ? [{
        messageId: 'renameTo' as const,
        args: { key: keyFor(better, arg.key) },
        edits: [edit(doc, key.range[0], key.range[1], keyFor(better, arg.key))],
        safe: false,
        preferred: true,
      }] : [];
      ctx.report({
        file: doc.file,
        range: arg.keyRange,
        messageId: better ? 'unknownFlagDidYouMean' : 'unknownFlag',
        args: { key: arg.key, flag: arg.flag, better: better ? keyFor(better, arg.key) : '' },
        fixes,
      });
    }

    function checkValue(arg: AgentArg): void {
      const node = arg.node;
      const range = arg.valueRange ?? arg.keyRange;
      const args = { key: arg.key, flag: arg.flag };
      if (node === undefined || (isScalar(node) && node.value === null)) {
        ctx.report({
          file: doc.file,
          range,
          messageId: 'noValue',
          args,
        });
        return;
      }
      if (isCollection(node) || !isScalar(node) || !node.range) {
        ctx.report({
          file: doc.file,
          range,
          messageId: 'notString',
          args,
        });
        return;
      }
      const source = doc.text.slice(node.range[0], node.range[1]);
      const isBoolFlag = BOOL_FLAGS.has(arg.flag);
      if (isBoolFlag) {
        const text = typeof node.value === 'boolean' ? source : String(node.value);
        const want = TRUE_WORDS.test(text.trim()) ? 'true' : FALSE_WORDS.test(text.trim()) ? 'false' : undefined;
        if (typeof node.value === 'string' && (node.value === 'true' || node.value === 'false')) return;
        if (typeof node.value === 'boolean' && (source === 'true' || source === 'false')) {
          // Works (the template quotes it), but the chart documents quoted strings.
          report(arg, 'info', 'quoteBoolean', source, quoted(source));
          return;
        }
        ctx.report({
          file: doc.file,
          range,
          messageId: want ? 'switchSpelling' : 'notBoolean',
          args: { ...args, value: text, want: want ?? '' },
          fixes: want ? [{ messageId: 'writeWant' as const, args: { want }, edits: [edit(doc, node.range[0], node.range[1], quoted(want))], safe: true, preferred: true }] : [],
        });
        return;
      }
      if (typeof node.value !== 'string') {
        // A YAML 1.1 `yes` here would reach the agent as "true": keep what the user wrote.
        const severity = typeof node.value === 'number' || source === 'true' || source === 'false' ? 'info' : 'warning';
        report(arg, severity, 'unquoted', source, quoted(source));
        return;
      }
      if (arg.flag === 'proxy-mode' && !PROXY_MODES.includes(node.value)) {
        ctx.report({
          file: doc.file,
          range,
          messageId: 'unknownProxyMode',
          args: { ...args, value: node.value },
          fixes: PROXY_MODES.includes(node.value.toLowerCase().trim())
            ? [{ messageId: 'writeValue' as const, args: { value: node.value.toLowerCase().trim() }, edits: [replaceScalar(doc, node, node.value.toLowerCase().trim())].filter((e) => e !== undefined), safe: true }]
            : [],
        });
      }
    }

    function report(arg: AgentArg, severity: 'info' | 'warning', messageId: 'quoteBoolean' | 'unquoted', value: string, replacement: string): void {
      const node = arg.node as Scalar;
      const r = node.range as [number, number, number];
      ctx.report({
        file: doc.file,
        range: arg.valueRange ?? arg.keyRange,
        severity,
        messageId,
        args: { key: arg.key, value },
        fixes: [{ messageId: 'quoteValue', edits: [edit(doc, r[0], r[1], replacement)], safe: true, preferred: true }],
      });
    }
  },
});
