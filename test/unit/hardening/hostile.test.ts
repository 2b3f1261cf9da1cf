/**
 * Hostile input through the core (WorkspaceIndex via lintPaths), each case with the outcome it
 * must have: a clear finding where there is something to say, the file left alone where there
 * is not, never an exception, and never more than 2 s (measured only to fail beyond that bound,
 * which is the issue's; the benchmarks measure speed). Cases that need a real file system (a
 * sparse 50 MB file, a FIFO, symbolic links, raw bytes, 10,000 files) use a temporary folder.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Finding } from '../../../src/core/findings';
import { lintPaths, type LintResult } from '../../../src/core/workspace/lintPaths';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { NodeFileSystem } from '../../../src/core/io/nodeFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';
import { assertSound } from './support';
import { skipWhenMissing } from '../../support/environment';

const BOUND_MS = 2000;
/** Against a hang only: on a shared machine, wall time is mostly waiting for a core. */
const WALL_GUARD_MS = 30_000;
const ROOT = resolve(__dirname, '../../..');

/**
 * Runs one case and fails when it used more than 2 s of CPU (the work the check does) or, as a
 * guard against hangs, more than 30 s of wall time. A blocking read that never returns is caught
 * by the test's own timeout.
 */
function bounded<T>(what: string, run: () => T): T {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = run();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  assert.ok(cpuMs <= BOUND_MS, `${what} took ${Math.round(cpuMs)} ms of CPU, more than ${BOUND_MS} ms`);
  assert.ok(wall <= WALL_GUARD_MS, `${what} took ${Math.round(wall)} ms, more than ${WALL_GUARD_MS} ms`);
  return result;
}

/** Checks in-memory files; also asserts the structural invariants of ./support on the findings. */
function lintMemory(what: string, files: Record<string, string>, fileSystem = new MemoryFileSystem(files)): LintResult {
  const result = bounded(what, () => lintPaths(fileSystem, ['/ws'], DEFAULT_SETTINGS, { locale: 'en' }));
  assertSound(new Map(Object.entries(files)), result.findings, () => [], { fixes: false });
  return result;
}

function lintDisk(what: string, folder: string, locale: 'en' | 'zh-cn' = 'en'): LintResult {
  const result = bounded(what, () => lintPaths(new NodeFileSystem(), [folder], DEFAULT_SETTINGS, { locale }));
  assert.deepEqual(result.findings.filter((f) => f.rule === 'internal-error').map((f) => f.message), []);
  return result;
}

const rules = (findings: readonly Finding[]) => findings.map((f) => f.rule);
const find = (findings: readonly Finding[], rule: string, file?: string) => findings.filter((f) => f.rule === rule && (file === undefined || f.file.endsWith(file)));

/** Nine anchors, each a list of nine aliases of the one before: 9^9 strings if anything expanded them. */
function billionLaughs(): string {
  const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i < 10; i++) {
    const name = String.fromCharCode(97 + i);
    const previous = String.fromCharCode(96 + i);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
  }
  return lines.join('\n');
}

const DEPTH = 10_000;
const SIGNATURE = 'cluster:\n  connectorPublicAddresses: [10.20.8.24]\n';

let tmp = '';
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'fabedge-hostile-'));
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function folder(name: string, files: Record<string, string | Buffer>): string {
  const dir = join(tmp, name);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A file of `size` bytes that takes no disk space and must never be read. */
function sparse(path: string, size: number): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const fd = openSync(path, 'w');
  ftruncateSync(fd, size);
  closeSync(fd);
}

test('YAML alias bombs are never expanded: the values file is checked like any other', () => {
  const bomb = billionLaughs();
  const atTop = lintMemory('alias bomb', { '/ws/values.yaml': `${SIGNATURE}${bomb}\n` });
  assert.deepEqual(atTop.files.map((f) => f.kind), ['values']);
  assert.match(find(atTop.findings, 'values-schema')[0]?.message ?? '', /Unknown top-level key "a"/);

  // Aliases of the bomb where the model and the rules read values, merged into a map, and as a list.
  const inside = lintMemory('alias bomb in the FabEdge keys', {
    '/ws/values.yaml': `${bomb}\ncluster:\n  <<: {x: *j}\n  connectorPublicAddresses: *j\n  connectorNodeAddresses: *j\n  edgeLabels: *i\nagent:\n  args: *j\n`,
  });
  assert.deepEqual(inside.files.map((f) => f.kind), ['values']);
  assert.ok(find(inside.findings, 'values-schema').length > 0);

  // In Chart.yaml, which is read as plain data: the chart reads as unnamed, the values file is still checked by its keys.
  const chart = lintMemory('alias bomb in Chart.yaml', { '/ws/Chart.yaml': `name: *j\nversion: *j\n${bomb}\n`, '/ws/values.yaml': SIGNATURE });
  assert.deepEqual(chart.files.map((f) => f.path), ['/ws/values.yaml']);
});

test('a 50 MB file is not read: "Not checked: larger than 2 MB", also when included', () => {
  const dir = folder('large', { 'nginx.conf': 'events {}\nstream {\n    include conf.d/*.conf;\n}\n' });
  sparse(join(dir, 'values.yaml'), 50 * 1024 * 1024);
  sparse(join(dir, 'conf.d/big.conf'), 50 * 1024 * 1024);
  const result = lintDisk('50 MB files', dir);
  assert.deepEqual(
    find(result.findings, 'file-not-checked').map((f) => [f.file.slice(dir.length + 1), f.severity, f.message]),
    [
      ['conf.d/big.conf', 'info', 'Not checked: larger than 2 MB (50 MB).'],
      ['values.yaml', 'info', 'Not checked: larger than 2 MB (50 MB).'],
    ],
  );
  assert.match(find(result.findings, 'nginx-include')[0]?.message ?? '', /big\.conf" cannot be read: larger than 2 MB \(50 MB\), not read/);
  const zh = lintDisk('50 MB files (zh-cn)', dir, 'zh-cn');
  assert.equal(find(zh.findings, 'file-not-checked', 'values.yaml')[0]?.message, '未检查：文件大于 2 MB（50 MB）。');

  // The CLI lists it with the other findings (dist/ comes from `npm run build`).
  const cli = resolve(ROOT, 'dist/cli.js');
  assert.ok(existsSync(cli), 'dist/cli.js is missing: run `npm run build` first');
  const run = bounded('fabedge-lint on 50 MB files', () => spawnSync(process.execPath, [cli, dir], { encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '' } }));
  assert.match(run.stdout, /values\.yaml:1:1 info file-not-checked Not checked: larger than 2 MB \(50 MB\)\./);
  assert.equal(run.status, 0, 'an info finding does not fail the run');
});

test('a binary file named .conf: no nginx file by its content, but read as nginx where nginx.conf includes it', () => {
  const bytes = Buffer.alloc(64 * 1024);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + (i >> 8) * 31) & 0xff;
  const dir = folder('binary', { 'conf.d/blob.conf': bytes, 'blob.conf': bytes, 'nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n}\n' });
  const result = lintDisk('binary .conf', dir);
  assert.deepEqual(result.files.map((f) => f.path.slice(dir.length + 1)), ['nginx.conf']);
  assert.equal(find(result.findings, 'nginx-syntax', 'conf.d/blob.conf').length, 1, 'the included binary file gets its first nginx syntax error');
  assert.deepEqual(find(result.findings, 'nginx-syntax', '/binary/blob.conf'), []);
});

test('10,000 levels of nesting: nginx braces and YAML flow and block collections', () => {
  const balanced = lintMemory('nginx: 10,000 nested blocks', { '/ws/nginx.conf': `events {}\nstream {\n${'server {'.repeat(DEPTH)}${'}'.repeat(DEPTH)}\n}\n` });
  assert.deepEqual(balanced.files.map((f) => f.kind), ['nginx']);
  const unclosed = lintMemory('nginx: 10,000 unclosed blocks', { '/ws/conf.d/a.conf': 'location / {'.repeat(DEPTH) });
  assert.match(find(unclosed.findings, 'nginx-syntax')[0]?.message ?? '', /unexpected end of file, expecting "}"/);

  const tooDeep = /YAML syntax error: nested more than 256 levels deep; the file is not read any further/;
  const yamlCases: Record<string, string> = {
    'flow sequences': `cluster:\n  connectorPublicAddresses: ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n`,
    'flow mappings': `cluster:\n  connectorPublicAddresses: ${'{a: '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}\n`,
    'compact block sequences': `cluster:\n  connectorPublicAddresses:\n    ${'- '.repeat(DEPTH)}10.20.8.24\n`,
    // One space per level keeps 1,400 levels under the 2 MB limit.
    'indented block mappings': `cluster:\n  connectorPublicAddresses:\n${Array.from({ length: 1400 }, (_, i) => `${' '.repeat(i + 4)}a:`).join('\n')}\n`,
  };
  for (const [what, text] of Object.entries(yamlCases)) {
    const result = lintMemory(`YAML: ${what}`, { '/ws/values.yaml': text });
    assert.deepEqual(result.files.map((f) => f.kind), ['values'], what);
    assert.deepEqual(result.findings.map((f) => f.rule), ['values-syntax'], what);
    assert.match(result.findings[0].message, tooDeep, what);
  }
  // A deep Chart.yaml is not parsed either: the chart is unknown, the values file is still checked.
  const chart = lintMemory('YAML: deep Chart.yaml', { '/ws/Chart.yaml': `name: ${'['.repeat(DEPTH)}`, '/ws/values.yaml': SIGNATURE });
  assert.deepEqual(chart.files.map((f) => f.path), ['/ws/values.yaml']);
});

test('include cycles are reported, not followed forever', () => {
  const result = lintMemory('include cycles', {
    '/ws/nginx.conf': 'events {}\nstream {\n    include a.conf;\n    include nginx.conf;\n}\n',
    '/ws/a.conf': 'include b.conf;\n',
    '/ws/b.conf': 'include a.conf;\n',
    '/ws/stream.d/self.conf': 'include stream.d/*.conf;\n',
  });
  const cycles = find(result.findings, 'nginx-include').map((f) => f.message);
  assert.ok(cycles.includes('Include cycle: a.conf → b.conf → a.conf. nginx 1.22 does not detect it and crashes (SIGSEGV).'), cycles.join('\n'));
  assert.ok(cycles.some((m) => m.startsWith('Include cycle: nginx.conf → nginx.conf.')), cycles.join('\n'));
  assert.ok(cycles.some((m) => m.startsWith('Include cycle: self.conf → self.conf.')), cycles.join('\n'));
});

test('an include glob matching 10,000 files', () => {
  const files: Record<string, string> = { 'nginx.conf': 'events {}\nstream {\n    include conf.d/*.conf;\n    server {\n        listen 500 udp;\n        proxy_pass u09999;\n    }\n}\n' };
  for (let i = 0; i < 10_000; i++) {
    const name = String(i).padStart(5, '0');
    files[`conf.d/${name}.conf`] = `upstream u${name} {\n    server 10.${i >> 8}.${i & 255}.1:500;\n}\n`;
  }
  const dir = folder('glob', files);
  const result = lintDisk('10,000 included files', dir);
  assert.equal(result.files.length, 10_001);
  assert.equal(result.model.nginx.length, 1, 'one tree: nginx.conf includes them all');
  assert.equal(result.model.nginx[0].files.size, 10_001);
  assert.equal(result.model.nginx[0].stream.upstreams.size, 10_000);
  // The one server proxies 500 to the last upstream, without 4500: that is the finding, once.
  assert.deepEqual(find(result.findings, 'proxy-nat-t-missing').map((f) => f.file.slice(dir.length + 1)), ['nginx.conf']);
});

test('symbolic link loops: a folder linked to its parent, a link to itself', () => {
  const dir = folder('links', { 'nginx.conf': 'events {}\nstream {\n    include loop/loop/loop/stream.d/*.conf;\n    include loop/nginx.conf;\n}\n', 'stream.d/a.conf': 'server {\n    listen 500 udp;\n    proxy_pass 10.20.8.23:500;\n}\n' });
  symlinkSync(dir, join(dir, 'loop'), 'dir');
  symlinkSync(join(dir, 'stream.d/self.conf'), join(dir, 'stream.d/self.conf'));
  const result = lintDisk('symbolic link loops', dir);
  assert.deepEqual(result.files.map((f) => f.path.slice(dir.length + 1)), ['nginx.conf', 'stream.d/a.conf'], 'discovery does not walk into the loop');
  const messages = find(result.findings, 'nginx-include').map((f) => f.message);
  assert.ok(messages.some((m) => m.startsWith('Include cycle: nginx.conf → nginx.conf.')), messages.join('\n'));
});

/** A file system where some files cannot be read, as with permissions root ignores. */
class UnreadableFileSystem extends MemoryFileSystem {
  constructor(files: Record<string, string>, private readonly unreadable: ReadonlySet<string>) {
    super(files);
  }

  override readFile(path: string): string {
    if (this.unreadable.has(path)) throw new Error(`EACCES: permission denied, open '${path}'`);
    return super.readFile(path);
  }
}

test('unreadable files: "Not checked: the file cannot be read", and at the include', () => {
  const files = {
    '/ws/values.yaml': SIGNATURE,
    '/ws/nginx.conf': 'events {}\nstream {\n    include conf.d/*.conf;\n}\n',
    '/ws/conf.d/a.conf': 'server { listen 500 udp; }\n',
    '/ws/Chart.yaml': 'name: fabedge\nversion: 1.0.0\n',
  };
  const result = lintMemory('unreadable files', files, new UnreadableFileSystem(files, new Set(['/ws/values.yaml', '/ws/conf.d/a.conf', '/ws/Chart.yaml'])));
  assert.deepEqual(
    find(result.findings, 'file-not-checked').map((f) => [f.file, f.message]),
    [
      // Chart.yaml says which chart (and layout) the values file is for: not reading it is worth a note.
      ['/ws/Chart.yaml', "Not checked: the file cannot be read (EACCES: permission denied, open '/ws/Chart.yaml')."],
      ['/ws/conf.d/a.conf', "Not checked: the file cannot be read (EACCES: permission denied, open '/ws/conf.d/a.conf')."],
      ['/ws/values.yaml', "Not checked: the file cannot be read (EACCES: permission denied, open '/ws/values.yaml')."],
    ],
  );
  assert.match(find(result.findings, 'nginx-include')[0]?.message ?? '', /The included file "\/ws\/conf\.d\/a\.conf" cannot be read: EACCES/);
});

test('a FIFO named x.conf (in conf.d, elsewhere, included, as Chart.yaml) does not hang discovery', (t) => {
  const dir = folder('fifo', { 'nginx.conf': 'events {}\nstream {\n    include conf.d/*.conf;\n    include x.conf;\n}\n', 'values.yaml': SIGNATURE });
  mkdirSync(join(dir, 'conf.d'), { recursive: true });
  for (const path of ['conf.d/x.conf', 'x.conf', 'Chart.yaml']) {
    const made = spawnSync('mkfifo', [join(dir, path)]);
    if (skipWhenMissing(t, made.status === 0 ? false : 'mkfifo is not available')) return;
  }
  const result = lintDisk('FIFOs', dir);
  assert.deepEqual(result.files.map((f) => f.path.slice(dir.length + 1)), ['nginx.conf', 'values.yaml']);
  assert.deepEqual(find(result.findings, 'nginx-include').map((f) => f.message), [`The included file "${dir}/x.conf" cannot be read: "${dir}/x.conf" is not a file`]);
});

test('bytes that are not UTF-8 are read with replacement characters and checked', () => {
  const dir = folder('latin1', {
    'values.yaml': Buffer.from('cluster:\n  name: caf\xe9\n  connectorPublicAddresses: [10.20.8.24]\n', 'latin1'),
    'nginx.conf': Buffer.from('events {}\n# caf\xe9 \xff\xfe\x80\nstream {\n    server {\n        listen 500 udp;\n        proxy_pass 10.20.8.23:500;\n    }\n}\n', 'latin1'),
  });
  const result = lintDisk('Latin-1 bytes', dir);
  assert.match(find(result.findings, 'values-cluster-name')[0]?.message ?? '', /cluster\.name "caf\uFFFD" is not a lowercase RFC 1123 subdomain/);
  assert.deepEqual(find(result.findings, 'nginx-syntax'), [], 'a comment may hold any byte');
});

test('CRLF, a BOM, tabs, empty files and several YAML documents', () => {
  const crlf = lintMemory('CRLF and BOM', {
    '/ws/values.yaml': '\uFEFFcluster:\r\n  name: beijing\r\n  connectorPublicAddresses:\r\n    - 10.20.8.24\r\n',
    '/ws/nginx.conf': '\uFEFFevents {}\r\nstream {\r\n    server {\r\n        listen 500 udp;\r\n        proxy_pass 10.20.8.23:500;\r\n    }\r\n}\r\n',
  });
  assert.deepEqual(crlf.files.map((f) => f.kind), ['nginx', 'values']);
  assert.deepEqual(find(crlf.findings, 'values-syntax'), [], 'a BOM and CRLF are fine for YAML');
  assert.deepEqual(find(crlf.findings, 'nginx-syntax').map((f) => f.message), ['unknown directive "\\xEF\\xBB\\xBFevents" (nginx reports line 1)'], 'nginx reads a BOM as part of the first word');

  const tabs = lintMemory('tabs', {
    '/ws/values.yaml': 'cluster:\n\tconnectorPublicAddresses: [10.20.8.24]\n',
    '/ws/nginx.conf': 'events {}\nstream {\n\tserver {\n\t\tlisten\t500\tudp;\n\t\tproxy_pass\t10.20.8.23:500;\n\t}\n}\n',
  });
  assert.match(find(tabs.findings, 'values-syntax')[0]?.message ?? '', /YAML syntax error: .*tab/i, 'YAML forbids tabs in indentation');
  assert.deepEqual(find(tabs.findings, 'nginx-syntax'), [], 'nginx takes tabs as blanks');

  const empty = lintMemory('empty files', { '/ws/values.yaml': '', '/ws/nginx.conf': '', '/ws/conf.d/a.conf': '', '/ws/Chart.yaml': '' });
  assert.deepEqual(rules(empty.findings), []);

  const documents = lintMemory('several YAML documents', { '/ws/values.yaml': `${SIGNATURE}---\ncluster:\n  name: other\n---\n${billionLaughs()}\n` });
  assert.deepEqual(find(documents.findings, 'values-syntax').map((f) => [f.range.start.line, f.severity, f.message]), [
    [2, 'warning', 'Helm reads only the first YAML document of a values file; everything after this "---" is ignored.'],
  ]);
});
