/**
 * The tunnel lab (`npm run test:lab`): every scenario's findings against a real strongSwan tunnel
 * through a real nginx, in network namespaces. Needs root (namespaces, apt); under CI it must run,
 * elsewhere without root it is skipped with one line. Writes test-results/lab/last-run.json,
 * from which `npm run lab:doc` regenerates docs/lab.md.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run } from './exec';
import { planJobs, runJobs, slowEffect, type RunRecord } from './matrix';
import { linksOf, removeStaleNamespaces, rootNetworkState, Topology } from './netns';
import { makePki } from './pki';
import { writeResults, RESULTS_FILE } from './results';
import { loadScenarios, SCENARIOS_DIR, SEED, seedScenario, SLOW_DIR } from './scenarios';
import { skipWhenMissing } from '../support/environment';

const ROOT = resolve(__dirname, '../..');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
/** Labs at once: for the matrix, and for the slow failures, which mostly wait. */
const WORKERS = { matrix: Number(process.env.LAB_WORKERS ?? 4), slow: Number(process.env.LAB_SLOW_WORKERS ?? 4) };
const notRoot = isRoot ? false : 'not root: the lab needs root for network namespaces and apt-get (CI runs it as root)';
/** A regular expression over scenario names, to run a few while working on them (never set in CI). */
const only = process.env.LAB_ONLY ? new RegExp(process.env.LAB_ONLY) : undefined;

async function versions() {
  const strongswan = (await run('/usr/lib/ipsec/charon', ['--version'])).stdout.trim() || (await run('dpkg-query', ['-W', '-f=${Version}', 'strongswan-charon'])).stdout;
  const nginx = (await run('nginx', ['-v'])).stderr.trim().replace(/^nginx version: /, '');
  return { strongswan: strongswan.replace(/^.*?(\d[\w.+~-]*).*$/s, '$1'), nginx, kernel: release(), node: process.version };
}

function assertRecord(record: RunRecord): void {
  assert.equal(record.error, undefined, `the lab could not run ${record.name}:\n${record.error ?? ''}`);
  const lab = record.lab;
  assert.ok(lab, `${record.name}: no lab result`);
  const where = `${record.name}: ${lab.up ? 'up' : `down at ${lab.stage ?? '?'}`} (${lab.detail}); tunnel-breaking errors: ${record.tunnelBreaking.join(', ') || 'none'}`;
  if (record.kind === 'slow') {
    assert.equal(slowEffect(record), record.effect, `${where}; steps: ${JSON.stringify(lab.steps)}`);
    return;
  }
  assert.equal(record.tunnelBreaking.length > 0, !lab.up, `findings and tunnel disagree: ${where}`);
  assert.ok(lab.probe, `${record.name}: the probe did not run`);
  assert.equal(lab.probe.ok, lab.up, `probe and tunnel disagree: ${where}; probe: ${JSON.stringify(lab.probe.probes.map((p) => `${p.port} ${p.outcome}`))}`);
  if (record.kind === 'fixed') {
    assert.equal(lab.up, true, `the ${record.rule} quick fix does not bring the tunnel up: ${where}`);
    assert.ok(!record.findings.some((f) => f.rule === record.rule && f.severity === 'error'), `${record.name}: ${record.rule} still reports an error after its fix`);
    return;
  }
  assert.equal(lab.up ? 'up' : 'down', record.expect?.tunnel, `the tunnel differs from the last recorded run: ${where}`);
  if (!lab.up) assert.equal(lab.stage, record.expect?.stage, `the failing stage differs from the last recorded run: ${where}`);
  if (record.rule) assert.ok(record.findings.some((f) => f.rule === record.rule), `${record.name} breaks ${record.rule}, which reports nothing`);
}

// The set-up (apt-get on a fresh machine) may take up to 15 minutes; each lab run is bounded by runJobs.
test('the tunnel lab: findings, tunnels and the probe agree', { timeout: 40 * 60_000 }, async (t) => {
  if (skipWhenMissing(t, notRoot)) return;
  assert.ok(existsSync(SEED), `the seed document is missing: ${SEED} (set FABEDGE_SHARED)`);
  const setup = spawnSync('sh', [join(ROOT, 'scripts/setup-lab.sh')], { encoding: 'utf8', timeout: 15 * 60_000 });
  assert.equal(setup.status, 0, `scripts/setup-lab.sh failed:\n${(setup.stderr || setup.stdout).slice(-3000)}`);
  await removeStaleNamespaces();

  const work = mkdtempSync(join(tmpdir(), 'fabedge-lab-'));
  try {
    const before = await rootNetworkState();
    const chosen = (s: { name: string }) => !only || only.test(s.name);
    const scenarios = [seedScenario(join(work, 'seed')), ...loadScenarios(SCENARIOS_DIR)].filter(chosen);
    const slow = loadScenarios(SLOW_DIR).filter(chosen);
    const edges = Math.max(1, ...[...scenarios, ...slow].map((s) => s.edges));
    const { build } = await import('esbuild');
    const { BUNDLE_OPTIONS } = await import('../../scripts/bundle-options.mjs');
    await Promise.all([
      makePki(join(work, 'pki'), edges),
      build({ ...BUNDLE_OPTIONS, entryPoints: [join(ROOT, 'src/cli/main.ts')], outfile: join(work, 'cli.js') }),
    ]);

    await t.test('a lab namespace holds only its own links: veth legs in the lab\'s namespaces, nothing in the root namespace', async () => {
      const topology = new Topology(`fel${process.pid}-9999`, [{ role: 'nginx', addresses: ['10.20.8.24'] }, { role: 'edge1', addresses: ['198.51.100.10'], subnet: { cidr: '192.168.2.0/24', address: '192.168.2.1' } }]);
      await topology.up();
      try {
        const own = new Set(topology.namespaces());
        for (const ns of topology.namespaces()) {
          for (const link of await linksOf(ns)) {
            assert.ok(['loopback', 'bridge', 'veth'].includes(link.kind), `${ns}: unexpected ${link.kind} link ${link.link}`);
            if (link.kind === 'veth' && link.peerNamespace !== undefined) assert.ok(own.has(link.peerNamespace), `${ns}/${link.link}: its peer is in ${link.peerNamespace}`);
          }
        }
        assert.equal(await rootNetworkState(), before, 'the root namespace changed while a lab stood');
      } finally {
        await topology.down();
      }
    });

    const jobs = planJobs(scenarios, slow, join(work, 'fixed'));
    const began = performance.now();
    const records = await runJobs(jobs, WORKERS, { pki: join(work, 'pki'), cli: join(work, 'cli.js'), runRoot: join(work, 'runs'), keep: Boolean(process.env.LAB_KEEP) }, (r) => {
      const verdict = r.error ? 'LAB FAULT' : r.lab?.up ? 'up' : `down (${r.lab?.stage ?? '?'})`;
      const retried = r.retriedAfter ? `; tried again after a lab fault: ${r.retriedAfter.split('\n')[0]}` : '';
      t.diagnostic(`${r.name}: ${verdict}, ${Math.round(r.lab?.ms.total ?? 0)} ms${retried}`);
    });
    const wallMs = performance.now() - began;
    writeResults({ version: 1, date: new Date().toISOString(), environment: await versions(), workers: WORKERS, wallMs, records });
    t.diagnostic(`${records.length} lab runs in ${(wallMs / 1000).toFixed(1)} s with ${WORKERS.matrix} + ${WORKERS.slow} labs at once; results in ${RESULTS_FILE}`);

    await t.test('the root namespace\'s links, addresses, routes and rules are as before the lab', async () => {
      assert.equal(await rootNetworkState(), before);
      const left = (await run('ip', ['netns', 'list'])).stdout.split('\n').filter((l) => l.startsWith(`fel${process.pid}-`));
      assert.deepEqual(left, [], 'namespaces of this run are left');
    });

    const byName = new Map(records.map((r) => [r.name, r]));
    for (const record of records) await t.test(`${record.kind}: ${record.name}`, () => assertRecord(record));
    for (const scenario of scenarios.filter((s) => s.fixedBy)) {
      await t.test(`hand-fixed: ${scenario.name} → ${scenario.fixedBy ?? ''}`, () => {
        const fixed = byName.get(scenario.fixedBy ?? '');
        assert.ok(fixed?.lab?.up && fixed.tunnelBreaking.length === 0, `${scenario.fixedBy ?? ''} is no working fix of ${scenario.name}`);
      });
    }
  } finally {
    if (!process.env.LAB_KEEP) rmSync(work, { recursive: true, force: true });
  }
});
