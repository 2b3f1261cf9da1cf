// @ts-check
// Start/stop a code-server (real VS Code server + web workbench) and a headless Debian Chromium.
// Shared by the test launcher (test/host/launcher.mjs), `npm start` and `npm run screenshots`.
// Why it is done this way: docs/design/test-host.md (code-server via npm, Chromium via playwright-core).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM, codeServerCommand, findVersion, isInstalled, DEFAULT_VERSION, xdgEnv } from '../../scripts/test-host/versions.mjs';

export { findVersion, DEFAULT_VERSION };

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A private temp folder: TMPDIR for the children, fresh profile folders. */
export function makeTempRoot(prefix = 'fabedge-host-') {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  const dirs = { root, tmp: path.join(root, 'tmp'), userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'), chromium: path.join(root, 'chromium') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  // Quiet, offline-friendly user settings (code-server keeps them in USER_DATA/User/settings.json).
  mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false, 'extensions.ignoreRecommendations': true, 'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': false, 'update.mode': 'none', 'chat.disableAIFeatures': true,
  }, null, 2));
  return dirs;
}

/** @typedef {ReturnType<typeof makeTempRoot>} TempDirs */

/**
 * All descendants of pid (found through /proc), deepest last.
 * @param {number} pid
 */
function descendants(pid) {
  /** @type {Map<number, number[]>} */
  const children = new Map();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const siblings = children.get(ppid) ?? [];
      siblings.push(Number(e));
      children.set(ppid, siblings);
    } catch { /* gone */ }
  }
  /** @type {number[]} */
  const out = [];
  /** @param {number} p */
  const walk = (p) => { for (const c of children.get(p) ?? []) { out.push(c); walk(c); } };
  walk(pid);
  return out;
}

/** @param {number} pid */
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };

/**
 * Stop exactly the process group led by `pid` (we started it detached) plus any descendants.
 * @param {number | undefined} pid
 */
export async function killGroup(pid, graceMs = 3000) {
  if (!pid) return;
  const victims = [pid, ...descendants(pid)];
  /** @param {NodeJS.Signals} sig */
  const signal = (sig) => {
    try { process.kill(-pid, sig); } catch { /* group gone */ }
    for (const p of victims) { try { process.kill(p, sig); } catch { /* gone */ } }
  };
  signal('SIGTERM');
  const until = Date.now() + graceMs;
  while (Date.now() < until && victims.some(alive)) await sleep(100);
  if (victims.some(alive)) signal('SIGKILL');
}

/**
 * Start code-server on 127.0.0.1:<kernel-chosen port>.
 * @param {object} options
 * @param {import('../../scripts/test-host/versions.mjs').HostVersion | string} [options.version]
 * @param {string} [options.workspace] the folder to open
 * @param {TempDirs} options.dirs
 * @param {Record<string, string>} [options.env]
 * @param {string} [options.logFile] default: code-server.log in dirs.root
 * @param {number} [options.port] default: one the kernel chooses
 * @param {number} [options.readyTimeoutMs]
 * @param {string} [options.locale] the display language
 * @returns {Promise<{port:number, origin:string, pid:number | undefined, logFile:string, stop:()=>Promise<void>, exited:Promise<number|null>}>}
 */
export async function startCodeServer({ version = DEFAULT_VERSION, workspace, dirs, env = {}, logFile, port: wantedPort = 0, readyTimeoutMs = 90_000, locale }) {
  const v = typeof version === 'string' ? findVersion(version) : version;
  if (!isInstalled(v)) throw new Error(`code-server ${v.codeServer} is not installed; run: node scripts/test-host/setup.mjs`);
  const { node, entry } = codeServerCommand(v);
  const config = path.join(dirs.root, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  logFile ??= path.join(dirs.root, 'code-server.log');
  const log = createWriteStream(logFile);
  const args = [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${wantedPort}`, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--config', config];
  // The display language, as VS Code's `--locale` sets it (vscode.env.language in the extension host).
  if (locale) args.push('--locale', locale);
  if (workspace) args.push(workspace);
  const child = spawn(node, args, {
    detached: true, // own process group
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...xdgEnv(dirs.root), ...env, TMPDIR: dirs.tmp, VSCODE_OPTIONS: 'enable-smoke-test-driver' },
  });
  /** @type {Promise<number | null>} */
  const exited = new Promise((r) => child.on('exit', (code) => r(code)));
  /** @type {(port: number) => void} */
  let portResolve = () => {};
  /** @type {Promise<number>} */
  const portPromise = new Promise((r) => { portResolve = r; });
  let buf = '';
  /** @param {Buffer} d */
  const onData = (d) => {
    log.write(d);
    buf += d.toString();
    const m = buf.match(/HTTP server listening on https?:\/\/127\.0\.0\.1:(\d+)/);
    if (m) portResolve(Number(m[1]));
    if (buf.length > 100_000) buf = buf.slice(-10_000);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const stop = async () => { await killGroup(child.pid); log.end(); };
  const port = await Promise.race([portPromise, exited.then((c) => { throw new Error(`code-server exited early (code ${c}); log: ${logFile}`); }),
    sleep(readyTimeoutMs).then(() => null)]).catch(async (e) => { await stop(); throw e; });
  if (!port) { await stop(); throw new Error(`code-server printed no port within ${readyTimeoutMs} ms; log: ${logFile}`); }
  const origin = `http://127.0.0.1:${port}`;
  const until = Date.now() + readyTimeoutMs;
  for (;;) {
    try { const r = await fetch(`${origin}/healthz`); if (r.ok) break; } catch { /* not yet */ }
    if (Date.now() > until) { await stop(); throw new Error(`code-server /healthz not ready; log: ${logFile}`); }
    await sleep(200);
  }
  return { port, origin, pid: child.pid, logFile, stop, exited };
}

/**
 * Workbench URL that loads the extension(s) under development (and, if given, runs the tests).
 * @param {string} origin
 * @param {{ folder: string, extensionDevelopmentPaths?: string[], extensionTestsPath?: string }} what
 */
export function workbenchUrl(origin, { folder, extensionDevelopmentPaths = [], extensionTestsPath }) {
  const authority = new URL(origin).host;
  /** @param {string} p */
  const remote = (p) => `vscode-remote://${authority}${path.resolve(p)}`;
  const payload = extensionDevelopmentPaths.map((p) => ['extensionDevelopmentPath', remote(p)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  let url = `${origin}/?folder=${encodeURIComponent(path.resolve(folder))}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
  '--disable-breakpad', '--disable-crash-reporter'];

/**
 * Start Debian's Chromium headless through playwright-core (its own process group; Playwright
 * spawns browsers detached). Returns { browser, server, stop }.
 * @param {TempDirs} dirs
 */
export async function startChromium(dirs, { headless = true } = {}) {
  const { chromium } = await import('playwright-core');
  // Playwright puts its temporary profile under os.tmpdir(): keep it inside our temp root.
  process.env.TMPDIR = dirs.tmp;
  const server = await chromium.launchServer({
    executablePath: CHROMIUM, headless, args: CHROMIUM_ARGS,
    env: { ...process.env, ...xdgEnv(dirs.root), TMPDIR: dirs.tmp }, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
  });
  const pid = server.process().pid;
  const browser = await chromium.connect(server.wsEndpoint());
  const stop = async () => {
    try { await browser.close(); } catch { /* already gone */ }
    try { await server.close(); } catch { /* already gone */ }
    await killGroup(pid, 1000);
  };
  return { browser, server, pid, stop };
}

/** @param {TempDirs} dirs */
export function cleanupTemp(dirs) {
  if (process.env.FABEDGE_KEEP_TEMP) { console.log(`[host] kept temp folder ${dirs.root}`); return; }
  try { rmSync(dirs.root, { recursive: true, force: true, maxRetries: 3 }); } catch { /* best effort */ }
}
