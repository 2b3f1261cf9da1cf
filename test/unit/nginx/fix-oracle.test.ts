/**
 * The fix oracle: every fix offered on every test corpus, applied alone.
 *
 * - nginx: Debian's `nginx -t` (1.22 + libnginx-mod-stream) judges each configuration before and
 *   after; no fix may turn one nginx accepts into one it rejects.
 *   Every root configuration of an nginx rule's valid fixture must be accepted as it is, and
 *   after each fix its invalid fixtures are offered for that rule.
 * - Safe fixes (what `fabedge-lint --fix` and fix-all on save apply unattended) never change an
 *   address or port a listen, proxy_pass or upstream server resolves to (in a configuration
 *   nginx takes, by our syntax and directive checks: repairing one that it rejects may well
 *   bring a swallowed proxy_pass back), and never touch a template expression.
 * - A fix to a values file leaves a file that parses and that its rule no longer flags.
 *
 * Corpora: the rule fixtures and examples, the realistic corpus under test/corpus (when there),
 * ../shared/corpus (the nginx-tests stream configs and the wild files, single files alone and
 * pairs and trees whole, as the wild measurement runs them), the released chart values, and a
 * fixed-seed sample of the property tests' generated and mutated workspaces. Under CI a missing
 * ../shared, nginx or network namespace fails the tests instead of skipping them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { applyEdits, editsByFile } from '../../../src/core/edits';
import type { Finding, Fix } from '../../../src/core/findings';
import type { NginxConfigTree } from '../../../src/core/nginx/tree';
import { findRule } from '../../../src/core/rules';
import { lintPaths, type LintResult } from '../../../src/core/workspace/lintPaths';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../../../src/core/io/settings';
import { CROSS_SOURCES, crossValues, generatedNginx, nginxMutations, yamlMutations } from '../hardening/generators';
import { mutate as mutateFiles } from '../hardening/support';
import { mutate as mutateConfig, rng, smallStreamConfig } from '../nginx-parser/generate';
import { findNginx } from '../nginx-parser/oracle';
import { materialize, namespacesWork, runNginxJobs, treeSpec, type NginxJob, type TreeSpec } from './nginxOracle';
import { skipWhenMissing } from '../../support/environment';

const REPO = resolve(__dirname, '../../..');
const SHARED = process.env.FABEDGE_SHARED ?? resolve(REPO, '../shared');
const ROOT = '/ws';
/** The property tests' generators, sampled with one seed: every run checks the same workspaces. */
const SEED = 0x0f1c5;
const SAMPLES = Number(process.env.FABEDGE_FIX_ORACLE_SAMPLES ?? 100);

interface Workspace {
  name: string;
  /** Absolute path (below /ws) → text. */
  files: ReadonlyMap<string, string>;
  settings: WorkspaceSettings;
  /**
   * A fixture of an nginx rule: nginx must accept its root configurations as they are (valid),
   * or once a fix of that rule is applied (invalid).
   */
  fixture?: { rule: string; valid: boolean };
}

function readTree(dir: string, prefix = ''): [string, string][] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry): [string, string][] => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return readTree(join(dir, entry.name), rel);
    if (!entry.isFile() || entry.name === 'expect.json' || /\.after\d*$/.test(entry.name)) return [];
    return [[`${ROOT}/${rel}`, readFileSync(join(dir, entry.name), 'utf8')]];
  });
}

const workspace = (name: string, files: Iterable<[string, string]>, settings: Partial<WorkspaceSettings> = {}, fixture?: Workspace['fixture']): Workspace => ({
  name,
  files: new Map(files),
  settings: { ...DEFAULT_SETTINGS, ...settings },
  ...(fixture ? { fixture } : {}),
});

function ruleFixtures(): Workspace[] {
  const fixtures = join(REPO, 'test/fixtures/rules');
  return readdirSync(fixtures)
    .sort()
    .flatMap((rule) =>
      ['valid', 'invalid'].flatMap((kind) => {
        const dir = join(fixtures, rule, kind);
        if (!existsSync(dir)) return [];
        return readdirSync(dir)
          .sort()
          .map((name) => {
            const expect = join(dir, name, 'expect.json');
            const settings = existsSync(expect) ? ((JSON.parse(readFileSync(expect, 'utf8')) as { settings?: Partial<WorkspaceSettings> }).settings ?? {}) : {};
            const fixture = findRule(rule)?.scope === 'nginx' ? { rule, valid: kind === 'valid' } : undefined;
            return workspace(`fixtures/${rule}/${kind}/${name}`, readTree(join(dir, name)), settings, fixture);
          });
      }),
    );
}

/** Each file alone in a workspace of its own, under its own name (as the wild measurement runs them). */
function singleFiles(label: string, dir: string, keep: (name: string) => boolean = () => true): Workspace[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .filter((name) => statSync(join(dir, name)).isFile() && keep(name))
    .map((name) => workspace(`${label}/${name}`, [[`${ROOT}/${name}`, readFileSync(join(dir, name), 'utf8')]]));
}

function wholeFolders(label: string, dir: string): Workspace[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .map((name) => workspace(`${label}/${name}`, readTree(join(dir, name))));
}

/** The realistic corpus (test/corpus), each nginx or YAML file alone. */
function realisticCorpus(): Workspace[] {
  const dir = join(REPO, 'test/corpus');
  if (!existsSync(dir)) return [];
  const found: Workspace[] = [];
  const walk = (folder: string, rel: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path, `${rel}${entry.name}/`);
      else if (entry.isFile() && /\.(conf|nginx|ya?ml)$|(^|\/)nginx\.conf$/.test(entry.name)) {
        found.push(workspace(`test/corpus/${rel}${entry.name}`, [[`${ROOT}/${entry.name}`, readFileSync(path, 'utf8')]]));
      }
    }
  };
  walk(dir, '');
  return found;
}

function sharedCorpora(): Workspace[] {
  const wild = join(SHARED, 'corpus', 'wild');
  return [
    ...singleFiles('nginx-stream', join(SHARED, 'corpus', 'nginx-stream'), (name) => name.endsWith('.conf')),
    ...['values', 'nginx', 'other'].flatMap((kind) => singleFiles(`wild/${kind}`, join(wild, kind))),
    ...wholeFolders('wild/pairs', join(wild, 'pairs')),
    ...wholeFolders('wild/trees', join(wild, 'trees')),
    ...wholeFolders('fabedge-charts', join(SHARED, 'fabedge-charts')),
  ];
}

/**
 * IKE relays built from parts nginx takes (so most configurations are accepted and their fixes
 * reach nginx): listens with and without `udp`/`reuseport` on the same and other addresses,
 * upstreams with every balancing method and `backup` servers, the session settings in servers
 * and in `stream {}`, with and without a values file beside them.
 */
const relayWorkspace = (() => {
  const port = fc.constantFrom(500, 4500, 45000, 1701);
  const listen = fc
    .tuple(fc.constantFrom('', '10.20.8.24:', '10.20.8.25:', '[::]:', '[fd00::1]:'), port, fc.constantFrom('', ' udp', ' udp reuseport', ' reuseport'))
    .map(([host, p, params]) => `listen ${host}${p}${params};`);
  const target = fc.tuple(fc.constantFrom('10.20.8.23', '10.20.8.33', '127.0.0.1', '[fd00::2]'), fc.constantFrom(500, 4500, 600, 4600));
  const upstream = fc.record({
    balancing: fc.constantFrom('', 'hash $remote_addr;', 'hash $remote_addr consistent;', 'least_conn;', 'random;'),
    servers: fc.array(fc.tuple(target, fc.constantFrom('', ' weight=2', ' backup')), { minLength: 1, maxLength: 3 }),
  });
  const SETTINGS = ['proxy_timeout 5s;', 'proxy_timeout 25s;', 'proxy_timeout 10m;', 'proxy_responses 1;', 'proxy_requests 3;', 'proxy_protocol on;'];
  const server = fc.record({
    listens: fc.array(listen, { minLength: 1, maxLength: 2 }),
    pass: fc.oneof(fc.nat({ max: 2 }), target),
    settings: fc.subarray(SETTINGS, { maxLength: 2 }),
  });
  const VALUES = {
    none: undefined,
    seed: 'operator:\n  connectorPublicAddresses: 10.20.8.24\n  connectorSubnets: 10.96.0.0/12\ncniType: flannel\n',
    nodes: 'cluster:\n  name: beijing\n  role: host\n  cniType: flannel\n  connectorPublicAddresses:\n    - 10.20.8.24\n  connectorNodeAddresses:\n    - 10.20.8.23\n',
  };
  return fc
    .record({
      workers: fc.constantFrom('', 'worker_processes 1;\n', 'worker_processes auto;\n', 'worker_processes 4;\n'),
      outer: fc.subarray(SETTINGS, { maxLength: 1 }),
      upstreams: fc.array(upstream, { maxLength: 3 }),
      servers: fc.array(server, { minLength: 1, maxLength: 3 }),
      values: fc.constantFrom(...(Object.keys(VALUES) as (keyof typeof VALUES)[])),
    })
    .map(({ workers, outer, upstreams, servers, values }) => {
      const hostPort = ([host, p]: [string, number]) => `${host}:${p}`;
      const lines = [`${workers}events {}`, 'stream {', ...outer.map((s) => `    ${s}`)];
      upstreams.forEach((u, i) => lines.push(`    upstream relay-${i} {`, ...(u.balancing ? [`        ${u.balancing}`] : []), ...u.servers.map(([t, param]) => `        server ${hostPort(t)}${param};`), '    }'));
      for (const s of servers) {
        const pass = typeof s.pass === 'number' ? (upstreams.length > 0 ? `relay-${s.pass % upstreams.length}` : '10.20.8.23:500') : hostPort(s.pass);
        lines.push('    server {', ...s.listens.map((l) => `        ${l}`), `        proxy_pass ${pass};`, ...s.settings.map((x) => `        ${x}`), '    }');
      }
      lines.push('}', '');
      const files: [string, string][] = [[`${ROOT}/nginx.conf`, lines.join('\n')]];
      const text = VALUES[values];
      if (text) files.push([`${ROOT}/values.yaml`, text]);
      return files;
    });
})();

function mutations(): Workspace[] {
  const generated = fc.sample(fc.tuple(crossValues, generatedNginx), { seed: SEED, numRuns: SAMPLES });
  const mutated = fc.sample(fc.tuple(fc.constantFrom(...CROSS_SOURCES), fc.nat(), yamlMutations, nginxMutations), { seed: SEED + 1, numRuns: SAMPLES });
  const parser = Array.from({ length: Math.ceil(SAMPLES / 3) }, (_, id) => {
    const r = rng(SEED + id * 7919);
    return mutateConfig(r, smallStreamConfig(r, 15000 + id * 10)).text;
  });
  const relays = fc.sample(relayWorkspace, { seed: SEED + 2, numRuns: SAMPLES });
  return [
    ...relays.map((files, i) => workspace(`relay #${i}`, files)),
    ...generated.map(([values, nginx], i) => workspace(`generated #${i}`, [[`${ROOT}/values.yaml`, values], [`${ROOT}/nginx.conf`, nginx]])),
    ...mutated.map(([ws, which, yamlEdits, nginxEdits], i) => {
      const paths = Object.keys(ws).sort();
      const target = paths[which % paths.length];
      return workspace(
        `mutated fixture #${i}`,
        paths.map((p): [string, string] => [`${ROOT}/${p}`, p !== target ? ws[p] : mutateFiles(ws[p], /\.ya?ml$/.test(p) ? yamlEdits : nginxEdits)]),
      );
    }),
    ...parser.map((text, i) => workspace(`parser mutation #${i}`, [[`${ROOT}/nginx.conf`, text]])),
  ];
}

interface Checked {
  ws: Workspace;
  result: LintResult;
  specs: TreeSpec[];
}

interface FixCase {
  checked: Checked;
  finding: Finding;
  fix: Fix;
  after: ReadonlyMap<string, string>;
  edited: readonly string[];
  /** The workspace checked again with the fix applied (worked out when first asked: most fixes never need it). */
  again(): LintResult;
}

function lint(files: ReadonlyMap<string, string>, settings: WorkspaceSettings): LintResult {
  return lintPaths(new MemoryFileSystem(Object.fromEntries(files)), [ROOT], settings, { locale: 'en' });
}

let memo: { checked: Checked[]; fixes: FixCase[] } | undefined;

/** Every workspace linted, and every fix applied alone and linted again: worked out once for the three tests. */
function everything(): { checked: Checked[]; fixes: FixCase[] } {
  if (memo) return memo;
  const all = [...ruleFixtures(), ...singleFiles('examples', join(REPO, 'examples')), ...wholeFolders('examples', join(REPO, 'examples')), ...realisticCorpus(), ...sharedCorpora(), ...mutations()];
  const checked: Checked[] = [];
  const fixes: FixCase[] = [];
  for (const ws of all) {
    const result = lint(ws.files, ws.settings);
    const specs = result.model.nginx.flatMap((tree) => treeSpec(tree) ?? []);
    const entry = { ws, result, specs };
    checked.push(entry);
    for (const finding of result.findings) {
      for (const fix of finding.fixes) {
        const byFile = editsByFile(fix.edits);
        const after = new Map(ws.files);
        for (const [file, edits] of byFile) after.set(file, applyEdits(ws.files.get(file) ?? '', edits).text);
        let again: LintResult | undefined;
        fixes.push({ checked: entry, finding, fix, after, edited: [...byFile.keys()], again: () => (again ??= lint(after, ws.settings)) });
      }
    }
  }
  memo = { checked, fixes };
  return memo;
}

const describeFix = (c: FixCase) => `${c.checked.ws.name}: ${c.finding.rule} ${c.finding.file.slice(ROOT.length + 1)}:${c.finding.range.start.line + 1} "${c.fix.title}"`;

function sharedMissing(): string | false {
  const there = existsSync(join(SHARED, 'corpus', 'wild')) && existsSync(join(SHARED, 'corpus', 'nginx-stream'));
  return there ? false : `the shared corpora are missing at ${SHARED} (set FABEDGE_SHARED)`;
}

/** What the traffic of a tree resolves to: every listen, proxy_pass and upstream server address and port. */
function addressesOf(tree: NginxConfigTree): string {
  const out: string[] = [];
  for (const server of tree.stream.servers) {
    for (const l of server.listens) out.push(`listen ${l.unix ? l.addressArg.value : `${l.host ?? '*'}|${l.ipv6}|${l.port?.from}-${l.port?.to}`}`);
    const target = server.proxyPass?.target;
    if (target?.kind === 'address') out.push(`pass ${target.host}:${target.port}`);
    else if (target?.kind === 'upstream') out.push(`pass upstream ${target.name}`);
    else if (target) out.push(`pass ${target.kind} ${server.proxyPass?.arg.value}`);
  }
  for (const upstream of tree.stream.upstreams.values()) for (const s of upstream.servers) out.push(`upstream ${upstream.name} ${s.unix ? s.addressArg.value : `${s.host}:${s.port}`}`);
  return out.sort().join('\n');
}

const TEMPLATE = /\{\{|\{%|%\{|\$\{/;
/** The rules that report what nginx itself would reject. */
const REJECTED_BY_NGINX = new Set(['nginx-syntax', 'nginx-directive']);

/** The text an edit replaces, with the rest of the lines it touches. */
function touchedLines(text: string, fix: Fix, file: string): string[] {
  const lines = text.split('\n');
  return fix.edits.filter((e) => e.file === file).map((e) => lines.slice(e.range.start.line, e.range.end.line + 1).join('\n'));
}

test('safe fixes never change where traffic goes nor touch a template', { timeout: 900_000 }, (t) => {
  if (skipWhenMissing(t, sharedMissing())) return;
  const { checked, fixes } = everything();
  const problems: string[] = [];
  let safe = 0;
  for (const c of fixes) {
    if (!c.fix.safe) continue;
    safe++;
    for (const file of c.edited) {
      const before = c.checked.ws.files.get(file) ?? '';
      if (touchedLines(before, c.fix, file).some((t) => TEMPLATE.test(t))) problems.push(`${describeFix(c)}: edits a line with a template expression`);
    }
    const afterTrees = new Map(c.again().model.nginx.map((t) => [t.rootId, t]));
    for (const tree of c.checked.result.model.nginx) {
      const paths = new Set([...tree.files.values()].map((f) => f.path));
      if (!c.edited.some((file) => paths.has(file)) || c.checked.result.findings.some((f) => REJECTED_BY_NGINX.has(f.rule) && f.severity === 'error' && paths.has(f.file))) continue;
      const next = afterTrees.get(tree.rootId);
      if (!next || addressesOf(next) !== addressesOf(tree)) problems.push(`${describeFix(c)}: changes what ${tree.rootId.slice(ROOT.length + 1)} listens on or forwards to`);
    }
  }
  console.log(`fix oracle: ${checked.length} workspaces, ${fixes.length} fixes (${safe} safe) applied alone and checked again`);
  assert.ok(fixes.length > 100, `only ${fixes.length} fixes`);
  assert.deepEqual(problems, []);
});

test('fixes to values files leave a file that parses and that their rule no longer flags', { timeout: 900_000 }, (t) => {
  if (skipWhenMissing(t, sharedMissing())) return;
  const { fixes } = everything();
  const problems: string[] = [];
  let count = 0;
  for (const c of fixes) {
    for (const file of c.edited) {
      const before = c.checked.result.model.values.find((d) => d.file === file);
      if (!before) continue;
      count++;
      const after = c.again().model.values.find((d) => d.file === file);
      const errors = before.yaml.errors.length;
      if (!after) problems.push(`${describeFix(c)}: ${file} is no values file any more`);
      // In a file that already fails to parse, each look-alike fix mends its own line and the safe
      // ones mend the file only together (as --fix applies them), so the parser's count in between
      // is no measure: there, the finding must go. A file that parsed must still parse.
      else if (errors === 0 && after.yaml.errors.length > 0) {
        problems.push(`${describeFix(c)}: YAML errors ${errors} -> ${after.yaml.errors.length} (${after.yaml.errors[0]?.message})`);
      }
      const { finding } = c;
      if (c.again().findings.some((f) => f.rule === finding.rule && f.file === finding.file && f.range.start.line === finding.range.start.line && f.message === finding.message)) {
        problems.push(`${describeFix(c)}: the finding is still there`);
      }
    }
  }
  console.log(`fix oracle: ${count} fixes to values files parsed again`);
  assert.ok(count > 20, `only ${count} values fixes`);
  assert.deepEqual(problems, []);
});

/** nginx and a network namespace to run it in, or why the oracle cannot run here (a failure under CI). */
function oracleMissing(): string | false {
  return !findNginx() ? 'needs root and Debian nginx with libnginx-mod-stream (scripts/setup-nginx.sh)' : !namespacesWork() ? 'needs unshare -n (root, util-linux, iproute2)' : sharedMissing();
}

test('nginx -t: no fix turns an accepted configuration into a rejected one; nginx rule fixtures are accepted as they are or once fixed', { timeout: 1_800_000 }, async (t) => {
  if (skipWhenMissing(t, oracleMissing())) return;
  const nginx = findNginx() as string;
  const { checked, fixes } = everything();
  const scratch = mkdtempSync(join(tmpdir(), 'fabedge-fix-oracle-'));
  try {
    let next = 0;
    const job = (spec: TreeSpec, files: ReadonlyMap<string, string>): NginxJob | undefined => materialize(spec, files, join(scratch, String(next++)));
    // Before: the trees a fix touches, and every tree of a valid fixture.
    const touches = (c: FixCase, spec: TreeSpec) => c.edited.some((file) => spec.paths.has(file));
    const before = new Map<Checked, Map<TreeSpec, NginxJob>>();
    for (const c of checked) {
      const wanted = c.specs.filter((spec) => c.ws.fixture?.valid || fixes.some((f) => f.checked === c && touches(f, spec)));
      const jobs = new Map<TreeSpec, NginxJob>();
      for (const spec of wanted) {
        const j = job(spec, c.ws.files);
        if (j) jobs.set(spec, j);
      }
      if (jobs.size > 0) before.set(c, jobs);
    }
    const beforeJobs = [...before.values()].flatMap((jobs) => [...jobs.values()]);
    const beforeVerdicts = new Map(beforeJobs.map((j, i) => [j, i]));
    const verdicts = await runNginxJobs(nginx, beforeJobs, scratch);
    const verdictOf = (c: Checked, spec: TreeSpec) => {
      const j = before.get(c)?.get(spec);
      return j ? verdicts[beforeVerdicts.get(j) as number] : undefined;
    };
    const problems: string[] = [];
    for (const c of checked) {
      if (!c.ws.fixture?.valid) continue;
      for (const spec of c.specs) {
        if (spec.kind !== 'root') continue;
        const v = verdictOf(c, spec);
        if (v && v.rc !== 0) problems.push(`${c.ws.name}: nginx rejects ${spec.id.slice(ROOT.length + 1)}: ${v.message}`);
      }
    }
    // After: each fix on each tree it touches that nginx accepted, or that an invalid fixture of the fix's rule is about.
    const fixesFixture = (c: FixCase, spec: TreeSpec) => c.checked.ws.fixture?.valid === false && c.checked.ws.fixture.rule === c.finding.rule && spec.kind === 'root';
    const afterJobs: { c: FixCase; spec: TreeSpec; job: NginxJob }[] = [];
    for (const c of fixes) {
      for (const spec of c.checked.specs) {
        if (!touches(c, spec) || (verdictOf(c.checked, spec)?.rc !== 0 && !fixesFixture(c, spec))) continue;
        const j = job(spec, c.after);
        if (j) afterJobs.push({ c, spec, job: j });
        else problems.push(`${describeFix(c)}: the fix removes the configuration ${spec.id}`);
      }
    }
    const afterVerdicts = await runNginxJobs(
      nginx,
      afterJobs.map((a) => a.job),
      scratch,
    );
    afterJobs.forEach((a, i) => {
      const v = afterVerdicts[i];
      if (v.rc === 0) return;
      const was = verdictOf(a.c.checked, a.spec)?.rc === 0 ? 'accepted' : 'rejected';
      problems.push(`${describeFix(a.c)}: nginx ${was} ${a.spec.id.slice(ROOT.length + 1)} before, rejects it after: ${v.message}`);
    });
    const accepted = beforeJobs.filter((_j, i) => verdicts[i].rc === 0).length;
    console.log(
      `fix oracle: nginx -t on ${beforeJobs.length} configurations as they are (${accepted} accepted), then on ${afterJobs.length} with one fix applied (${afterJobs.filter((a) => verdictOf(a.c.checked, a.spec)?.rc === 0).length} of them accepted before)`,
    );
    assert.ok(afterJobs.length > 50, `only ${afterJobs.length} fixed configurations reached nginx`);
    assert.deepEqual(problems, []);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
