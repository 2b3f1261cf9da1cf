#!/usr/bin/env node
// @ts-check
// Stand-in for the VS Code executable, for @vscode/test-electron's runTests({ vscodeExecutablePath }).
// It reads the arguments runTests passes (workspace, --extensionDevelopmentPath=, --extensionTestsPath=,
// --extensions-dir=, --user-data-dir=, plus flags it ignores), starts code-server and a headless
// Chromium, opens the workbench with the test payload and exits with the workbench's verdict
// (window.codeAutomationExit). No verdict before the timeout = failure (exit 1).
//
// Environment:
//   FABEDGE_CODE_SERVER   code-server or VS Code version to use (default: 4.100.3)
//   FABEDGE_TEST_TIMEOUT  seconds to wait for the verdict (default: 300)
//   FABEDGE_KEEP_TEMP     keep the temp folder (logs, profiles) for debugging
// Everything else in the environment (e.g. FABEDGE_TEST_RESULTS) reaches the extension host.
import path from 'node:path';
import { format } from 'node:util';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { startCodeServer, startChromium, workbenchUrl, makeTempRoot, cleanupTemp, DEFAULT_VERSION } from './code-server.mjs';
import { findVersion, repoRoot } from '../../scripts/test-host/versions.mjs';

// Workbench chatter that says nothing about the tests (no internet: the gallery is unreachable).
const NOISE = [/open-vsx\.org|marketplace|ENOTFOUND/i, /authentication provider 'github'/,
  /^(Resolving|Resolved) connection token|^Creating a socket|^\[Service Worker\]|^Updating additional builtin|^ChatSessionStore/,
  /^\[(AccountPolicyGate|AgentHost[^\]]*|reconnection-grace-time)\]/];

const argv = process.argv.slice(2);
/** @type {string[]} */
const devPaths = [];
/** @type {string | undefined} */
let testsPath;
/** @type {string | undefined} */
let extensionsDir;
/** @type {string[]} */
const positional = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const [flag, inline] = a.startsWith('--') ? [a.split('=')[0], a.includes('=') ? a.slice(a.indexOf('=') + 1) : undefined] : [a];
  const value = () => inline ?? argv[++i];
  switch (flag) {
    case '--extensionDevelopmentPath': devPaths.push(value()); break;
    case '--extensionTestsPath': testsPath = value(); break;
    case '--extensions-dir': extensionsDir = value(); break;
    case '--user-data-dir': value(); break; // always fresh
    default: if (!a.startsWith('-')) positional.push(a); // other flags (--no-sandbox, --skip-welcome, ...) do not apply
  }
}
// runTests adds --extensions-dir=<cwd>/.vscode-test/extensions by default; only an explicitly chosen folder is used.
const defaultExtDir = path.join('.vscode-test', 'extensions');
if (extensionsDir && path.resolve(extensionsDir).endsWith(path.sep + defaultExtDir)) extensionsDir = undefined;

const folder = positional[0];
if (!folder || !testsPath || devPaths.length === 0) {
  console.error('launcher: usage: launcher.mjs WORKSPACE --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [--extensions-dir=DIR]');
  process.exit(2);
}
const version = findVersion(process.env.FABEDGE_CODE_SERVER ?? DEFAULT_VERSION.codeServer);
const timeoutMs = Number(process.env.FABEDGE_TEST_TIMEOUT ?? 300) * 1000;
const t0 = Date.now();
/** @param {string} m */
const say = (m) => console.log(`[launcher ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

const dirs = makeTempRoot();
if (extensionsDir) dirs.extensions = path.resolve(extensionsDir);

/** @type {Awaited<ReturnType<typeof startCodeServer>> | undefined} */
let cs;
/** @type {Awaited<ReturnType<typeof startChromium>> | undefined} */
let chrome;
let verdict = 1;
let stopping = false;
async function shutdown() {
  if (stopping) return; stopping = true;
  await chrome?.stop();
  await cs?.stop();
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, async () => { say(`${sig}: stopping`); await shutdown(); cleanupTemp(dirs); process.exit(130); });

try {
  // VS Code resolves --locale through languagepacks.json in the user-data folder, which it writes
  // only when a pack is installed through the UI; the runner hands us that file for a fresh profile.
  if (process.env.FABEDGE_LANGUAGE_PACKS) writeFileSync(path.join(dirs.userData, 'languagepacks.json'), process.env.FABEDGE_LANGUAGE_PACKS);
  cs = await startCodeServer({ version, workspace: folder, dirs, locale: process.env.FABEDGE_LOCALE });
  say(`code-server ${version.codeServer} (VS Code ${version.vscode}) ready at ${cs.origin}`);
  chrome = await startChromium(dirs);
  const page = await chrome.browser.newPage();
  /** @type {(code: number) => void} */
  let resolveVerdict = () => {};
  /** @type {Promise<number>} */
  const verdictPromise = new Promise((r) => { resolveVerdict = r; });
  await page.exposeFunction('codeAutomationLog', (/** @type {string} */ type, /** @type {unknown} */ args) => {
    // The extension host's console calls, forwarded by the workbench (args may start with a format string).
    const line = format(...(Array.isArray(args) ? args : [args])).split('\n').filter((l) => !/^\s+at .*\/static\/out\/vs\//.test(l)).join('\n');
    if (NOISE.some((re) => re.test(line))) return;
    (type === 'error' ? console.error : console.log)(line);
  });
  await page.exposeFunction('codeAutomationExit', (/** @type {unknown} */ code) => { resolveVerdict(Number(code)); });
  page.on('pageerror', (e) => say(`page error: ${String(e).slice(0, 300)}`));
  const codeServer = cs;
  const url = workbenchUrl(codeServer.origin, { folder, extensionDevelopmentPaths: devPaths, extensionTestsPath: testsPath });
  await page.goto(url);
  say(`workbench opened; waiting up to ${timeoutMs / 1000}s for the verdict`);
  verdict = await Promise.race([
    verdictPromise,
    codeServer.exited.then((c) => { if (!stopping) say(`code-server exited (code ${c}) before a verdict`); return 1; }),
    new Promise((/** @type {(code: number) => void} */ r) => setTimeout(() => { say(`no verdict within ${timeoutMs / 1000}s: failure`); r(1); }, timeoutMs).unref()),
  ]);
  say(`verdict: ${verdict === 0 ? 'tests passed' : `tests failed (exit ${verdict})`}`);
} catch (e) {
  say(`error: ${e instanceof Error ? (e.stack ?? e) : e}`);
  verdict = 1;
}
await shutdown();
if (verdict !== 0 && cs && existsSync(cs.logFile)) {
  // Keep the code-server log for post-mortems.
  const keep = path.join(repoRoot, '.vscode-test', 'logs', `code-server-${version.codeServer}-last-failure.log`);
  mkdirSync(path.dirname(keep), { recursive: true });
  copyFileSync(cs.logFile, keep);
  say(`code-server log tail (full: ${keep}):\n${readFileSync(keep, 'utf8').slice(-1500)}`);
}
cleanupTemp(dirs);
process.exit(verdict);
