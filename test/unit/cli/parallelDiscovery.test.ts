/**
 * Issue 18, item 3: fabedge-lint discovers a large tree on two threads (src/cli/parallelDiscovery).
 * Whatever the split, the files, their kinds, the skipped files, the texts and the findings are
 * those of one thread; a worker that fails leaves the work to this thread.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { discoverInParallel } from '../../../src/cli/parallelDiscovery';
import { discover, type DiscoveryResult } from '../../../src/core/workspace/discovery';
import { lintPaths } from '../../../src/core/workspace/lintPaths';
import { NodeFileSystem } from '../../../src/core/io/nodeFileSystem';
import type { FileSystemHost } from '../../../src/core/io/fileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';
import type { IndexingStage } from '../../../src/core/workspace/progress';

const CLI = resolve(__dirname, '../../../dist/cli.js');
const SITES = 40;
let root = '';

const VALUES = (site: number) => `cluster:\n  name: site-${site}\n  role: host\n  cniType: flannel\n  connectorPublicAddresses:\n    - 10.${site}.8.24\n  connectorNodeAddresses:\n    - 10.${site}.8.23\n`;
const PAIR = (site: number, node: string) =>
  `server {\n    listen 10.${site}.8.24:500 udp;\n    proxy_pass ${node}:500;\n}\nserver {\n    listen 10.${site}.8.24:4500 udp;\n    proxy_pass ${node}:4500;\n}\n`;

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

before(() => {
  assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
  root = mkdtempSync(join(tmpdir(), 'fabedge-parallel-discovery-'));
  // Files at the top: read by this thread, whatever the split.
  write(join(root, 'values.yaml'), VALUES(200));
  write(join(root, 'README.md'), '# not read\n');
  for (let site = 0; site < SITES; site++) {
    const dir = join(root, `site-${site}`);
    write(join(dir, 'nginx', 'nginx.conf'), 'events {}\nstream {\n    include stream.d/*.conf;\n}\n');
    // Every fifth site forwards to a node its values file does not list: cross-file findings on both threads' files.
    write(join(dir, 'nginx', 'stream.d', 'fabedge.conf'), PAIR(site, site % 5 === 0 ? `10.${site}.8.99` : `10.${site}.8.23`));
    write(join(dir, 'values.yaml'), VALUES(site));
    write(join(dir, 'apps', 'deployment.yaml'), `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${site}\n`);
    write(join(dir, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: fabedge\nversion: 0.8.0\n');
    write(join(dir, 'chart', 'values.yaml'), VALUES(site));
    write(join(dir, 'node_modules', 'pkg', 'values.yaml'), VALUES(site));
  }
  // Links at the top, read on this thread: one to a file is a file, one to a folder is not walked.
  symlinkSync(join(root, 'values.yaml'), join(root, 'linked-values.yaml'));
  symlinkSync(join(root, 'site-1'), join(root, 'linked.conf'));
  // Too large to read: a skipped file, on whichever thread gets its folder.
  write(join(root, 'site-7', 'big.yaml'), `# ${'x'.repeat(DEFAULT_SETTINGS.maxFileSize)}\n`);
});

after(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

function sorted(result: DiscoveryResult): DiscoveryResult {
  const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return { files: [...result.files].sort(byPath), skipped: [...result.skipped].sort(byPath) };
}

const show = (fs: FileSystemHost, discovered?: DiscoveryResult) =>
  lintPaths(fs, [root], DEFAULT_SETTINGS, { locale: 'en' }, undefined, discovered).findings.map((f) => `${f.file}:${f.range.start.line}:${f.range.start.character} ${f.rule} ${f.message}`);

test('two threads find the files, kinds, skipped files, texts and findings one thread finds', () => {
  const alone = sorted(discover(new NodeFileSystem(), [root], DEFAULT_SETTINGS));
  const stages: IndexingStage[] = [];
  const parallel = discoverInParallel(new NodeFileSystem(), [root], DEFAULT_SETTINGS, CLI, { sliceMs: 0, report: (stage) => stages.push(stage) });
  assert.ok(parallel, 'a tree of 40 folders is split');
  assert.deepEqual(sorted(parallel.result), alone);
  assert.ok(alone.files.some((f) => f.kind === 'values') && alone.files.some((f) => f.kind === 'nginx'));
  assert.ok(alone.files.some((f) => f.path.endsWith('/linked-values.yaml')) && !alone.files.some((f) => f.path.includes('/linked.conf/')));
  assert.deepEqual(alone.skipped.map((s) => s.reason), ['too-large']);
  for (const file of alone.files) assert.equal(parallel.fs.readFile(file.path), readFileSync(file.path, 'utf8'), file.path);
  const findings = show(parallel.fs, parallel.result);
  assert.deepEqual(findings, show(new NodeFileSystem()));
  assert.ok(findings.some((f) => f.includes('proxy-upstream-not-connector')), 'the tree has cross-file findings');
  // Progress covers both threads: the last count is every file either read.
  const last = stages[stages.length - 1];
  assert.ok(last && last.phase === 'reading' && last.done === last.total && last.total > SITES * 4, JSON.stringify(last));
});

test('a worker that fails leaves its folders to this thread: those it never took, and those it took', () => {
  // Takes every folder still free, from the end of the list while this thread starts at the front,
  // tells how many it took, and dies without an answer.
  const failing = join(root, '..', `${root.split('/').pop()}-failing-worker.js`);
  const taken = `${failing}.taken`;
  writeFileSync(
    failing,
    `const { workerData } = require('node:worker_threads');
const claims = new Int32Array(workerData.claims);
let taken = 0;
for (let i = claims.length - 1; i >= 0; i--) if (Atomics.compareExchange(claims, i, 0, 2) === 0) taken++;
require('node:fs').writeFileSync(${JSON.stringify(taken)}, String(taken));
process.once('exit', () => { const status = new Int32Array(workerData.status); Atomics.store(status, 0, 1); Atomics.notify(status, 0); });
throw new Error('this worker fails');
`,
  );
  // Many folders of values files, so that this thread is still at the front of the list when the worker starts.
  const many = mkdtempSync(join(tmpdir(), 'fabedge-parallel-discovery-many-'));
  for (let i = 0; i < 300; i++) write(join(many, `team-${i}`, 'values.yaml'), VALUES(i % 250));
  try {
    const parallel = discoverInParallel(new NodeFileSystem(), [many], DEFAULT_SETTINGS, failing);
    assert.ok(parallel);
    const alone = sorted(discover(new NodeFileSystem(), [many], DEFAULT_SETTINGS));
    assert.equal(alone.files.length, 300);
    assert.deepEqual(sorted(parallel.result), alone);
    assert.ok(Number(readFileSync(taken, 'utf8')) > 0, 'the worker took folders before it failed');
  } finally {
    rmSync(many, { recursive: true, force: true });
    rmSync(failing, { force: true });
    rmSync(taken, { force: true });
  }
});

test('a worker that never starts leaves every folder to this thread', () => {
  const broken = join(root, '..', `${root.split('/').pop()}-broken-worker.js`);
  writeFileSync(broken, "throw new Error('this worker fails as it starts');\n");
  try {
    const parallel = discoverInParallel(new NodeFileSystem(), [root], DEFAULT_SETTINGS, broken);
    assert.ok(parallel);
    assert.deepEqual(sorted(parallel.result), sorted(discover(new NodeFileSystem(), [root], DEFAULT_SETTINGS)));
  } finally {
    rmSync(broken, { force: true });
  }
});

test('a small tree, or a file among the paths, is read on one thread', () => {
  assert.equal(discoverInParallel(new NodeFileSystem(), [join(root, 'site-1')], DEFAULT_SETTINGS, CLI), undefined);
  assert.equal(discoverInParallel(new NodeFileSystem(), [root, join(root, 'values.yaml')], DEFAULT_SETTINGS, CLI), undefined);
});
