import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv-draft-04';
import { version as PACKAGE_VERSION } from '../../../package.json';
import { RULE_IDS } from '../../../src/core/engine';

const ROOT = resolve(__dirname, '../../..');
const CLI = resolve(ROOT, 'dist/cli.js');

/** What the tests read of fabedge-lint's SARIF (the schema check covers the rest). */
interface SarifLog {
  runs: {
    originalUriBaseIds: Record<string, { uri: string }>;
    results: {
      ruleId: string;
      message: { text: string };
      partialFingerprints: Record<string, string>;
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
    }[];
  }[];
}

function runIn(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '', LANGUAGE: '', LC_MESSAGES: '', ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  return runIn(ROOT, args, env);
}

/**
 * The SARIF 2.1.0 schema that @microsoft/jest-sarif (a dev dependency) ships: 2.1.0-rtm.5, the
 * last draft of the OASIS standard, whose published schema differs from it in its id and title.
 */
const validateSarif = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(
  JSON.parse(readFileSync(resolve(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')),
);

function assertValidSarif(log: unknown): void {
  assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 5), null, 2));
}

test('--format json prints the documented contract with the values-legacy-layout finding', () => {
  const { status, stdout } = run(['--format', 'json', 'examples/nginx-proxy']);
  assert.equal(status, 0);
  assert.equal(stdout.trimEnd().split('\n').length, 1, 'one line into a pipe');
  const report = JSON.parse(stdout);
  assert.equal(report.version, 1);
  assert.deepEqual(report.files.find((f: { file: string }) => f.file === 'examples/nginx-proxy/values.yaml'), {
    file: 'examples/nginx-proxy/values.yaml',
    kind: 'values',
    layout: 'L1b',
  });
  const finding = report.diagnostics.find((d: { rule: string }) => d.rule === 'values-legacy-layout');
  assert.deepEqual(Object.keys(finding).sort(), ['column', 'endColumn', 'endLine', 'file', 'fixes', 'line', 'message', 'messageId', 'related', 'rule', 'severity']);
  assert.equal(finding.messageId, 'legacyLayout');
  assert.deepEqual(Object.keys(finding.fixes[0]).sort(), ['edits', 'messageId', 'title']);
  assert.equal(finding.fixes[0].messageId, 'migrate');
  assert.equal(finding.file, 'examples/nginx-proxy/values.yaml');
  assert.equal(finding.line, 4);
  assert.equal(finding.column, 1);
  assert.equal(finding.severity, 'info');
  assert.match(finding.message, /chart 0\.3\.0 layout/);
});

test('--format sarif validates against the SARIF 2.1.0 schema and carries rule metadata', () => {
  const { status, stdout } = run(['--format', 'sarif', 'examples']);
  assert.equal(status, 0);
  const sarif = JSON.parse(stdout);
  assertValidSarif(sarif);
  const run0 = sarif.runs[0];
  const rule = run0.tool.driver.rules.find((r: { id: string }) => r.id === 'values-legacy-layout');
  assert.ok(rule.shortDescription.text.length > 0);
  const result = run0.results.find((r: { ruleId: string }) => r.ruleId === 'values-legacy-layout');
  assert.equal(result.level, 'note');
  assert.equal(run0.tool.driver.rules[result.ruleIndex].id, 'values-legacy-layout');
  assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'examples/nginx-proxy/values.yaml');
  assert.equal(result.locations[0].physicalLocation.region.startLine, 4);
});

test('text output is file:line:col severity rule message, then a summary', () => {
  const { status, stdout } = run(['examples/nginx-proxy']);
  assert.equal(status, 0);
  const lines = stdout.trimEnd().split('\n');
  assert.match(lines[0], /^examples\/nginx-proxy\/values\.yaml:4:1 info values-legacy-layout This file uses the chart 0\.3\.0 layout/);
  assert.match(lines[lines.length - 1], /files checked: 0 errors, 0 warnings, 1 infos$/);
});

test('--locale zh-cn prints Chinese, and the locale also comes from LANG', () => {
  assert.match(run(['--locale', 'zh-cn', 'examples/nginx-proxy']).stdout, /布局/);
  assert.match(run(['examples/nginx-proxy'], { LANG: 'zh_CN.UTF-8' }).stdout, /布局/);
  // LANGUAGE outranks LANG, as in gettext; Traditional Chinese is not Simplified Chinese.
  assert.match(run(['examples/nginx-proxy'], { LANG: 'en_US.UTF-8', LANGUAGE: 'zh_CN:en' }).stdout, /布局/);
  assert.match(run(['examples/nginx-proxy'], { LANG: 'zh_CN.UTF-8', LANGUAGE: 'en' }).stdout, /layout/);
  assert.match(run(['examples/nginx-proxy'], { LANG: 'zh_TW.UTF-8' }).stdout, /layout/);
});

test('--rule changes severity and exit status; --max-warnings bounds warnings', () => {
  assert.equal(run(['--rule', 'values-legacy-layout=error', 'examples/nginx-proxy']).status, 1);
  assert.equal(run(['--rule', 'values-legacy-layout=warning', '--max-warnings', '0', 'examples/nginx-proxy']).status, 1);
  assert.equal(run(['--rule', 'values-legacy-layout=warning', '--max-warnings', '1', 'examples/nginx-proxy']).status, 0);
  const off = run(['--format', 'json', '--rule', 'values-legacy-layout=off', 'examples/nginx-proxy']);
  assert.equal(JSON.parse(off.stdout).diagnostics.some((d: { rule: string }) => d.rule === 'values-legacy-layout'), false);
});

test('usage errors exit 2 with a message and no stack trace', () => {
  for (const args of [['--format', 'xml'], ['--rule', 'no-such-rule=off'], ['--rule', 'values-legacy-layout=loud'], ['--bogus'], ['does/not/exist'], ['--max-warnings', 'x']]) {
    const { status, stderr } = run(args);
    assert.equal(status, 2, args.join(' '));
    assert.match(stderr, /^fabedge-lint: /);
    assert.doesNotMatch(stderr, /\n\s+at /);
  }
});

test('parse prints crossplane JSON for an nginx file', () => {
  const { status, stdout } = run(['parse', 'examples/nginx-proxy/nginx.conf']);
  assert.equal(status, 0);
  const payload = JSON.parse(stdout);
  assert.equal(payload.status, 'ok');
  const parsed = payload.config[0].parsed;
  const stream = parsed.find((d: { directive: string }) => d.directive === 'stream');
  assert.ok(stream.block.some((d: { directive: string; args: string[] }) => d.directive === 'upstream' && d.args[0] === 'isakmp'));
});

test('--fix applies the safe fixes, writes the files, checks again and reports what remains', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fabedge-fix-'));
  try {
    cpSync(resolve(ROOT, 'test/fixtures/rules/proxy-udp/invalid/tcp-listen/nginx.conf'), join(dir, 'nginx.conf'));
    cpSync(resolve(ROOT, 'examples/nginx-proxy/values.yaml'), join(dir, 'values.yaml'));
    const before = run(['--format', 'json', dir]);
    assert.equal(before.status, 1);
    assert.ok(JSON.parse(before.stdout).diagnostics.some((d: { rule: string }) => d.rule === 'proxy-udp'));
    const fixed = run(['--fix', dir]);
    assert.equal(fixed.status, 0, fixed.stdout + fixed.stderr);
    assert.match(fixed.stdout, /^fixed .*nginx\.conf$/m);
    assert.match(readFileSync(join(dir, 'nginx.conf'), 'utf8'), /listen [^;]* udp/);
    // The legacy layout needs a person (cluster name, CIDR split): it is reported, not rewritten.
    assert.match(fixed.stdout, /values-legacy-layout/);
    assert.equal(readFileSync(join(dir, 'values.yaml'), 'utf8'), readFileSync(resolve(ROOT, 'examples/nginx-proxy/values.yaml'), 'utf8'));
    const after = JSON.parse(run(['--format', 'json', dir]).stdout) as { diagnostics: { rule: string }[] };
    assert.ok(!after.diagnostics.some((d) => d.rule === 'proxy-udp'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SARIF carries what GitHub code scanning reads: each rule\'s page as help.markdown, no link that can 404', () => {
  const sarif = JSON.parse(run(['--format', 'sarif', 'examples']).stdout);
  const [only] = sarif.runs;
  assert.equal(sarif.version, '2.1.0');
  assert.equal(only.tool.driver.name, 'fabedge-lint');
  assert.equal(only.tool.driver.version, PACKAGE_VERSION);
  assert.equal(only.tool.driver.semanticVersion, PACKAGE_VERSION);
  assert.deepEqual(new Set(only.tool.driver.rules.map((r: { id: string }) => r.id)), RULE_IDS, 'every rule a finding can name, internal-error and file-not-checked included');
  for (const rule of only.tool.driver.rules) {
    assert.match(rule.id, /^[a-z0-9-]+$/);
    assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text);
    assert.equal(rule.helpUri, undefined, 'no link to a site');
    assert.ok(rule.help.markdown.startsWith(`# ${rule.id}\n`), `${rule.id} carries its page`);
    assert.doesNotMatch(rule.help.markdown, /\]\((?![a-z]+:)[^)]*\)/i, `${rule.id}: a relative link would resolve against GitHub's URL`);
    assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
  }
  assert.doesNotMatch(JSON.stringify(sarif), /github\.com\/FabEdge\/fabedge-vscode/, 'the repository URL that does not exist');
  assert.ok(only.results.length > 0);
  for (const result of only.results) {
    assert.ok(result.ruleId && result.message.text);
    const location = result.locations[0].physicalLocation;
    assert.ok(!location.artifactLocation.uri.startsWith('/'), 'relative to %SRCROOT%');
    assert.equal(location.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.ok(location.region.startLine >= 1 && location.region.startColumn >= 1);
    assert.match(result.partialFingerprints['fabedgeFinding/v2'], /^[0-9a-f]{16}:\d+$/);
  }
  assert.equal(only.originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(`${ROOT}/`).href);
});

test('SARIF in Chinese carries the Chinese pages, and the same fingerprints as in English', () => {
  const english = JSON.parse(run(['--format', 'sarif', '--locale', 'en', 'test/fixtures/rules']).stdout);
  const chinese = JSON.parse(run(['--format', 'sarif', '--locale', 'zh-cn', 'test/fixtures/rules']).stdout);
  assertValidSarif(chinese);
  const prints = (log: SarifLog) => log.runs[0].results.map((r) => r.partialFingerprints['fabedgeFinding/v2']);
  assert.ok(prints(english).length > 100, 'the rule fixtures give many findings');
  assert.notDeepEqual(english.runs[0].results.map((r: { message: { text: string } }) => r.message.text), chinese.runs[0].results.map((r: { message: { text: string } }) => r.message.text));
  assert.deepEqual(prints(chinese), prints(english));
  assert.equal(new Set(prints(english)).size, prints(english).length, 'each finding its own fingerprint');
  const udp = chinese.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'proxy-udp');
  assert.match(udp.help.markdown, /严重级别/);
});

test('SARIF fingerprints follow a finding when lines move; URIs are relative to the repository root, encoded', () => {
  const repo = mkdtempSync(join(tmpdir(), 'fabedge-sarif-'));
  try {
    mkdirSync(join(repo, '.git'));
    const folder = join(repo, 'deploy #1');
    mkdirSync(folder);
    cpSync(resolve(ROOT, 'test/fixtures/rules/proxy-udp/invalid/tcp-listen/nginx.conf'), join(folder, 'nginx.conf'));
    cpSync(resolve(ROOT, 'examples/nginx-proxy/values.yaml'), join(folder, 'values.yaml'));
    const sarifIn = (cwd: string): SarifLog => JSON.parse(runIn(cwd, ['--format', 'sarif', '.']).stdout);
    const before = sarifIn(folder);
    const uris = before.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri);
    assert.ok(uris.includes('deploy%20%231/nginx.conf'), uris.join(', '));
    assert.equal(before.runs[0].originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(`${repo}/`).href);
    const text = readFileSync(join(folder, 'nginx.conf'), 'utf8');
    writeFileSync(join(folder, 'nginx.conf'), `# moved down\n\n${text}`);
    const after = sarifIn(folder);
    const key = (log: SarifLog) => log.runs[0].results.map((r) => `${r.ruleId} ${r.partialFingerprints['fabedgeFinding/v2']}`).sort();
    assert.deepEqual(key(after), key(before));
    assert.notDeepEqual(after.runs[0].results.map((r) => r.locations[0].physicalLocation.region.startLine), before.runs[0].results.map((r) => r.locations[0].physicalLocation.region.startLine));
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
});

test('--verbose tells on stderr which includes were not followed; the report stays as it is', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fabedge-cli-'));
  try {
    writeFileSync(join(dir, 'nginx.conf'), 'events {}\nhttp {\n    include mime.types;\n    include /etc/nginx/conf.d/*.conf;\n}\n');
    const quiet = run([dir]);
    assert.equal(quiet.status, 0);
    assert.equal(quiet.stderr, '');
    const verbose = run(['--verbose', dir]);
    assert.equal(verbose.status, 0);
    assert.equal(verbose.stdout, quiet.stdout);
    const shown = relative(ROOT, join(dir, 'nginx.conf'));
    assert.deepEqual(verbose.stderr.trimEnd().split('\n'), [
      `${shown}:3: Not followed: "${dir}/mime.types" ships with nginx and is not in the workspace.`,
      `${shown}:4: Not followed: "/etc/nginx/conf.d/*.conf" is outside the workspace (setting fabedge.followIncludesOutsideWorkspace).`,
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
