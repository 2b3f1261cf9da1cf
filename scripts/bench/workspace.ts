/**
 * Workspace benchmark (issues 5, 6 and 18): a generated workspace of 100,000 files (10,000 nginx
 * configs and FabEdge values files with nested includes, the rest other YAML and text).
 *
 * - Cold index: discover, parse and check everything with a new index, next to the floor of
 *   listing the same files with `rg --files` and reading each (same run, same page cache). Both
 *   are timed in rounds taken in turn; the first round, which also compiles our code, is shown
 *   apart.
 * - Edit latency: the real language server over stdio; an nginx edit that moves a listen address
 *   and the time until the values file's findings are republished (p50/p95).
 * - Memory: the server's resident set after indexing, and after 1,000 edits; each right away and
 *   again once the server has been idle long enough to collect garbage (src/server/idleCollection).
 * - CLI: `fabedge-lint --format json` on the whole tree, next to the same floor.
 *
 * Prints figures and ratios; asserts nothing (these machines are shared and noisy).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { WorkspaceIndex } from '../../src/core/workspace/workspaceIndex';
import { NodeFileSystem } from '../../src/core/io/nodeFileSystem';
import { DEFAULT_SETTINGS } from '../../src/core/io/settings';
import { IDLE_COLLECTION_DELAY_MS } from '../../src/server/idleCollection';
import { PlainLspClient } from '../../test/support/lspClient';
import { SERVER_INFO_REQUEST } from '../../src/shared/protocol';
import { median, percentile, reportFigure, spread } from './support/figures';

const ROOT = resolve(__dirname, '../..');
/** 500 sites of 200 files: 100,000 files, of which 10,000 are nginx and values files. */
const SITES = Number(process.env.BENCH_SITES ?? 500);
const FILES_PER_SITE = 200;
const PARTS = 8;
const APPS = 40;
const NOTES = 20;
const EDITS = Number(process.env.BENCH_EDITS ?? 1000);
// Rounds of the cold index and of the floor: on a shared machine one round in a few is slowed down.
const COLD_ROUNDS = Number(process.env.BENCH_COLD_ROUNDS ?? 5);
const CLI_ROUNDS = Number(process.env.BENCH_CLI_ROUNDS ?? 3);

/** A /24 of its own for each site. */
function siteNet(site: number): string {
  return `10.${site >> 8}.${site & 255}`;
}

/** The address part 0 of a site listens on, which its values file names as the connector's public address. */
function publicAddress(site: number): string {
  return `${siteNet(site)}.100`;
}

const write = (path: string, text: string) => writeFileSync(path, text);

/**
 * One site: an nginx.conf whose stream block includes eight fragments, each of which includes its
 * upstreams from a folder of their own (nested includes), an http site, two values files (the
 * current layout and a legacy one, 20 checked files in all); then 40 apps of Kubernetes YAML with
 * a README each and 20 notes (180 files no check reads as nginx or values).
 */
function writeSite(root: string, site: number): void {
  const dir = join(root, `site-${site}`);
  const net = siteNet(site);
  for (const sub of ['nginx/stream.d', 'nginx/upstreams', 'nginx/conf.d', 'docs']) mkdirSync(join(dir, sub), { recursive: true });
  write(join(dir, 'nginx', 'nginx.conf'), `worker_processes auto;\nevents {}\nhttp {\n    include conf.d/*.conf;\n}\nstream {\n    include stream.d/*.conf;\n}\n`);
  write(join(dir, 'nginx', 'conf.d', 'site.conf'), `server {\n    listen 80;\n    server_name site-${site}.example.com;\n    location / {\n        proxy_pass http://${net}.10:8080;\n    }\n}\n`);
  for (let part = 0; part < PARTS; part++) {
    // Part 0 fronts the connector address the values file names; the others listen elsewhere.
    const listen = `${net}.${100 + part}`;
    write(
      join(dir, 'nginx', 'stream.d', `part-${part}.conf`),
      `# site ${site}, part ${part}\ninclude upstreams/part-${part}.conf;\nserver {\n    listen ${listen}:500 udp reuseport;\n    proxy_pass fabedge-${part}-isakmp;\n}\nserver {\n    listen ${listen}:4500 udp reuseport;\n    proxy_pass fabedge-${part}-nat-t;\n}\n`,
    );
    write(
      join(dir, 'nginx', 'upstreams', `part-${part}.conf`),
      `upstream fabedge-${part}-isakmp {\n    server ${net}.23:500;\n}\nupstream fabedge-${part}-nat-t {\n    server ${net}.23:4500;\n}\n`,
    );
  }
  write(
    join(dir, 'values.yaml'),
    `cluster:\n  name: site-${site}\n  role: host\n  cniType: flannel\n  connectorPublicAddresses:\n    - ${publicAddress(site)}\n  connectorNodeAddresses:\n    - ${net}.23\n  serviceClusterIPRange:\n    - 10.96.0.0/12\n  clusterCIDR:\n    - 10.244.0.0/16\n  edgeLabels:\n    - node-role.kubernetes.io/edge=\n`,
  );
  write(join(dir, 'values-old.yaml'), `operator:\n  connectorPublicAddresses: ${publicAddress(site)}\n  connectorSubnets: 10.96.0.0/12\n  edgeLabels: node-role.kubernetes.io/edge\ncniType: flannel\n`);
  for (let app = 0; app < APPS; app++) {
    const appDir = join(dir, 'apps', `app-${app}`);
    mkdirSync(appDir, { recursive: true });
    const name = `site-${site}-app-${app}`;
    write(
      join(appDir, 'deployment.yaml'),
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  labels:\n    app: ${name}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: ${name}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n        - name: app\n          image: registry.example/${name}:1.${app}\n          ports:\n            - containerPort: 8080\n          resources:\n            requests:\n              cpu: 100m\n              memory: 128Mi\n`,
    );
    write(join(appDir, 'service.yaml'), `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    app: ${name}\n  ports:\n    - port: 80\n      targetPort: 8080\n`);
    write(join(appDir, 'configmap.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}-config\ndata:\n  LOG_LEVEL: info\n  UPSTREAM: http://${net}.10:8080\n  FEATURE_FLAGS: "a,b,c"\n`);
    write(join(appDir, 'README.md'), `# ${name}\n\nDeployed by the site-${site} pipeline. Owner: team-${app % 7}.\n\n- image: registry.example/${name}\n- port: 8080\n`);
  }
  for (let note = 0; note < NOTES; note++) {
    const text = `Site ${site}, note ${note}: maintenance window, contacts and runbook links.\n${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(4)}\n`;
    write(join(dir, 'docs', note % 2 === 0 ? `note-${note}.md` : `note-${note}.txt`), text);
  }
}

/** Writes the benchmark workspace into a new temporary folder and returns its path. */
export function generate(): string {
  const root = mkdtempSync(join(tmpdir(), 'fabedge-bench-ws-'));
  for (let site = 0; site < SITES; site++) writeSite(root, site);
  return root;
}

function timeIt(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

function floor(root: string): number {
  return timeIt(() => {
    const listed = spawnSync('rg', ['--files', root], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (listed.status !== 0) throw new Error(`rg failed: ${listed.stderr}`);
    for (const file of listed.stdout.split('\n')) if (file) readFileSync(file);
  });
}

function coldIndex(root: string): { ms: number; files: number; findings: number } {
  let files = 0;
  let findings = 0;
  const ms = timeIt(() => {
    const index = new WorkspaceIndex(new NodeFileSystem(), [root], DEFAULT_SETTINGS, { locale: 'en' });
    index.scan();
    findings = index.lint().length;
    files = index.files.length;
  });
  return { ms, files, findings };
}

/** `fabedge-lint` on the whole tree, as a CI job runs it; JSON, so that no progress line is drawn. */
function cliRun(root: string): number {
  return timeIt(() => {
    const run = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), '--format', 'json', root], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    // 1: findings at error level; anything else is a failure of the run.
    if (run.status !== 0 && run.status !== 1) throw new Error(`fabedge-lint failed (${run.status}): ${run.stderr}`);
  });
}

/** The resident set of a Node process that loaded nothing: the floor of the server's. */
async function bareNodeRssMb(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)']);
  try {
    await sleep(500);
    return rssMb(child.pid ?? 0);
  } finally {
    child.kill();
  }
}

/** Long enough for the server's idle collection to have run and returned its pages. */
const IDLE_WAIT_MS = IDLE_COLLECTION_DELAY_MS + 1000;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function serverRun(root: string): Promise<void> {
  const bareRss = await bareNodeRssMb();
  const server = resolve(ROOT, 'dist/server.js');
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server itself.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, server, '--stdio'], { cwd: ROOT });
  const client = new PlainLspClient(child);
  try {
    const folder = pathToFileURL(root).toString();
    const valuesUri = `${folder}/site-0/values.yaml`;
    const started = performance.now();
    await client.request('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'bench' }], capabilities: { workspace: { configuration: true } } });
    client.notify('initialized', {});
    // The legacy-layout file always has a finding, so its diagnostics mark the end of indexing.
    const legacyUri = `${folder}/site-0/values-old.yaml`;
    await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === legacyUri, 120_000);
    const indexedMs = performance.now() - started;
    const rssAfterIndex = rssMb(child.pid ?? 0);
    await sleep(IDLE_WAIT_MS);
    const rssIdleAfterIndex = rssMb(child.pid ?? 0);

    const fragmentPath = join(root, 'site-0', 'nginx', 'stream.d', 'part-0.conf');
    const fragmentUri = pathToFileURL(fragmentPath).toString();
    const original = readFileSync(fragmentPath, 'utf8');
    client.notify('textDocument/didOpen', { textDocument: { uri: fragmentUri, languageId: 'nginx', version: 1, text: original } });
    // Moving the proxy off the address the values file names adds a cross-file finding there;
    // moving it back removes it: each edit changes the values file's findings.
    const moved = original.replaceAll(publicAddress(0), `${siteNet(0)}.99`);
    const latencies: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      client.clearReceived();
      const text = i % 2 === 0 ? moved : original;
      const sent = performance.now();
      client.notify('textDocument/didChange', { textDocument: { uri: fragmentUri, version: i + 2 }, contentChanges: [{ text }] });
      await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === valuesUri, 30_000);
      latencies.push(performance.now() - sent);
    }
    const rssAfterEdits = rssMb(child.pid ?? 0);
    await sleep(IDLE_WAIT_MS);
    const rssIdleAfterEdits = rssMb(child.pid ?? 0);
    // The floor of an edit's round trip: a request the server answers without any work, as many times.
    const roundTrips: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const sent = performance.now();
      await client.sendRequest(SERVER_INFO_REQUEST);
      roundTrips.push(performance.now() - sent);
    }
    console.log(`server: indexed and published in ${indexedMs.toFixed(0)} ms; RSS ${rssAfterIndex.toFixed(1)} MB right after, at the last edit ${rssAfterEdits.toFixed(1)} MB`);
    reportFigure({ name: 'server RSS after indexing, idle', value: rssIdleAfterIndex, unit: 'MB', baseline: { name: 'bare Node', value: bareRss }, goal: { maxValue: 300 } });
    reportFigure({
      name: `server RSS after ${EDITS} edits, idle`,
      value: rssIdleAfterEdits,
      unit: 'MB',
      baseline: { name: 'idle after indexing', value: rssIdleAfterIndex },
      goal: { maxRatio: 1.1 },
    });
    reportFigure({
      name: `nginx edit → values findings, p95 of ${EDITS}`,
      value: percentile(latencies, 95),
      unit: 'ms',
      baseline: { name: 'empty request p95', value: percentile(roundTrips, 95) },
      goal: { maxValue: 30 },
      note: `p50 ${percentile(latencies, 50).toFixed(1)} ms`,
    });
    await client.request('shutdown', null);
    // Let it exit on its own: a profiler (BENCH_SERVER_NODE_ARGS) writes its file on the way out.
    const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
    client.notify('exit', null);
    await Promise.race([exited, sleep(10_000)]);
  } finally {
    child.kill();
  }
}

async function main(): Promise<void> {
  // BENCH_WORKSPACE reuses a tree written before (it is kept): generating 100,000 files takes a while.
  const given = process.env.BENCH_WORKSPACE;
  const root = given ?? generate();
  try {
    // The first round also compiles our code (and warms the page cache for both): reported, not counted.
    const firstFloor = floor(root);
    let last = coldIndex(root);
    const firstCold = last.ms;
    const floors: number[] = [];
    const colds: number[] = [];
    for (let i = 0; i < COLD_ROUNDS; i++) {
      floors.push(floor(root));
      last = coldIndex(root);
      colds.push(last.ms);
    }
    const cliRounds: number[] = [];
    for (let i = 0; i < CLI_ROUNDS; i++) cliRounds.push(cliRun(root));
    const floorMs = median(floors);
    console.log(`workspace: ${SITES * FILES_PER_SITE} files, ${last.files} checked (nginx and values), ${last.findings} findings`);
    console.log(`floor (rg --files + read each) ${spread(floors)} ms; cold index ${spread(colds)} ms; fabedge-lint ${spread(cliRounds)} ms; first rounds (compiling the code): floor ${firstFloor.toFixed(0)} ms, index ${firstCold.toFixed(0)} ms`);
    const baseline = { name: 'read floor (rg --files + read each)', value: floorMs };
    reportFigure({ name: `cold index + check, ${SITES * FILES_PER_SITE} files`, value: median(colds), unit: 'ms', baseline, goal: { maxRatio: 2.5 }, note: `medians of ${COLD_ROUNDS} rounds` });
    reportFigure({ name: `fabedge-lint, ${SITES * FILES_PER_SITE} files`, value: median(cliRounds), unit: 'ms', baseline, goal: { maxRatio: 2 }, note: `median of ${CLI_ROUNDS} rounds` });
    await serverRun(root);
  } finally {
    if (!given) rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
