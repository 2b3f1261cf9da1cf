import { parseArgs } from 'node:util';
import { parseRuleSetting, type RuleSetting } from '../core/findings';
import { LOCALES, localeFromEnvironment, localize, type Locale, type LocalizedText } from '../core/l10n';
import { DEFAULT_PROBE_OPTIONS, PROBE_LIMITS } from '../core/probe/probe';

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface LintArguments {
  command: 'lint';
  paths: string[];
  format: OutputFormat;
  fix: boolean;
  ruleSettings: Record<string, RuleSetting>;
  maxWarnings: number | undefined;
  /** `--config FILE`; otherwise the nearest `.fabedge.yaml` from the current folder up. */
  config: string | undefined;
  exclude: string[];
  valuesFiles: string[];
  nginxFiles: string[];
  proxyFiles: string[];
  chartVersion: string | undefined;
  /** `--no-error-on-unmatched`: a path with nothing to check is not an error. */
  errorOnUnmatched: boolean;
  /** Also tell, on stderr, which includes were not followed. */
  verbose: boolean;
}

export interface ParseArguments {
  command: 'parse';
  file: string;
}

export interface ProbeArguments {
  command: 'probe';
  /** A values file, or HOST[:PORT]. */
  target: string;
  format: 'text' | 'json';
  timeoutMs: number;
  attempts: number;
}

export interface HelpArguments {
  command: 'help' | 'version';
}

export type CliArguments = (LintArguments | ParseArguments | ProbeArguments | HelpArguments) & { locale: Locale };

/** A mistake on the command line: exit code 2 with the message, in the chosen language. */
export class UsageError extends Error {
  constructor(
    readonly text: LocalizedText,
    readonly args: Readonly<Record<string, string | number>> = {},
    /** The language the command line asked for, when it was read that far. */
    readonly locale?: Locale,
  ) {
    super(localize(text, 'en', args));
  }

  localized(fallback: Locale): string {
    return localize(this.text, this.locale ?? fallback, this.args);
  }
}

/** Every option `fabedge-lint` takes; `node:util`'s parseArgs splits the command line by it. */
const OPTIONS = {
  format: { type: 'string', short: 'f' },
  fix: { type: 'boolean' },
  rule: { type: 'string', multiple: true },
  'max-warnings': { type: 'string' },
  locale: { type: 'string' },
  config: { type: 'string' },
  exclude: { type: 'string', multiple: true },
  'values-files': { type: 'string', multiple: true },
  'nginx-files': { type: 'string', multiple: true },
  'proxy-files': { type: 'string', multiple: true },
  'chart-version': { type: 'string' },
  'no-error-on-unmatched': { type: 'boolean' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

/** The options of `fabedge-lint probe TARGET`. */
const PROBE_OPTIONS = {
  format: { type: 'string', short: 'f' },
  timeout: { type: 'string' },
  attempts: { type: 'string' },
  locale: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type OptionName = keyof typeof OPTIONS;
type ProbeOptionName = keyof typeof PROBE_OPTIONS;

const MESSAGES = {
  parseUsage: { en: 'usage: fabedge-lint parse FILE', 'zh-cn': '用法：fabedge-lint parse 文件' },
  unknownOption: { en: 'unknown option "{option}"', 'zh-cn': '未知选项 "{option}"' },
  noValue: { en: '{option} takes no value (not "{value}")', 'zh-cn': '{option} 不接受值（而不是 "{value}"）' },
  needsValue: { en: '{option} needs a value', 'zh-cn': '{option} 需要一个值' },
  dashValue: {
    en: '{option} needs a value; for one that starts with "-", write {option}={value}',
    'zh-cn': '{option} 需要一个值；以 "-" 开头的值请写成 {option}={value}',
  },
  format: { en: 'unknown format "{value}" (text, json or sarif)', 'zh-cn': '未知格式 "{value}"（text、json 或 sarif）' },
  rule: { en: '--rule takes ID=off|error|warning|info, not "{value}"', 'zh-cn': '--rule 的值应为 ID=off|error|warning|info，而不是 "{value}"' },
  unknownRule: { en: 'unknown rule "{value}"', 'zh-cn': '未知规则 "{value}"' },
  maxWarnings: { en: '--max-warnings takes a whole number, not "{value}"', 'zh-cn': '--max-warnings 的值应为非负整数，而不是 "{value}"' },
  locale: { en: '--locale takes {locales}, not "{value}"', 'zh-cn': '--locale 的值应为 {locales}，而不是 "{value}"' },
  probeUsage: { en: 'usage: fabedge-lint probe VALUES-FILE|HOST[:PORT]', 'zh-cn': '用法：fabedge-lint probe values文件|主机[:端口]' },
  probeFormat: { en: 'probe prints text or json, not "{value}"', 'zh-cn': 'probe 只输出 text 或 json，而不是 "{value}"' },
  boundedInteger: {
    en: '{option} takes a whole number from {min} to {max}, not "{value}"',
    'zh-cn': '{option} 的值应为 {min} 到 {max} 之间的整数，而不是 "{value}"',
  },
} satisfies Record<string, LocalizedText>;

type OptionToken = { kind: 'option'; name: string; rawName: string; value?: string; inlineValue?: boolean };

type Fail = (text: LocalizedText, args?: Record<string, string | number>) => never;
type OptionSpec = Readonly<Record<string, { readonly type: 'string' | 'boolean' }>>;

/**
 * The language of messages: `--locale` when it is given and valid, else the environment's. Read
 * before anything else, so that a mistake elsewhere on the line is told in that language.
 */
function chosenLocale(tokens: readonly OptionToken[], env: NodeJS.ProcessEnv): Locale {
  const given = tokens.filter((t) => t.name === 'locale').at(-1)?.value?.toLowerCase();
  return (LOCALES as readonly string[]).includes(given ?? '') ? (given as Locale) : localeFromEnvironment(env);
}

/**
 * Checks each option against `spec`: a boolean given a value (`--fix=yes`) is refused rather than
 * taken as set, a value-taking option never swallows the next option, and each mistake is told
 * through `fail`. Returns the values of each option in order and the booleans that were set.
 */
function readOptions<Name extends string>(options: readonly OptionToken[], spec: OptionSpec, fail: Fail): { values: Map<Name, string[]>; flags: Set<Name> } {
  const values = new Map<Name, string[]>();
  const flags = new Set<Name>();
  for (const token of options) {
    if (!Object.hasOwn(spec, token.name)) fail(MESSAGES.unknownOption, { option: token.rawName });
    const name = token.name as Name;
    if (spec[name].type === 'boolean') {
      if (token.value !== undefined) fail(MESSAGES.noValue, { option: token.rawName, value: token.value });
      flags.add(name);
      continue;
    }
    if (token.value === undefined) fail(MESSAGES.needsValue, { option: token.rawName });
    const value = token.value as string;
    // parseArgs lets a value-taking option swallow the next option (`--format --fix`): refuse that, as its strict mode does.
    if (!token.inlineValue && value.startsWith('-') && value !== '-') fail(MESSAGES.dashValue, { option: token.rawName, value });
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return { values, flags };
}

function checkLocale(value: string | undefined, fail: Fail): void {
  if (value !== undefined && !(LOCALES as readonly string[]).includes(value.toLowerCase())) fail(MESSAGES.locale, { value, locales: LOCALES.join(' | ') });
}

function boundedInteger(option: string, value: string | undefined, limits: { min: number; max: number }, fallback: number, fail: Fail): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < limits.min || Number(value) > limits.max) fail(MESSAGES.boundedInteger, { option, value, min: limits.min, max: limits.max });
  return Number(value);
}

/** Splits a command line by `spec` with `node:util`'s parseArgs, leaving every check to us. */
function split(argv: readonly string[], spec: OptionSpec, env: NodeJS.ProcessEnv) {
  const { tokens = [], positionals } = parseArgs({ args: [...argv], options: spec, strict: false, allowPositionals: true, tokens: true });
  const options = tokens.filter((t): t is OptionToken & typeof t => t.kind === 'option');
  const locale = chosenLocale(options, env);
  const fail: Fail = (text, args = {}) => {
    throw new UsageError(text, args, locale);
  };
  return { tokens, positionals, options, locale, fail };
}

/** `fabedge-lint probe TARGET [options]`: the words after `probe`. */
function parseProbe(argv: readonly string[], env: NodeJS.ProcessEnv): CliArguments {
  const { positionals, options, locale, fail } = split(argv, PROBE_OPTIONS, env);
  const { values, flags } = readOptions<ProbeOptionName>(options, PROBE_OPTIONS, fail);
  if (flags.has('help')) return { command: 'help', locale };
  const last = (name: ProbeOptionName) => values.get(name)?.at(-1);
  const format = last('format') ?? 'text';
  if (format !== 'text' && format !== 'json') return fail(MESSAGES.probeFormat, { value: format });
  checkLocale(last('locale'), fail);
  if (positionals.length !== 1) return fail(MESSAGES.probeUsage);
  return {
    command: 'probe',
    locale,
    target: positionals[0],
    format,
    timeoutMs: boundedInteger('--timeout', last('timeout'), PROBE_LIMITS.timeoutMs, DEFAULT_PROBE_OPTIONS.timeoutMs, fail),
    attempts: boundedInteger('--attempts', last('attempts'), PROBE_LIMITS.attempts, DEFAULT_PROBE_OPTIONS.attempts, fail),
  };
}

/**
 * Splits the command line with `node:util`'s parseArgs, then checks each option itself: a boolean
 * given a value (`--fix=yes`) is refused rather than taken as set, `--` ends the options, and each
 * mistake is told in the chosen language.
 */
export function parseArguments(argv: readonly string[], knownRules: ReadonlySet<string>, env: NodeJS.ProcessEnv = process.env): CliArguments {
  if (argv[0] === 'probe') return parseProbe(argv.slice(1), env);
  const { tokens, positionals, options, locale, fail } = split(argv, OPTIONS, env);

  if (positionals[0] === 'parse' && (tokens[0]?.kind === 'positional')) {
    if (positionals.length !== 2 || options.length > 0) fail(MESSAGES.parseUsage);
    return { command: 'parse', file: positionals[1], locale };
  }

  const { values, flags } = readOptions<OptionName>(options, OPTIONS, fail);
  if (flags.has('help')) return { command: 'help', locale };
  if (flags.has('version')) return { command: 'version', locale };

  const last = (name: OptionName) => values.get(name)?.at(-1);
  const format = last('format') ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif') return fail(MESSAGES.format, { value: format });
  const ruleSettings: Record<string, RuleSetting> = {};
  for (const spec of values.get('rule') ?? []) {
    const match = /^([\w-]+)=(\w+)$/.exec(spec);
    const setting = parseRuleSetting(match?.[2]);
    // --rule takes off|error|warning|info, as its help says (the settings also take hint).
    if (!match || !setting || setting === 'hint') return fail(MESSAGES.rule, { value: spec });
    const id = match[1];
    if (!knownRules.has(id)) fail(MESSAGES.unknownRule, { value: id });
    ruleSettings[id] = setting;
  }
  const maxWarnings = last('max-warnings');
  if (maxWarnings !== undefined && !/^\d+$/.test(maxWarnings)) fail(MESSAGES.maxWarnings, { value: maxWarnings });
  checkLocale(last('locale'), fail);
  return {
    command: 'lint',
    locale,
    paths: positionals.length > 0 ? positionals : ['.'],
    format,
    fix: flags.has('fix'),
    ruleSettings,
    maxWarnings: maxWarnings === undefined ? undefined : Number(maxWarnings),
    config: last('config'),
    exclude: values.get('exclude') ?? [],
    valuesFiles: values.get('values-files') ?? [],
    nginxFiles: values.get('nginx-files') ?? [],
    proxyFiles: values.get('proxy-files') ?? [],
    chartVersion: last('chart-version'),
    errorOnUnmatched: !flags.has('no-error-on-unmatched'),
    verbose: flags.has('verbose'),
  };
}

export const HELP: Record<Locale, string> = {
  en: `Usage: fabedge-lint [options] [--] [paths...]
       fabedge-lint parse FILE
       fabedge-lint probe VALUES-FILE|HOST[:PORT] [options]

Checks FabEdge Helm values files and the nginx configurations that proxy the FabEdge
connector. Folders are scanned like a workspace (node_modules and .git are skipped);
files are taken as given. The default path is the current folder.

Settings come from .fabedge.yaml in the current folder or the nearest folder above it
(the editor reads the same file), then from the options below.

Options:
  -f, --format text|json|sarif   output format (default: text)
      --fix                      apply every safe fix, write the files, check again
      --rule ID=off|error|warning|info
                                 change a rule's severity or switch it off (repeatable)
      --max-warnings N           fail when there are more than N warnings
      --config FILE              read settings from FILE instead of .fabedge.yaml
      --exclude GLOB             leave out matching files and folders (repeatable)
      --values-files GLOB        take matching files as FabEdge values files (repeatable)
      --nginx-files GLOB         take matching files as nginx configurations (repeatable)
      --proxy-files GLOB         take the IKE relays of matching nginx files as FabEdge's proxy (repeatable)
      --chart-version V          the FabEdge chart version of the values files
      --no-error-on-unmatched    a path with nothing to check is not an error
      --verbose                  also tell on stderr which includes were not followed
      --locale en|zh-cn          message language (default: as gettext picks it from
                                 LANGUAGE, LC_ALL, LC_MESSAGES, LANG)
  -h, --help                     show this help
      --version                  show the version

Globs are relative to the current folder (in .fabedge.yaml: to its folder); a glob
without "/" matches a name at any depth.

Exit status: 0 no errors (and warnings within --max-warnings), 1 otherwise,
2 usage error, a path with nothing to check, or an internal failure.

parse FILE prints the nginx parse of FILE as crossplane's JSON payload.

probe VALUES-FILE|HOST[:PORT] [--format text|json] [--timeout MS] [--attempts N]
sends a real IKEv2 IKE_SA_INIT to the address and port the edges dial (the first
connectorPublicAddresses entry of a values file on its public port, or HOST[:PORT], port 500 when
omitted) and, for port 500, one to UDP 4500 behind the non-ESP marker, as the edges do after
IKE_SA_INIT. Any IKE answer proves the path. Each request is sent at most --attempts times
(default 3, at most 10), waiting --timeout milliseconds (default 1000) after each. Exit status:
0 every port answered, 1 some port did not, 2 usage error or internal failure.
`,
  'zh-cn': `用法：fabedge-lint [选项] [--] [路径...]
      fabedge-lint parse 文件
      fabedge-lint probe values文件|主机[:端口] [选项]

检查 FabEdge 的 Helm values 文件，以及为 FabEdge connector 做代理的 nginx 配置。
文件夹按工作区方式扫描（跳过 node_modules 和 .git）；文件按给定的方式检查。
默认路径为当前文件夹。

设置取自当前文件夹或其上最近一级文件夹中的 .fabedge.yaml（编辑器读取同一文件），
再由下列选项覆盖。

选项：
  -f, --format text|json|sarif   输出格式（默认：text）
      --fix                      应用所有安全修复，写入文件，然后重新检查
      --rule ID=off|error|warning|info
                                 更改规则的严重级别或将其关闭（可重复）
      --max-warnings N           警告多于 N 个时以失败退出
      --config 文件              从指定文件而不是 .fabedge.yaml 读取设置
      --exclude GLOB             排除匹配的文件和文件夹（可重复）
      --values-files GLOB        将匹配的文件视为 FabEdge values 文件（可重复）
      --nginx-files GLOB         将匹配的文件视为 nginx 配置（可重复）
      --proxy-files GLOB         将匹配的 nginx 文件中的 IKE 中继视为 FabEdge 代理（可重复）
      --chart-version V          values 文件对应的 FabEdge chart 版本
      --no-error-on-unmatched    路径中没有可检查的文件时不视为错误
      --verbose                  同时在 stderr 上说明哪些 include 未被跟随
      --locale en|zh-cn          消息语言（默认：按 gettext 的顺序取自
                                 LANGUAGE、LC_ALL、LC_MESSAGES、LANG）
  -h, --help                     显示此帮助
      --version                  显示版本

glob 相对于当前文件夹（在 .fabedge.yaml 中相对于该文件所在文件夹）；不含 "/" 的 glob
匹配任意层级中的名称。

退出状态：0 无错误（且警告数不超过 --max-warnings），否则为 1；
用法错误、路径中没有可检查的文件或内部故障时为 2。

parse 文件：以 crossplane 的 JSON 格式输出该 nginx 文件的解析结果。

probe values文件|主机[:端口] [--format text|json] [--timeout 毫秒] [--attempts 次数]
向边缘节点拨号的地址和端口（values 文件中 connectorPublicAddresses 的第一项及其公网端口，
或 主机[:端口]，省略端口时为 500）发送真实的 IKEv2 IKE_SA_INIT；端口为 500 时，再像边缘节点
在 IKE_SA_INIT 之后那样，向 UDP 4500 发送一个带 non-ESP 标记的请求。收到任何 IKE 应答即证明
路径可达。每个请求最多发送 --attempts 次（默认 3，最多 10），每次发送后等待 --timeout 毫秒
（默认 1000）。退出状态：0 所有端口都有应答，1 有端口无应答，2 用法错误或内部故障。
`,
};
