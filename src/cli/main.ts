import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits, editsByFile } from '../core/edits';
import { FILE_NOT_CHECKED_META } from '../core/engine';
import { combineFixes } from '../core/fixes';
import { localeFromEnvironment, type Locale } from '../core/l10n';
import { RULES } from '../core/rules';
import { lintPaths, type LintResult } from '../core/workspace/build';
import { NodeFileSystem } from '../core/workspace/nodeFileSystem';
import { DEFAULT_SETTINGS } from '../core/workspace/settings';
import { HELP, parseArguments, UsageError, type LintArguments } from './args';
import { runParseCommand } from './parseCommand';
import { countBySeverity, pathFormatter, toJsonReport, toSarif, toText } from './report';

declare const FABEDGE_VERSION: string | undefined;
const VERSION = typeof FABEDGE_VERSION === 'string' ? FABEDGE_VERSION : '0.0.0-dev';

/** How many rounds of fixing `--fix` runs: a fix can reveal a finding whose fix is safe too. */
const MAX_FIX_ROUNDS = 10;

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function lint(args: LintArguments, locale: Locale): LintResult {
  const fileSystem = new NodeFileSystem();
  const cwd = process.cwd();
  const paths = args.paths.map((p) => toPosix(path.resolve(cwd, p)));
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new UsageError(`no such file or folder: ${p}`);
  }
  return lintPaths(fileSystem, paths, DEFAULT_SETTINGS, { locale, ruleSettings: args.ruleSettings });
}

function fixAndRelint(args: LintArguments, locale: Locale): { result: LintResult; fixedFiles: Set<string> } {
  const fixedFiles = new Set<string>();
  let result = lint(args, locale);
  for (let round = 0; round < MAX_FIX_ROUNDS; round++) {
    const edits = combineFixes(result.findings, (fix) => fix.safe);
    if (edits.length === 0) break;
    for (const [file, fileEdits] of editsByFile(edits)) {
      const before = fs.readFileSync(file, 'utf8');
      const after = applyEdits(before, fileEdits).text;
      if (after !== before) {
        fs.writeFileSync(file, after);
        fixedFiles.add(file);
      }
    }
    result = lint(args, locale);
  }
  return { result, fixedFiles };
}

function runLint(args: LintArguments): number {
  const locale = args.locale ?? localeFromEnvironment(process.env);
  const { result, fixedFiles } = args.fix ? fixAndRelint(args, locale) : { result: lint(args, locale), fixedFiles: new Set<string>() };
  const cwd = toPosix(process.cwd());
  const rel = pathFormatter(cwd);
  if (args.format === 'json') process.stdout.write(`${JSON.stringify(toJsonReport(result.files, result.findings, rel), null, 2)}\n`);
  else if (args.format === 'sarif') process.stdout.write(`${JSON.stringify(toSarif(result.findings, rel, cwd, locale, VERSION), null, 2)}\n`);
  else {
    for (const file of fixedFiles) process.stdout.write(`${locale === 'zh-cn' ? '已修复' : 'fixed'} ${rel(file)}\n`);
    // Skipped files are findings (file-not-checked); a folder that cannot be listed has no place for one.
    for (const skipped of result.skipped.filter((s) => s.folder)) process.stderr.write(`${rel(skipped.path)}: skipped (${skipped.reason}${skipped.detail ? `: ${skipped.detail}` : ''})\n`);
    process.stdout.write(toText(result.files, result.findings, rel, locale));
  }
  if (args.verbose) for (const notice of result.notices) process.stderr.write(`${rel(notice.file)}:${notice.line}: ${notice.message}\n`);
  const counts = countBySeverity(result.findings);
  const tooManyWarnings = args.maxWarnings !== undefined && counts.warning > args.maxWarnings;
  return counts.error > 0 || tooManyWarnings ? 1 : 0;
}

export function main(argv: readonly string[]): number {
  try {
    const args = parseArguments(argv, new Set([...RULES.map((r) => r.meta.id), FILE_NOT_CHECKED_META.id]));
    switch (args.command) {
      case 'help':
        process.stdout.write(HELP);
        return 0;
      case 'version':
        process.stdout.write(`${VERSION}\n`);
        return 0;
      case 'parse':
        return runParseCommand(args.file);
      case 'lint':
        return runLint(args);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`fabedge-lint: ${error.message}\nTry "fabedge-lint --help".\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`fabedge-lint: internal error: ${message}\n`);
    if (process.env.FABEDGE_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return 2;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
