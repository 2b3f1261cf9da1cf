/**
 * Issue 17, item 3: the command line through node:util's parseArgs, with every mistake refused in
 * the chosen language, and paths that hold nothing to check refused too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { version as PACKAGE_VERSION } from '../../../package.json';
import { HELP, parseArguments, UsageError } from '../../../src/cli/args';
import { RULE_IDS } from '../../../src/core/engine';

const ROOT = resolve(__dirname, '../../..');
const CLI = resolve(ROOT, 'dist/cli.js');
const ENGLISH = { LANG: 'C', LC_ALL: '', LC_MESSAGES: '', LANGUAGE: '' };

function runIn(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...ENGLISH, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function usageError(argv: string[], env: NodeJS.ProcessEnv = ENGLISH): UsageError {
  try {
    parseArguments(argv, RULE_IDS, env);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  assert.fail(`${argv.join(' ')} was accepted`);
}

function withTemp(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'fabedge-args-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('--fix=yes is refused, not taken as --fix, and writes nothing', () => {
  const error = usageError(['--fix=yes']);
  assert.equal(error.localized('en'), '--fix takes no value (not "yes")');
  withTemp((dir) => {
    const conf = resolve(ROOT, 'test/fixtures/rules/proxy-udp/invalid/tcp-listen/nginx.conf');
    cpSync(conf, join(dir, 'nginx.conf'));
    const { status, stderr } = runIn(dir, ['--fix=yes', '.']);
    assert.equal(status, 2);
    assert.match(stderr, /^fabedge-lint: --fix takes no value/);
    assert.equal(readFileSync(join(dir, 'nginx.conf'), 'utf8'), readFileSync(conf, 'utf8'));
  });
});

test('"--" ends the options: a path after it may start with a dash', () => {
  const args = parseArguments(['--format', 'json', '--', '--fix', 'x'], RULE_IDS, ENGLISH);
  assert.equal(args.command, 'lint');
  assert.ok(args.command === 'lint' && !args.fix);
  assert.deepEqual(args.command === 'lint' && args.paths, ['--fix', 'x']);
  withTemp((dir) => {
    cpSync(resolve(ROOT, 'examples/nginx-proxy'), join(dir, '-proxy'), { recursive: true });
    const { status, stdout } = runIn(dir, ['--', '-proxy']);
    assert.equal(status, 0);
    assert.match(stdout, /^-proxy\/values\.yaml:4:1 info values-legacy-layout/m);
  });
});

test('an option that needs a value does not swallow the next option; flags are checked one by one', () => {
  assert.equal(usageError(['--format', '--fix']).localized('en'), '--format needs a value; for one that starts with "-", write --format=--fix');
  assert.equal(usageError(['--format']).localized('en'), '--format needs a value');
  assert.equal(usageError(['--bogus']).localized('en'), 'unknown option "--bogus"');
  assert.equal(usageError(['-x']).localized('en'), 'unknown option "-x"');
  assert.equal(usageError(['--format=xml']).localized('en'), 'unknown format "xml" (text, json or sarif)');
  assert.equal(usageError(['--help=1']).localized('en'), '--help takes no value (not "1")');
  const args = parseArguments(['-fjson', '--exclude', 'a/**', '--exclude=b/', '--values-files', 'v/*.yaml', '--nginx-files', 'n/*', '--chart-version', '1.0.0', '--config', 'c.yaml'], RULE_IDS, ENGLISH);
  assert.ok(args.command === 'lint');
  assert.equal(args.format, 'json');
  assert.deepEqual(args.exclude, ['a/**', 'b/']);
  assert.deepEqual([args.valuesFiles, args.nginxFiles, args.chartVersion, args.config], [['v/*.yaml'], ['n/*'], '1.0.0', 'c.yaml']);
  assert.equal(args.errorOnUnmatched, true);
  assert.ok(!(parseArguments(['--no-error-on-unmatched'], RULE_IDS, ENGLISH) as { errorOnUnmatched: boolean }).errorOnUnmatched);
});

test('usage errors and --help speak the chosen language: --locale anywhere on the line, else the environment', () => {
  assert.equal(usageError(['--bogus', '--locale', 'zh-cn']).localized('en'), '未知选项 "--bogus"');
  assert.equal(usageError(['--bogus'], { LANG: 'zh_CN.UTF-8' }).localized('en'), '未知选项 "--bogus"');
  assert.equal(usageError(['--locale', 'fr']).localized('en'), '--locale takes en | zh-cn, not "fr"');
  const zh = runIn(ROOT, ['--max-warnings', 'x'], { LANG: 'zh_CN.UTF-8' });
  assert.equal(zh.status, 2);
  assert.equal(zh.stderr, 'fabedge-lint: --max-warnings 的值应为非负整数，而不是 "x"\n请尝试 "fabedge-lint --help"。\n');
  assert.equal(runIn(ROOT, ['--help', '--locale', 'zh-cn']).stdout, HELP['zh-cn']);
  const english = runIn(ROOT, ['-h']);
  assert.equal(english.status, 0);
  assert.equal(english.stdout, HELP.en);
  for (const option of ['--config', '--exclude', '--values-files', '--nginx-files', '--chart-version', '--no-error-on-unmatched']) {
    assert.ok(HELP.en.includes(option) && HELP['zh-cn'].includes(option), option);
  }
});

test('--version prints the version in package.json', () => {
  const { status, stdout } = runIn(ROOT, ['--version']);
  assert.equal(status, 0);
  assert.equal(stdout, `${PACKAGE_VERSION}\n`);
  assert.notEqual(PACKAGE_VERSION, '0.0.0-dev');
});

test('a folder or file with nothing to check says so and exits 2, unless --no-error-on-unmatched', () => {
  withTemp((dir) => {
    mkdirSync(join(dir, 'empty'));
    writeFileSync(join(dir, 'deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n');
    cpSync(resolve(ROOT, 'examples/nginx-proxy'), join(dir, 'proxy'), { recursive: true });
    for (const path of ['empty', 'deployment.yaml']) {
      const { status, stdout, stderr } = runIn(dir, ['--format', 'json', path]);
      assert.equal(status, 2, path);
      assert.equal(stdout, '');
      assert.match(stderr, new RegExp(`^fabedge-lint: nothing to check in ${path.replace('.', '\\.')}: no FabEdge values file or nginx configuration there`));
    }
    // One good path does not excuse a wrong one.
    assert.equal(runIn(dir, ['proxy', 'empty']).status, 2);
    assert.match(runIn(dir, ['empty'], { LANG: 'zh_CN.UTF-8' }).stderr, /empty 中没有可检查的内容/);
    const accepted = runIn(dir, ['--no-error-on-unmatched', 'proxy', 'empty']);
    assert.equal(accepted.status, 0);
    assert.equal(accepted.stderr, '');
    assert.match(accepted.stdout, /2 files checked/);
  });
});
