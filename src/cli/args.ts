import { SEVERITIES } from '../core/findings';
import { LOCALES, type Locale } from '../core/l10n';
import type { RuleSetting } from '../core/engine';
import { DEFAULT_PROBE_OPTIONS, PROBE_LIMITS } from '../core/probe/probe';

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface LintArguments {
  command: 'lint';
  paths: string[];
  format: OutputFormat;
  fix: boolean;
  ruleSettings: Record<string, RuleSetting>;
  maxWarnings: number | undefined;
  locale: Locale | undefined;
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
  locale: Locale | undefined;
}

export interface HelpArguments {
  command: 'help' | 'version';
}

export type CliArguments = LintArguments | ParseArguments | ProbeArguments | HelpArguments;

/** A mistake on the command line: exit code 2 with the message. */
export class UsageError extends Error {}

const RULE_SETTINGS: readonly string[] = ['off', ...SEVERITIES.filter((s) => s !== 'hint')];

function splitOption(arg: string): [string, string | undefined] {
  return arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
}

/**
 * Calls `handle` for each argument with its flag (`--x` of `--x=v`) and a reader of the option's
 * value (inline or the next argument). A `help` or `version` answer from `handle` ends the walk.
 */
function walkArguments(argv: readonly string[], handle: (flag: string, value: () => string, arg: string) => HelpArguments | undefined): HelpArguments | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inlineValue] = splitOption(arg);
    const value = (): string => {
      const v = inlineValue ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    const early = handle(flag, value, arg);
    if (early) return early;
  }
  return undefined;
}

function parseLocale(value: string): Locale {
  const locale = value.toLowerCase();
  if (!(LOCALES as readonly string[]).includes(locale)) throw new UsageError(`--locale takes ${LOCALES.join(' or ')}, not "${locale}"`);
  return locale as Locale;
}

function boundedInteger(flag: string, text: string, limits: { min: number; max: number }): number {
  if (!/^\d+$/.test(text) || Number(text) < limits.min || Number(text) > limits.max) throw new UsageError(`${flag} takes a whole number from ${limits.min} to ${limits.max}, not "${text}"`);
  return Number(text);
}

/** `fabedge-lint probe TARGET [options]`. */
function parseProbeArguments(argv: readonly string[]): ProbeArguments | HelpArguments {
  const result: Omit<ProbeArguments, 'target'> & { target: string | undefined } = {
    command: 'probe',
    target: undefined,
    format: 'text',
    timeoutMs: DEFAULT_PROBE_OPTIONS.timeoutMs,
    attempts: DEFAULT_PROBE_OPTIONS.attempts,
    locale: undefined,
  };
  const help = walkArguments(argv, (flag, value, arg) => {
    switch (flag) {
      case '-h':
      case '--help':
        return { command: 'help' };
      case '-f':
      case '--format': {
        const format = value();
        if (format !== 'text' && format !== 'json') throw new UsageError(`probe prints text or json, not "${format}"`);
        result.format = format;
        return undefined;
      }
      case '--timeout':
        result.timeoutMs = boundedInteger('--timeout', value(), PROBE_LIMITS.timeoutMs);
        return undefined;
      case '--attempts':
        result.attempts = boundedInteger('--attempts', value(), PROBE_LIMITS.attempts);
        return undefined;
      case '--locale':
        result.locale = parseLocale(value());
        return undefined;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option "${arg}"`);
        if (result.target !== undefined) throw new UsageError('probe takes one target: a values file or HOST[:PORT]');
        result.target = arg;
        return undefined;
    }
  });
  if (help) return help;
  if (result.target === undefined) throw new UsageError('usage: fabedge-lint probe VALUES-FILE|HOST[:PORT]');
  return { ...result, target: result.target };
}

export function parseArguments(argv: readonly string[], knownRules: ReadonlySet<string>): CliArguments {
  if (argv[0] === 'probe') return parseProbeArguments(argv.slice(1));
  if (argv[0] === 'parse') {
    const rest = argv.slice(1);
    if (rest.length !== 1 || rest[0].startsWith('-')) throw new UsageError('usage: fabedge-lint parse FILE');
    return { command: 'parse', file: rest[0] };
  }
  const result: LintArguments = { command: 'lint', paths: [], format: 'text', fix: false, ruleSettings: {}, maxWarnings: undefined, locale: undefined };
  const early = walkArguments(argv, (flag, value, arg) => {
    switch (flag) {
      case '-h':
      case '--help':
        return { command: 'help' };
      case '--version':
        return { command: 'version' };
      case '-f':
      case '--format': {
        const format = value();
        if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`unknown format "${format}" (text, json or sarif)`);
        result.format = format;
        return undefined;
      }
      case '--fix':
        result.fix = true;
        return undefined;
      case '--rule': {
        const spec = value();
        const match = /^([\w-]+)=(\w+)$/.exec(spec);
        if (!match || !RULE_SETTINGS.includes(match[2])) throw new UsageError(`--rule takes ID=off|error|warning|info, not "${spec}"`);
        if (!knownRules.has(match[1])) throw new UsageError(`unknown rule "${match[1]}"`);
        result.ruleSettings[match[1]] = match[2] as RuleSetting;
        return undefined;
      }
      case '--max-warnings': {
        const n = value();
        if (!/^\d+$/.test(n)) throw new UsageError(`--max-warnings takes a whole number, not "${n}"`);
        result.maxWarnings = Number(n);
        return undefined;
      }
      case '--locale':
        result.locale = parseLocale(value());
        return undefined;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option "${arg}"`);
        result.paths.push(arg);
        return undefined;
    }
  });
  if (early) return early;
  if (result.paths.length === 0) result.paths.push('.');
  return result;
}

export const HELP = `Usage: fabedge-lint [options] [paths...]
       fabedge-lint parse FILE
       fabedge-lint probe VALUES-FILE|HOST[:PORT] [--format text|json] [--timeout MS] [--attempts N]

Checks FabEdge Helm values files and the nginx configurations that proxy the FabEdge
connector. Folders are scanned like a workspace (node_modules and .git are skipped);
files are taken as given. The default path is the current folder.

Options:
  -f, --format text|json|sarif   output format (default: text)
      --fix                      apply every safe fix, write the files, check again
      --rule ID=off|error|warning|info
                                 change a rule's severity or switch it off (repeatable)
      --max-warnings N           fail when there are more than N warnings
      --locale en|zh-cn          message language (default: from LANG/LC_ALL)
  -h, --help                     show this help
      --version                  show the version

Exit status: 0 no errors (and warnings within --max-warnings), 1 otherwise,
2 usage error or internal failure.

parse FILE prints the nginx parse of FILE as crossplane's JSON payload.

probe sends a real IKEv2 IKE_SA_INIT to the address and port the edges dial (the first
connectorPublicAddresses entry of a values file on its public port, or HOST[:PORT], port 500 when
omitted) and, for port 500, one to UDP 4500 behind the non-ESP marker, as the edges do after
IKE_SA_INIT. Any IKE answer proves the path. Each request is sent at most --attempts times
(default 3, at most 10), waiting --timeout milliseconds (default 1000) after each. Exit status:
0 every port answered, 1 some port did not, 2 usage error or internal failure.
`;
