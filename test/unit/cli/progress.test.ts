/**
 * Issue 18, item 4: fabedge-lint tells how far it got on stderr when stderr is a terminal, never
 * into the report on stdout (text, JSON or SARIF) and never into a pipe or a log. `script` gives
 * the run a terminal; the tests make the progress show at once and redraw after every file
 * (FABEDGE_PROGRESS_DELAY_MS, FABEDGE_INDEXING_SLICE_MS), whatever the machine's speed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const CLI = resolve(ROOT, 'dist/cli.js');
const MANIFESTS = 40;

let folder = '';

before(() => {
  assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
  folder = mkdtempSync(join(tmpdir(), 'fabedge-cli-progress-'));
  writeFileSync(join(folder, 'values.yaml'), 'operator:\n  connectorPublicAddresses: 10.20.8.24\n  connectorSubnets: 10.96.0.0/12\n  edgeLabels: node-role.kubernetes.io/edge\ncniType: flannel\n');
  mkdirSync(join(folder, 'manifests'));
  for (let i = 0; i < MANIFESTS; i++) writeFileSync(join(folder, 'manifests', `app-${i}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-${i}\n`);
});

after(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const ENV = { ...process.env, LANG: 'C', LC_ALL: '', LANGUAGE: '', LC_MESSAGES: '', FABEDGE_PROGRESS_DELAY_MS: '0', FABEDGE_INDEXING_SLICE_MS: '0' };
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** Runs fabedge-lint with a terminal as stderr and stdout sent to a file: what the terminal showed, and the file. */
function onTerminal(args: string[]): { terminal: string; report: string } {
  const report = join(folder, '..', `${folder.split('/').pop()}-report.out`);
  const command = `${quote(process.execPath)} ${quote(CLI)} ${args.map(quote).join(' ')} > ${quote(report)}`;
  const run = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: folder, env: ENV, encoding: 'utf8' });
  assert.notEqual(run.status, 2, run.stdout);
  try {
    return { terminal: run.stdout, report: readFileSync(report, 'utf8') };
  } finally {
    rmSync(report, { force: true });
  }
}

test('on a terminal, a progress line redrawn in place on stderr, wiped at the end; the JSON report on stdout untouched', () => {
  const { terminal, report } = onTerminal(['--format', 'json', '.']);
  const lines = terminal.split('\r\x1b[K').filter(Boolean);
  const reading = lines.filter((line) => new RegExp(`^fabedge-lint: \\d+ / ${MANIFESTS + 1} files read$`).test(line));
  assert.ok(reading.length > 1, JSON.stringify(lines));
  assert.ok(lines.includes('fabedge-lint: checking the FabEdge files: 1'), JSON.stringify(lines));
  assert.ok(terminal.endsWith('\r\x1b[K'), 'the line is wiped before the run ends');
  const parsed = JSON.parse(report) as { diagnostics: { rule: string }[] };
  assert.deepEqual(parsed.diagnostics.map((d) => d.rule), ['values-legacy-layout']);
  assert.ok(!report.includes('\x1b') && !report.includes('files read'), report);
});

test('in Chinese, and never into SARIF', () => {
  const { terminal, report } = onTerminal(['--format', 'sarif', '--locale', 'zh-cn', '.']);
  assert.match(terminal, new RegExp(`fabedge-lint: 已读取 \\d+ / ${MANIFESTS + 1} 个文件`));
  assert.ok(!report.includes('\x1b') && !report.includes('已读取'), report);
  JSON.parse(report);
});

test('JSON and SARIF are indented for a terminal', () => {
  // No progress line: the terminal then shows the report alone.
  const QUIET = { ...ENV, FABEDGE_PROGRESS_DELAY_MS: '600000' };
  for (const format of ['json', 'sarif']) {
    const run = spawnSync('script', ['-qec', `${quote(process.execPath)} ${quote(CLI)} --format ${format} values.yaml`, '/dev/null'], { cwd: folder, env: QUIET, encoding: 'utf8' });
    assert.match(run.stdout, /^\{\r?\n {2}"/, format);
  }
});

test('no progress when stderr is not a terminal', () => {
  const run = spawnSync(process.execPath, [CLI, '.'], { cwd: folder, env: ENV, encoding: 'utf8' });
  assert.equal(run.stderr, '');
  assert.match(run.stdout, /values-legacy-layout/);
});
