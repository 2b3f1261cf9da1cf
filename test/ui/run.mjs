#!/usr/bin/env node
// @ts-check
// UI test: drive a real VS Code workbench (code-server 4.100.3 + headless Debian Chromium through
// playwright-core) like a person, with this extension loaded as Extension Development Host, and
// assert every step. Its screenshots are the README's pictures (`npm run screenshots` passes
// --out-dir images).
//
//   problems   examples/nginx-proxy: values.yaml shows values-legacy-layout in the Problems panel
//   finding    current-chart with connectorPublicAddresses = the connector (10.20.8.23): squiggle
//              under the address, Problems row public-address-bypasses-proxy
//   quick-fix  Control+. on the address offers "Replace with 10.20.8.24"; choose it, save, the file
//              on disk says "- 10.20.8.24" and the squiggle is gone
//   codelens   the lens above connectorPublicAddresses shows the path edges → proxy → connector
//   scopes     nginx.conf: Developer: Inspect Editor Tokens and Scopes on `stream` lists
//              source.nginx.fabedge and a keyword scope (our grammar)
//   generate   a workspace with only values.yaml: "FabEdge: Generate the nginx proxy for this values
//              file" opens fabedge-connector.stream.conf with the listens and upstream servers
//
// Every workspace is a temp copy (the test edits files). One code-server and one Chromium serve all
// workspaces (a new page per folder); both are stopped by their process-group ids at the end.
//
// Usage: node test/ui/run.mjs [--out-dir DIR] [--version 4.100.3] [--headed]
//   --out-dir: where the PNGs go (default .vscode-test/screenshots; `npm run screenshots`: images)
// Needs: node scripts/test-host/setup.mjs and npm run build (dist/extension.js) first.
// Env: FABEDGE_UI_TIMEOUT_SCALE=2 multiplies every timeout; FABEDGE_KEEP_TEMP=1 keeps the temp folder.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (dom: the callbacks given to Playwright's evaluate run in the workbench page.)
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_VERSION, findVersion, isInstalled, optionValue, repoRoot } from '../../scripts/test-host/versions.mjs';
import { startCodeServer, startChromium, workbenchUrl, makeTempRoot, cleanupTemp } from '../host/code-server.mjs';
import { T, assert, inspectToken, norm, openFromExplorer as openFileFromExplorer, openWorkbench, runCommand as runCommandOn, waitUntil } from './workbench.mjs';

const argv = process.argv.slice(2);
const version = findVersion(optionValue(argv, '--version', DEFAULT_VERSION.codeServer));
const outDir = path.resolve(repoRoot, optionValue(argv, '--out-dir', path.join('.vscode-test', 'screenshots')));
const failDir = path.join(repoRoot, '.vscode-test', 'logs');

const t0 = Date.now();
const secs = (from = t0) => ((Date.now() - from) / 1000).toFixed(1);
/** @param {string} m */
const say = (m) => console.log(`[ui ${secs()}s] ${m}`);

// ---------------------------------------------------------------------------------------------
// Steps: each has a timeout; a failed step fails the ones after it in the same workspace.

/** @typedef {import('./workbench.mjs').Page} Page */
/** @typedef {[name: string, timeoutMs: number, run: () => Promise<unknown>]} Step */

/** @type {{ name: string, ok: boolean, seconds: string, message?: string }[]} */
const results = [];
/**
 * The page of the current workspace; openWorkspace sets it before the first step uses it.
 * @type {Page}
 */
let page;

class StepTimeout extends Error {}

/**
 * @param {Step[0]} name
 * @param {Step[1]} timeoutMs
 * @param {Step[2]} fn
 */
async function step(name, timeoutMs, fn) {
  const started = Date.now();
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  try {
    await Promise.race([fn(), new Promise((_, reject) => { timer = setTimeout(() => reject(new StepTimeout(`step timed out after ${timeoutMs / 1000}s`)), timeoutMs); })]);
    results.push({ name, ok: true, seconds: secs(started) });
    say(`PASS ${name} (${secs(started)}s)`);
    return true;
  } catch (e) {
    const message = (e instanceof Error ? e.message : String(e)).split('\n').slice(0, 6).join('\n    ');
    results.push({ name, ok: false, seconds: secs(started), message });
    say(`FAIL ${name} (${secs(started)}s): ${message}`);
    try {
      mkdirSync(failDir, { recursive: true });
      const shot = path.join(failDir, `ui-failure-${name.replace(/:.*/, '')}.png`);
      await page?.screenshot({ path: shot, timeout: 10_000 });
      say(`     state at failure: ${path.relative(repoRoot, shot)}`);
    } catch { /* no page */ }
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs the steps in order; after a failure the rest are reported as failed (not run).
 * @param {Step[]} steps
 */
async function group(steps) {
  let ok = true;
  for (const [name, timeoutMs, fn] of steps) {
    if (!ok) { results.push({ name, ok: false, seconds: '0.0', message: 'not run: an earlier step in this workspace failed' }); say(`FAIL ${name}: not run (earlier step failed)`); continue; }
    ok = await step(name, T(timeoutMs), fn);
  }
  return ok;
}

// ---------------------------------------------------------------------------------------------
// Workbench helpers

/**
 * @param {Awaited<ReturnType<typeof startCodeServer>>} cs
 * @param {Awaited<ReturnType<typeof startChromium>>} chrome
 * @param {string} folder
 */
async function openWorkspace(cs, chrome, folder) {
  if (page) await page.close().catch(() => {});
  page = await openWorkbench(chrome.browser, workbenchUrl(cs.origin, { folder, extensionDevelopmentPaths: [repoRoot] }));
  return page;
}

const openFromExplorer = (/** @type {string} */ name) => openFileFromExplorer(page, name);

const activeEditor = () => page.locator('.editor-group-container.active .monaco-editor').first();

/** The visible lines of the active editor in display order: [{ text, top, bottom, left }]. */
async function editorLines() {
  return activeEditor().evaluate((ed) => [...ed.querySelectorAll('.view-lines .view-line')]
    .map((l) => { const r = l.getBoundingClientRect(); return { text: (l.textContent ?? '').replace(/\u00a0/g, ' '), top: r.top, bottom: r.bottom, left: r.left }; })
    .sort((a, b) => a.top - b.top));
}

/**
 * The page rectangle of `needle` on the first editor line that contains it after the line that
 * contains `after` (if given).
 * @param {string} needle
 * @param {string} [after]
 */
async function textRect(needle, after) {
  return activeEditor().evaluate((ed, { needle, after }) => {
    const lines = [...ed.querySelectorAll('.view-lines .view-line')].sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
    let start = 0;
    if (after) { start = lines.findIndex((l) => l.textContent.replace(/\u00a0/g, ' ').includes(after)) + 1; if (start === 0) return null; }
    for (const line of lines.slice(start)) {
      /** @type {Text[]} */
      const nodes = [];
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(/** @type {Text} */ (n));
      const full = nodes.map((n) => n.data.replace(/\u00a0/g, ' ')).join('');
      const at = full.indexOf(needle);
      if (at < 0) continue;
      const range = document.createRange();
      let offset = 0;
      for (const n of nodes) {
        const end = offset + n.data.length;
        if (offset <= at && at < end) range.setStart(n, at - offset);
        if (offset < at + needle.length && at + needle.length <= end) range.setEnd(n, at + needle.length - offset);
        offset = end;
      }
      const r = range.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    }
    return null;
  }, { needle, after });
}

/**
 * Places the cursor inside `needle` (on the first line after `after`) with a mouse click.
 * @param {string} needle
 * @param {string} [after]
 */
async function clickText(needle, after) {
  const r = await textRect(needle, after);
  assert(r, `"${needle}" is not shown in the editor${after ? ` after "${after}"` : ''}`);
  await page.mouse.click(r.left + Math.min(6, (r.right - r.left) / 2), (r.top + r.bottom) / 2);
  return r;
}

/** Clicks into the active editor's text (like a person) and waits until the editor has the focus. */
async function focusEditor() {
  const lines = await editorLines();
  assert(lines.length, 'the active editor shows no lines');
  await page.mouse.click(lines[0].left + 20, (lines[0].top + lines[0].bottom) / 2);
  await activeEditor().and(page.locator('.monaco-editor.focused')).waitFor({ timeout: T(10_000) });
}

/** The language mode in the status bar (e.g. "YAML"). */
const statusLanguage = () => page.locator('#status\\.editor\\.mode').textContent({ timeout: 1000 }).then(norm).then((t) => t.trim()).catch(() => '');

const runCommand = (/** @type {string} */ label, /** @type {number} */ timeoutMs) => runCommandOn(page, label, timeoutMs);

async function hideToasts() {
  await page.evaluate(() => document.querySelectorAll('.notifications-toasts, .notification-toast-container').forEach((e) => { /** @type {HTMLElement} */ (e).style.display = 'none'; }));
}

/** @param {string} file */
async function shoot(file) {
  await hideToasts();
  // Park the mouse over the explorer's empty space: no editor hover in the picture.
  await page.mouse.move(200, 650);
  // Let the workbench finish painting (cursor blink/layout) after the last DOM change.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, file);
  await page.screenshot({ path: out, timeout: T(30_000) });
  say(`     wrote ${path.relative(repoRoot, out) || out}`);
  shots.push(out);
}
/** @type {string[]} */
const shots = [];

/** @param {string} code */
async function problemsPanelShows(code) {
  // Focus the editor first: Control+Shift+M is a workbench keybinding.
  await activeEditor().locator('textarea').first().focus();
  await page.keyboard.press('Control+Shift+M');
  const panel = page.locator('.markers-panel');
  await panel.waitFor({ state: 'visible', timeout: T(30_000) });
  await panel.locator('.monaco-list-row', { hasText: code }).first().waitFor({ timeout: T(60_000) });
}

// ---------------------------------------------------------------------------------------------

async function main() {
  if (!isInstalled(version)) { console.error(`code-server ${version.codeServer} is not installed: run node scripts/test-host/setup.mjs`); process.exit(1); }
  if (!existsSync(path.join(repoRoot, 'dist', 'extension.js'))) { console.error('dist/extension.js is missing: run npm run build'); process.exit(1); }

  const dirs = makeTempRoot('fabedge-ui-');
  // Workspaces (temp copies; the test edits them).
  const ws = path.join(dirs.root, 'ws');
  const problemsWs = path.join(ws, 'nginx-proxy');
  cpSync(path.join(repoRoot, 'examples', 'nginx-proxy'), problemsWs, { recursive: true });
  const chartWs = path.join(ws, 'current-chart');
  cpSync(path.join(repoRoot, 'examples', 'current-chart'), chartWs, { recursive: true });
  const chartValues = path.join(chartWs, 'values.yaml');
  const original = readFileSync(chartValues, 'utf8');
  // connectorPublicAddresses: the connector (10.20.8.23) instead of the proxy (10.20.8.24).
  const bypass = original.replace(/(connectorPublicAddresses:\n\s*- )10\.20\.8\.24/, '$110.20.8.23');
  if (bypass === original) { console.error('test/ui: examples/current-chart/values.yaml no longer lists 10.20.8.24 under connectorPublicAddresses'); process.exit(1); }
  writeFileSync(chartValues, bypass);
  const genWs = path.join(ws, 'values-only');
  mkdirSync(genWs, { recursive: true });
  writeFileSync(path.join(genWs, 'values.yaml'), original);

  /** @type {Awaited<ReturnType<typeof startCodeServer>> | undefined} */
  let cs;
  /** @type {Awaited<ReturnType<typeof startChromium>> | undefined} */
  let chrome;
  /** @type {unknown} */
  let fatal;
  try {
    say(`code-server ${version.codeServer} (VS Code ${version.vscode}); screenshots → ${path.relative(repoRoot, outDir) || outDir}`);
    const server = cs = await startCodeServer({ version, dirs, readyTimeoutMs: T(120_000) });
    const browser = chrome = await startChromium(dirs, { headless: !argv.includes('--headed') });
    say(`code-server on ${server.origin} (pgid ${server.pid}), chromium pgid ${browser.pid}`);

    // --- examples/nginx-proxy: the README's first picture -----------------------------------
    await group([
      ['problems: open examples/nginx-proxy', 180_000, () => openWorkspace(server, browser, problemsWs)],
      ['problems: values-legacy-layout in the Problems panel', 180_000, async () => {
        await openFromExplorer('values.yaml');
        await page.locator('.squiggly-info, .squiggly-warning, .squiggly-error').first().waitFor({ timeout: T(120_000) });
        await problemsPanelShows('values-legacy-layout');
        // Cursor back in the editor so the panel row is not drawn selected.
        const lines = await editorLines();
        await page.mouse.click(lines[3].left + 40, (lines[3].top + lines[3].bottom) / 2);
        await shoot('screenshot-problems.png');
      }],
    ]);

    // --- current-chart with the bypass: finding, quick fix, CodeLens, grammar ----------------
    const A = 'connectorPublicAddresses';
    await group([
      ['finding: open current-chart (connectorPublicAddresses: 10.20.8.23)', 180_000, () => openWorkspace(server, browser, chartWs)],
      ['finding: squiggle under 10.20.8.23 and public-address-bypasses-proxy in Problems', 180_000, async () => {
        await openFromExplorer('values.yaml');
        const squiggle = page.locator('.squiggly-warning').first();
        await squiggle.waitFor({ timeout: T(120_000) });
        // Under the address: the squiggle spans the address's columns on its line.
        await waitUntil('a .squiggly-warning under 10.20.8.23 (the line after connectorPublicAddresses)', async (note) => {
          const r = await textRect('10.20.8.23', A);
          const boxes = await page.locator('.squiggly-warning').evaluateAll((els) => els.map((e) => { const b = e.getBoundingClientRect(); return { left: b.left, right: b.right, top: b.top, bottom: b.bottom }; }));
          note({ address: r, squiggles: boxes });
          return r && boxes.some((b) => b.top < r.bottom && b.bottom > r.top && Math.abs(b.left - r.left) < 3 && Math.abs(b.right - r.right) < 3);
        }, 30_000);
        await problemsPanelShows('public-address-bypasses-proxy');
        const row = norm(await page.locator('.markers-panel .monaco-list-row', { hasText: 'public-address-bypasses-proxy' }).first().textContent());
        assert(row.includes('10.20.8.23'), `the Problems row does not name the address: "${row}"`);
        // Cursor back on the finding's line (unselected Problems row, hover-free picture).
        await clickText(A);
        await shoot('screenshot-finding.png');
      }],
      ['quick-fix: Control+. offers "Replace with 10.20.8.24"; applied and saved', 180_000, async () => {
        const widget = page.locator('.action-widget');
        const fix = widget.locator('.monaco-list-row', { hasText: 'Replace with 10.20.8.24' }).first();
        // The light bulb's actions come from the language server: retry Control+. until they are listed.
        await waitUntil('the action widget listing "Replace with 10.20.8.24"', async (note) => {
          // Clicked again on each try: a CodeLens that appears between measuring the address and
          // the click moves the lines down, and the cursor would stay on the line above.
          if (!(await widget.isVisible())) {
            await clickText('10.20.8.23', A);
            await page.keyboard.press('Control+.');
          }
          await fix.waitFor({ state: 'visible', timeout: T(5_000) }).catch(() => {});
          note(norm(await widget.textContent({ timeout: 1000 }).catch(() => '(no action widget)')));
          if (await fix.isVisible()) return true;
          // Asked before the server had the fix: close the widget and ask again.
          if (await widget.isVisible()) await page.keyboard.press('Escape');
          return false;
        }, 60_000, 500);
        await shoot('screenshot-quick-fix.png');
        // Choose it with the keyboard (the widget's rows never count as "stable" for a click):
        // move the focus onto the fix, then Enter.
        const focused = widget.locator('.monaco-list-row.focused');
        await waitUntil('the fix focused in the action widget', async (note) => {
          const label = await focused.first().getAttribute('aria-label', { timeout: 1000 }).catch(() => null);
          note(label);
          if (label === 'Replace with 10.20.8.24') return true;
          await page.keyboard.press('ArrowDown');
          return false;
        }, 15_000, 200);
        await page.keyboard.press('Enter');
        await widget.waitFor({ state: 'hidden', timeout: T(10_000) });
        await page.keyboard.press('Control+S');
        await waitUntil('values.yaml on disk to list "- 10.20.8.24" under connectorPublicAddresses', () => {
          const text = readFileSync(chartValues, 'utf8');
          return /connectorPublicAddresses:\n\s*- 10\.20\.8\.24\n/.test(text) && !/connectorPublicAddresses:\n\s*- 10\.20\.8\.23/.test(text);
        }, 30_000);
        await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: T(30_000) });
        await waitUntil('the squiggle to go', async () => (await page.locator('.squiggly-warning').count()) === 0, 60_000);
      }],
      ['codelens: edges → 10.20.8.24 UDP 500, 4500 (nginx.conf:14, nginx.conf:18) → connector 10.20.8.23 above connectorPublicAddresses', 120_000, async () => {
        const want = 'edges → 10.20.8.24 UDP 500, 4500 (nginx.conf:14, nginx.conf:18) → connector 10.20.8.23';
        const lens = await waitUntil(`the CodeLens "${want}"`, async (note) => {
          const lenses = await activeEditor().locator('.codelens-decoration').evaluateAll((els) => els.map((e) => { const b = e.getBoundingClientRect(); return { text: e.textContent.replace(/\u00a0/g, ' '), top: b.top, bottom: b.bottom }; }));
          note(lenses.map((l) => l.text));
          return lenses.find((l) => l.text.includes(want));
        }, 90_000);
        const lines = await editorLines();
        const line = lines.find((l) => l.text.includes(`${A}:`));
        assert(line, 'connectorPublicAddresses is not shown');
        // The lens sits in the view zone directly above the line.
        assert(lens.bottom <= line.top + 2 && line.top - lens.bottom < (line.bottom - line.top) * 1.5,
          `the CodeLens is not directly above connectorPublicAddresses (lens ${lens.top}–${lens.bottom}, line ${line.top}–${line.bottom})`);
        // Editor only for this picture: close the panel (Control+J toggles it).
        await page.keyboard.press('Control+J');
        await page.locator('.markers-panel').waitFor({ state: 'hidden', timeout: T(10_000) }).catch(() => say('     (the Problems panel stayed open)'));
        await clickText(A);
        await shoot('screenshot-codelens.png');
      }],
      ['scopes: Inspect Editor Tokens and Scopes on `stream` in nginx.conf shows source.nginx.fabedge and keyword.*.nginx', 150_000, async () => {
        await openFromExplorer('nginx.conf');
        // Wait for the grammar's tokens: `stream` rendered in its own span.
        await waitUntil('tokenized nginx.conf', async () => activeEditor().evaluate((ed) => [...ed.querySelectorAll('.view-line span span')].some((s) => s.textContent === 'stream')), 60_000);
        await clickText('stream');
        const token = await inspectToken(page, 'textmate scopes of our grammar in the inspect widget',
          ({ language, scopes }) => language === 'nginx' && scopes.includes('source.nginx.fabedge') && scopes.some((scope) => scope.startsWith('keyword.') && scope.endsWith('.nginx')));
        assert(token.text.includes('stream'), 'the widget does not describe the token `stream`');
        say(`     scopes: ${[...new Set(token.scopes)].join(', ')}`);
      }],
    ]);

    // --- a workspace with only values.yaml: generate the proxy -----------------------------
    const generated = path.join(genWs, 'fabedge-connector.stream.conf');
    await group([
      ['generate: open a workspace with only values.yaml', 180_000, () => openWorkspace(server, browser, genWs)],
      ['generate: "FabEdge: Generate the nginx proxy for this values file" opens fabedge-connector.stream.conf; saved to disk', 240_000, async () => {
        await openFromExplorer('values.yaml');
        // The palette lists the command only while a YAML editor has the focus (menus.commandPalette
        // `editorLangId == yaml`), and it needs the language server: click into the text, wait for
        // the YAML language mode, then run it; retry until the new editor opens.
        const tab = page.locator('.tabs-container .tab[aria-label^="fabedge-connector.stream.conf"]');
        await waitUntil('an editor for fabedge-connector.stream.conf', async (note) => {
          if (await page.locator('.quick-input-widget').isVisible()) await page.keyboard.press('Escape');
          await focusEditor();
          await waitUntil('the YAML language mode in the status bar', async (n) => { const l = await statusLanguage(); n(l); return /\bYAML\b/.test(l); }, 30_000);
          try {
            await runCommand('FabEdge: Generate the nginx proxy for this values file', 15_000);
          } catch (e) { note(e instanceof Error ? e.message : e); return false; }
          await tab.first().waitFor({ timeout: T(15_000) }).catch(() => {});
          return tab.first().isVisible();
        }, 150_000, 1000);
        await page.locator('.tabs-container .tab.active[aria-label^="fabedge-connector.stream.conf"]').waitFor({ timeout: T(15_000) });
        const text = await waitUntil('listen 10.20.8.24:500 udp and server 10.20.8.23:4500; in the new editor', async () => {
          const t = (await editorLines()).map((l) => l.text).join('\n');
          return t.includes('listen 10.20.8.24:500 udp') && t.includes('server 10.20.8.23:4500;') ? t : undefined;
        }, 30_000);
        assert(text, 'generated text');
        await page.keyboard.press('Control+S');
        await waitUntil('fabedge-connector.stream.conf on disk with the listen and the upstream server', () => {
          if (!existsSync(generated)) return undefined;
          const t = readFileSync(generated, 'utf8');
          return t.includes('listen 10.20.8.24:500 udp') && t.includes('server 10.20.8.23:4500;');
        }, 30_000);
        await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached', timeout: T(30_000) });
        await shoot('screenshot-generated-proxy.png');
      }],
    ]);
  } catch (e) {
    fatal = e;
    console.error(`[ui] ${e instanceof Error ? (e.stack ?? e) : e}`);
  } finally {
    await chrome?.stop();
    await cs?.stop();
  }

  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed + (fatal ? 1 : 0);
  console.log('\nUI test (code-server ' + version.codeServer + '):');
  for (const r of results) console.log(`  ${r.ok ? 'PASS' : 'FAIL'} ${r.name} (${r.seconds}s)${r.ok ? '' : `\n    ${r.message}`}`);
  if (fatal) console.log(`  FAIL set-up: ${fatal instanceof Error ? fatal.message : fatal}`);
  console.log(`${passed} passed, ${failed} failed in ${secs()}s`);
  if (failed || passed === 0) {
    process.env.FABEDGE_KEEP_TEMP = '1';
    console.log(`code-server log: ${cs?.logFile ?? '(not started)'}`);
  }
  cleanupTemp(dirs);
  process.exit(failed || passed === 0 ? 1 : 0);
}

await main();
