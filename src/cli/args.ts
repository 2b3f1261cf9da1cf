import { parseArgs } from 'node:util';
import { RULE_SETTINGS } from '../core/config/settings';
import type { RuleSetting } from '../core/engine';
import { LOCALES, localeFromEnvironment, localize, type Locale, type LocalizedText } from '../core/l10n';

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
  chartVersion: string | undefined;
  /** `--no-error-on-unmatched`: a path with nothing to check is not an error. */
  errorOnUnmatched: boolean;
}

export interface ParseArguments {
  command: 'parse';
  file: string;
}

export interface HelpArguments {
  command: 'help' | 'version';
}

export type CliArguments = (LintArguments | ParseArguments | HelpArguments) & { locale: Locale };

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
  'chart-version': { type: 'string' },
  'no-error-on-unmatched': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

type OptionName = keyof typeof OPTIONS;

const CLI_RULE_SETTINGS: readonly string[] = RULE_SETTINGS.filter((s) => s !== 'hint');

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
} satisfies Record<string, LocalizedText>;

type OptionToken = { kind: 'option'; name: string; rawName: string; value?: string; inlineValue?: boolean };

function isOption(name: string): name is OptionName {
  return Object.hasOwn(OPTIONS, name);
}

/**
 * The language of messages: `--locale` when it is given and valid, else the environment's. Read
 * before anything else, so that a mistake elsewhere on the line is told in that language.
 */
function chosenLocale(tokens: readonly OptionToken[], env: NodeJS.ProcessEnv): Locale {
  const given = tokens.filter((t) => t.name === 'locale').at(-1)?.value?.toLowerCase();
  return (LOCALES as readonly string[]).includes(given ?? '') ? (given as Locale) : localeFromEnvironment(env);
}

/**
 * Splits the command line with `node:util`'s parseArgs, then checks each option itself: a boolean
 * given a value (`--fix=yes`) is refused rather than taken as set, `--` ends the options, and each
 * mistake is told in the chosen language.
 */
export function parseArguments(argv: readonly string[], knownRules: ReadonlySet<string>, env: NodeJS.ProcessEnv = process.env): CliArguments {
  const { tokens = [], positionals } = parseArgs({ args: [...argv], options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const options = tokens.filter((t): t is OptionToken & typeof t => t.kind === 'option');
  const locale = chosenLocale(options, env);
  const fail = (text: LocalizedText, args: Record<string, string | number> = {}): never => {
    throw new UsageError(text, args, locale);
  };

  if (positionals[0] === 'parse' && (tokens[0]?.kind === 'positional')) {
    if (positionals.length !== 2 || options.length > 0) fail(MESSAGES.parseUsage);
    return { command: 'parse', file: positionals[1], locale };
  }

  const values = new Map<OptionName, string[]>();
  const flags = new Set<OptionName>();
  for (const token of options) {
    if (!isOption(token.name)) fail(MESSAGES.unknownOption, { option: token.rawName });
    const name = token.name as OptionName;
    const spec = OPTIONS[name];
    if (spec.type === 'boolean') {
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
  if (flags.has('help')) return { command: 'help', locale };
  if (flags.has('version')) return { command: 'version', locale };

  const last = (name: OptionName) => values.get(name)?.at(-1);
  const format = last('format') ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif') return fail(MESSAGES.format, { value: format });
  const ruleSettings: Record<string, RuleSetting> = {};
  for (const spec of values.get('rule') ?? []) {
    const match = /^([\w-]+)=(\w+)$/.exec(spec);
    if (!match || !CLI_RULE_SETTINGS.includes(match[2])) fail(MESSAGES.rule, { value: spec });
    const [, id, setting] = match as RegExpExecArray;
    if (!knownRules.has(id)) fail(MESSAGES.unknownRule, { value: id });
    ruleSettings[id] = setting as RuleSetting;
  }
  const maxWarnings = last('max-warnings');
  if (maxWarnings !== undefined && !/^\d+$/.test(maxWarnings)) fail(MESSAGES.maxWarnings, { value: maxWarnings });
  const localeValue = last('locale');
  if (localeValue !== undefined && !(LOCALES as readonly string[]).includes(localeValue.toLowerCase())) {
    fail(MESSAGES.locale, { value: localeValue, locales: LOCALES.join(' | ') });
  }
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
    chartVersion: last('chart-version'),
    errorOnUnmatched: !flags.has('no-error-on-unmatched'),
  };
}

export const HELP: Record<Locale, string> = {
  en: `Usage: fabedge-lint [options] [--] [paths...]
       fabedge-lint parse FILE

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
      --chart-version V          the FabEdge chart version of the values files
      --no-error-on-unmatched    a path with nothing to check is not an error
      --locale en|zh-cn          message language (default: as gettext picks it from
                                 LANGUAGE, LC_ALL, LC_MESSAGES, LANG)
  -h, --help                     show this help
      --version                  show the version

Globs are relative to the current folder (in .fabedge.yaml: to its folder); a glob
without "/" matches a name at any depth.

Exit status: 0 no errors (and warnings within --max-warnings), 1 otherwise,
2 usage error, a path with nothing to check, or an internal failure.

parse FILE prints the nginx parse of FILE as crossplane's JSON payload.
`,
  'zh-cn': `用法：fabedge-lint [选项] [--] [路径...]
      fabedge-lint parse 文件

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
      --chart-version V          values 文件对应的 FabEdge chart 版本
      --no-error-on-unmatched    路径中没有可检查的文件时不视为错误
      --locale en|zh-cn          消息语言（默认：按 gettext 的顺序取自
                                 LANGUAGE、LC_ALL、LC_MESSAGES、LANG）
  -h, --help                     显示此帮助
      --version                  显示版本

glob 相对于当前文件夹（在 .fabedge.yaml 中相对于该文件所在文件夹）；不含 "/" 的 glob
匹配任意层级中的名称。

退出状态：0 无错误（且警告数不超过 --max-warnings），否则为 1；
用法错误、路径中没有可检查的文件或内部故障时为 2。

parse 文件：以 crossplane 的 JSON 格式输出该 nginx 文件的解析结果。
`,
};
