#!/usr/bin/env node
// `npm run screenshots`: open examples/nginx-proxy in an Extension Development Host (code-server +
// headless Debian Chromium via playwright-core), open values.yaml, show the Problems panel and write
// images/screenshot-problems.png for the README.
//
// Options: --no-build  --version 4.139.1  --out images/screenshot-problems.png
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_VERSION, findVersion, repoRoot } from './test-host/versions.mjs';
import { startCodeServer, startChromium, workbenchUrl, makeTempRoot, cleanupTemp } from '../test/host/code-server.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : dflt; };
const version = findVersion(opt('--version', DEFAULT_VERSION.codeServer));
const out = path.resolve(repoRoot, opt('--out', path.join('images', 'screenshot-problems.png')));
const folder = path.join(repoRoot, 'examples', 'nginx-proxy');
const t0 = Date.now();
const say = (m) => console.log(`[screenshots ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

function step(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) { console.error(`screenshots: ${cmd} ${args.join(' ')} failed`); process.exit(r.status ?? 1); }
}
if (!argv.includes('--no-build')) step('npm', ['run', '--silent', 'build']);
step(process.execPath, [path.join(repoRoot, 'scripts', 'test-host', 'setup.mjs'), '--version', version.codeServer, '--fonts']);

const dirs = makeTempRoot('fabedge-shots-');
let cs, chrome, code = 1;
try {
  cs = await startCodeServer({ version, workspace: folder, dirs });
  chrome = await startChromium(dirs);
  const page = await chrome.browser.newPage({ viewport: { width: 1400, height: 800 }, deviceScaleFactor: 1 });
  await page.goto(workbenchUrl(cs.origin, { folder, extensionDevelopmentPaths: [repoRoot] }));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  say('workbench ready');
  const item = page.getByRole('treeitem', { name: 'values.yaml' }).first();
  await item.waitFor({ timeout: 30_000 });
  await item.click();
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 30_000 });
  say('values.yaml open');
  // Wait for the extension's finding: the squiggle in the editor, then the row in the Problems panel.
  await page.locator('.squiggly-info, .squiggly-warning, .squiggly-error').first().waitFor({ timeout: 60_000 });
  await page.locator('.monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+Shift+M');
  const panel = page.locator('.markers-panel');
  await panel.waitFor({ timeout: 30_000 });
  await panel.getByText('values-legacy-layout').first().waitFor({ timeout: 30_000 });
  say('Problems panel shows values-legacy-layout');
  // Put the cursor back in the editor on the finding's line so the panel row is not drawn selected.
  await page.locator('.monaco-editor .view-line').nth(3).click();
  // Hide toasts (e.g. the unreachable extension gallery) so the picture shows only the editor.
  await page.evaluate(() => document.querySelectorAll('.notifications-toasts').forEach((e) => { e.style.display = 'none'; }));
  await page.waitForTimeout(500);
  mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  say(`wrote ${path.relative(repoRoot, out)}`);
  code = 0;
} catch (e) {
  console.error(`screenshots failed: ${e.stack ?? e}\ncode-server log: ${cs?.logFile}`);
  const shot = path.join(repoRoot, '.vscode-test', 'logs', 'screenshot-failure.png');
  try { await chrome?.browser.contexts()[0]?.pages()[0]?.screenshot({ path: shot }); console.error(`state at failure: ${shot}`); } catch { /* no page */ }
  process.env.FABEDGE_KEEP_TEMP = '1';
} finally {
  await chrome?.stop();
  await cs?.stop();
  cleanupTemp(dirs);
}
process.exit(code);
