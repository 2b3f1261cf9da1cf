import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMainThread, workerData } from 'node:worker_threads';
import { version as PACKAGE_VERSION } from '../../package.json';
import { configureFolder } from '../core/config/configFile';
import { combineFolders, type ResolvedSettings } from '../core/config/settings';
import { applyEdits, editsByFile } from '../core/edits';
import { RULE_IDS } from '../core/engine';
import { combineFixes } from '../core/fixes';
import { localeFromEnvironment, localize, type Locale } from '../core/l10n';
import { isInside } from '../core/paths';
import { findPackageRoot, rulePage } from '../core/rules/docs';
import { lintPaths, type LintResult } from '../core/workspace/lintPaths';
import { NodeFileSystem } from '../core/io/nodeFileSystem';
import { paceFromEnvironment } from '../core/workspace/progress';
import { HELP, parseArguments, UsageError, type LintArguments } from './args';
import { runParseCommand } from './parseCommand';
import { runProbeCommand } from './probeCommand';
import { TerminalProgress } from './progress';
import { discoverInParallel, runDiscoveryWorker, type DiscoveryWorkerData } from './parallelDiscovery';
import { countBySeverity, pathFormatter, toJsonReport, toSarif, toText } from './report';

/** How many rounds of fixing `--fix` runs: a fix can reveal a finding whose fix is safe too. */
const MAX_FIX_ROUNDS = 10;

const TEXTS = {
  fixed: { en: 'fixed {file}', 'zh-cn': '已修复 {file}' },
  skipped: { en: '{file}: skipped ({reason})', 'zh-cn': '{file}：已跳过（{reason}）' },
  missingPath: { en: 'no such file or folder: {path}', 'zh-cn': '没有此文件或文件夹：{path}' },
  missingConfig: { en: 'cannot read the config file {path}', 'zh-cn': '无法读取配置文件 {path}' },
  nothingToCheck: {
    en: 'nothing to check in {path}: no FabEdge values file or nginx configuration there (--no-error-on-unmatched to accept that)',
    'zh-cn': '{path} 中没有可检查的内容：其中没有 FabEdge values 文件或 nginx 配置（使用 --no-error-on-unmatched 可接受这种情况）',
  },
  tryHelp: { en: 'Try "fabedge-lint --help".', 'zh-cn': '请尝试 "fabedge-lint --help"。' },
  internalError: { en: 'internal error: {message}', 'zh-cn': '内部错误：{message}' },
};

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * The settings of a run: the config file (`--config`, or `.fabedge.yaml` from the current folder
 * up, as the editor looks from its workspace folder), then the flags. Flag globs are relative to
 * the current folder and join the file's; `--rule` overrides its rules one by one.
 */
function runSettings(args: LintArguments, fileSystem: NodeFileSystem, cwd: string): ResolvedSettings {
  const configPath = args.config === undefined ? undefined : toPosix(path.resolve(cwd, args.config));
  if (configPath !== undefined && fileSystem.stat(configPath)?.kind !== 'file') throw new UsageError(TEXTS.missingConfig, { path: args.config ?? '' });
  const { folder, configFile } = configureFolder(fileSystem, cwd, {
    trusted: true,
    knownRules: RULE_IDS,
    ...(configPath ? { configPath } : {}),
    overrides: {
      base: cwd,
      globs: 'add',
      values: {
        exclude: args.exclude,
        valuesFiles: args.valuesFiles,
        nginxFiles: args.nginxFiles,
        proxyFiles: args.proxyFiles,
        rules: args.ruleSettings,
        ...(args.chartVersion !== undefined ? { chartVersion: args.chartVersion } : {}),
      },
    },
  });
  return combineFolders([folder], configFile?.problems);
}

function lint(args: LintArguments, locale: Locale): LintResult {
  const fileSystem = new NodeFileSystem();
  const cwd = toPosix(process.cwd());
  const paths = args.paths.map((p) => toPosix(path.resolve(cwd, p)));
  for (const [i, p] of paths.entries()) {
    if (!fs.existsSync(p)) throw new UsageError(TEXTS.missingPath, { path: args.paths[i] });
  }
  const { settings, ruleSettings } = runSettings(args, fileSystem, cwd);
  // Progress goes to a terminal only: stdout carries the report (text, JSON or SARIF) untouched.
  const pace = paceFromEnvironment(process.env);
  const progress = process.stderr.isTTY ? new TerminalProgress(process.stderr, locale, pace.sliceMs, pace.progressDelayMs) : undefined;
  try {
    const parallel = discoverInParallel(fileSystem, paths, settings, __filename, progress);
    return lintPaths(parallel?.fs ?? fileSystem, paths, settings, { locale, ruleSettings }, progress, parallel?.result);
  } finally {
    progress?.done();
  }
}

/** The given paths below which the run found nothing to check: a wrong path in CI must not pass as clean. */
function unmatchedPaths(args: LintArguments, result: LintResult): string[] {
  const cwd = process.cwd();
  const found = [...result.files.map((f) => f.path), ...result.skipped.filter((s) => !s.folder).map((s) => s.path)];
  return args.paths.filter((given) => {
    const absolute = toPosix(path.resolve(cwd, given));
    return !found.some((file) => isInside(absolute, file));
  });
}

function fixAndRelint(args: LintArguments, locale: Locale, first: LintResult): { result: LintResult; fixedFiles: Set<string> } {
  const fixedFiles = new Set<string>();
  let result = first;
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

/** The repository's root, where code scanning resolves paths: the nearest folder up with a `.git`. */
function repositoryRoot(cwd: string): string {
  for (let folder = cwd; ; folder = path.dirname(folder)) {
    if (fs.existsSync(path.join(folder, '.git'))) return toPosix(folder);
    if (path.dirname(folder) === folder) return toPosix(cwd);
  }
}

const PACKAGE_ROOT = findPackageRoot(__dirname);

function pageText(ruleId: string, locale: Locale): string | undefined {
  const page = rulePage(PACKAGE_ROOT, ruleId, locale);
  return page === undefined ? undefined : fs.readFileSync(page, 'utf8');
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function runLint(args: LintArguments, locale: Locale): number {
  const first = lint(args, locale);
  const unmatched = unmatchedPaths(args, first);
  if (args.errorOnUnmatched && unmatched.length > 0) {
    for (const given of unmatched) process.stderr.write(`fabedge-lint: ${localize(TEXTS.nothingToCheck, locale, { path: given })}\n`);
    return 2;
  }
  const { result, fixedFiles } = args.fix ? fixAndRelint(args, locale, first) : { result: first, fixedFiles: new Set<string>() };
  const cwd = toPosix(process.cwd());
  const rel = pathFormatter(cwd);
  // Indented for a person at a terminal; on one line for a program or a file (a large workspace's
  // report is a third smaller, and written in half the time).
  const indent = process.stdout.isTTY ? 2 : undefined;
  if (args.format === 'json') process.stdout.write(`${JSON.stringify(toJsonReport(result.files, result.findings, rel), null, indent)}\n`);
  else if (args.format === 'sarif') {
    const sarif = toSarif(result.findings, { root: repositoryRoot(process.cwd()), locale, toolVersion: PACKAGE_VERSION, pageText, readText });
    process.stdout.write(`${JSON.stringify(sarif, null, indent)}\n`);
  } else {
    for (const file of fixedFiles) process.stdout.write(`${localize(TEXTS.fixed, locale, { file: rel(file) })}\n`);
    // Skipped files are findings (file-not-checked); a folder that cannot be listed has no place for one.
    for (const skipped of result.skipped.filter((s) => s.folder)) {
      process.stderr.write(`${localize(TEXTS.skipped, locale, { file: rel(skipped.path), reason: `${skipped.reason}${skipped.detail ? `: ${skipped.detail}` : ''}` })}\n`);
    }
    process.stdout.write(toText(result.files, result.findings, rel, locale));
  }
  if (args.verbose) for (const notice of result.notices) process.stderr.write(`${rel(notice.file)}:${notice.line}: ${notice.message}\n`);
  const counts = countBySeverity(result.findings);
  const tooManyWarnings = args.maxWarnings !== undefined && counts.warning > args.maxWarnings;
  return counts.error > 0 || tooManyWarnings ? 1 : 0;
}

/** Tells a usage mistake or an internal failure on stderr; the exit status is 2. */
function reportFailure(error: unknown, locale: Locale): number {
  if (error instanceof UsageError) {
    process.stderr.write(`fabedge-lint: ${error.localized(locale)}\n${localize(TEXTS.tryHelp, error.locale ?? locale)}\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`fabedge-lint: ${localize(TEXTS.internalError, locale, { message })}\n`);
  if (process.env.FABEDGE_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return 2;
}

/** The exit status; a promise for `probe`, which waits for answers from the network. */
function main(argv: readonly string[]): number | Promise<number> {
  let locale = localeFromEnvironment(process.env);
  try {
    const args = parseArguments(argv, RULE_IDS);
    locale = args.locale;
    switch (args.command) {
      case 'help':
        process.stdout.write(HELP[locale]);
        return 0;
      case 'version':
        process.stdout.write(`${PACKAGE_VERSION}\n`);
        return 0;
      case 'parse':
        return runParseCommand(args.file);
      case 'lint':
        return runLint(args, locale);
      case 'probe': {
        const probeLocale = locale;
        return runProbeCommand(args, probeLocale).catch((error: unknown) => reportFailure(error, probeLocale));
      }
    }
  } catch (error) {
    return reportFailure(error, locale);
  }
}

if (!isMainThread && (workerData as Partial<DiscoveryWorkerData> | null)?.fabedgeDiscovery) {
  runDiscoveryWorker(workerData as DiscoveryWorkerData);
} else if (isMainThread && require.main === module) {
  void Promise.resolve(main(process.argv.slice(2))).then((code) => {
    process.exitCode = code;
  });
}
