import { SEVERITIES } from '../core/findings';
import { LOCALES, type Locale } from '../core/l10n';
import type { RuleSetting } from '../core/engine';

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface LintArguments {
  command: 'lint';
  paths: string[];
  format: OutputFormat;
  fix: boolean;
  ruleSettings: Record<string, RuleSetting>;
  maxWarnings: number | undefined;
  locale: Locale | undefined;
  /** Also tell, on stderr, which includes were not followed. */
  verbose: boolean;
}

export interface ParseArguments {
  command: 'parse';
  file: string;
}

export interface HelpArguments {
  command: 'help' | 'version';
}

export type CliArguments = LintArguments | ParseArguments | HelpArguments;

/** A mistake on the command line: exit code 2 with the message. */
export class UsageError extends Error {}

const RULE_SETTINGS: readonly string[] = ['off', ...SEVERITIES.filter((s) => s !== 'hint')];

export function parseArguments(argv: readonly string[], knownRules: ReadonlySet<string>): CliArguments {
  if (argv[0] === 'parse') {
    const rest = argv.slice(1);
    if (rest.length !== 1 || rest[0].startsWith('-')) throw new UsageError('usage: fabedge-lint parse FILE');
    return { command: 'parse', file: rest[0] };
  }
  const result: LintArguments = { command: 'lint', paths: [], format: 'text', fix: false, ruleSettings: {}, maxWarnings: undefined, locale: undefined, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inlineValue ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
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
        break;
      }
      case '--fix':
        result.fix = true;
        break;
      case '--verbose':
        result.verbose = true;
        break;
      case '--rule': {
        const spec = value();
        const match = /^([\w-]+)=(\w+)$/.exec(spec);
        if (!match || !RULE_SETTINGS.includes(match[2])) throw new UsageError(`--rule takes ID=off|error|warning|info, not "${spec}"`);
        if (!knownRules.has(match[1])) throw new UsageError(`unknown rule "${match[1]}"`);
        result.ruleSettings[match[1]] = match[2] as RuleSetting;
        break;
      }
      case '--max-warnings': {
        const n = value();
        if (!/^\d+$/.test(n)) throw new UsageError(`--max-warnings takes a whole number, not "${n}"`);
        result.maxWarnings = Number(n);
        break;
      }
      case '--locale': {
        const locale = value().toLowerCase();
        if (!(LOCALES as readonly string[]).includes(locale)) throw new UsageError(`--locale takes ${LOCALES.join(' or ')}, not "${locale}"`);
        result.locale = locale as Locale;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option "${arg}"`);
        result.paths.push(arg);
    }
  }
  if (result.paths.length === 0) result.paths.push('.');
  return result;
}

export const HELP = `Usage: fabedge-lint [options] [paths...]
       fabedge-lint parse FILE

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
      --verbose                  also tell on stderr which includes were not followed
                                 (outside the folder, templates, files that ship with nginx)
  -h, --help                     show this help
      --version                  show the version

Exit status: 0 no errors (and warnings within --max-warnings), 1 otherwise,
2 usage error or internal failure.

parse FILE prints the nginx parse of FILE as crossplane's JSON payload.
`;
