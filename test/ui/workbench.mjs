// @ts-check
// Driving the VS Code workbench (code-server in headless Chromium, playwright-core) like a person:
// shared by the UI test (run.mjs) and the grammar-order test (grammar-order.mjs).
// Env: FABEDGE_UI_TIMEOUT_SCALE=2 multiplies every timeout.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (dom: the callbacks given to Playwright's evaluate run in the workbench page.)

/** @typedef {import('playwright-core').Page} Page */
/** @typedef {{ language: string | undefined, scopes: string[], text: string }} InspectedToken */

const scale = Number(process.env.FABEDGE_UI_TIMEOUT_SCALE ?? 1) || 1;
/**
 * A timeout in ms, scaled.
 * @param {number} ms
 */
export const T = (ms) => Math.round(ms * scale);
/** @param {number} ms */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/**
 * Text of the DOM with its no-break spaces as spaces.
 * @param {string | null | undefined} s
 */
export const norm = (s) => (s ?? '').replace(/\u00a0/g, ' ');

/**
 * @param {unknown} cond
 * @param {string} message
 * @returns {asserts cond}
 */
export function assert(cond, message) { if (!cond) throw new Error(message); }

/**
 * Polls fn(note) until it returns a truthy value. fn may call note(x) to record what it saw; the
 * timeout error names `what` and the last note (or error).
 * @template R
 * @param {string} what
 * @param {(note: (seen: unknown) => void) => Promise<R> | R} fn
 * @param {number} timeoutMs
 * @returns {Promise<Exclude<R, undefined | null | false | '' | 0>>}
 */
export async function waitUntil(what, fn, timeoutMs, intervalMs = 250) {
  const until = Date.now() + T(timeoutMs);
  /** @type {unknown} */
  let seen;
  /** @param {unknown} x */
  const note = (x) => { seen = x; };
  for (;;) {
    try {
      const v = await fn(note);
      if (v) return /** @type {Exclude<R, undefined | null | false | '' | 0>} */ (v);
    } catch (e) { seen = e instanceof Error ? e.message : e; }
    if (Date.now() > until) throw new Error(`timed out (${T(timeoutMs) / 1000}s) waiting for ${what}${seen !== undefined ? `; last seen: ${JSON.stringify(seen)?.slice(0, 500)}` : ''}`);
    await sleep(intervalMs);
  }
}

/**
 * A new page on the workbench at `url`, once it shows the folder's files (the remote connection is up).
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 */
export async function openWorkbench(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 800 }, deviceScaleFactor: 1 });
  page.setDefaultTimeout(T(30_000));
  await page.goto(url, { timeout: T(60_000) });
  await page.locator('.monaco-workbench').waitFor({ timeout: T(120_000) });
  await page.getByRole('treeitem').first().waitFor({ timeout: T(120_000) });
  return page;
}

/**
 * Opens a file by clicking its explorer item; waits until the active editor shows it.
 * @param {Page} page
 * @param {string} name
 */
export async function openFromExplorer(page, name) {
  const item = page.getByRole('treeitem', { name, exact: true }).first();
  await item.waitFor({ timeout: T(60_000) });
  await item.click();
  await page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor({ timeout: T(30_000) });
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor({ timeout: T(30_000) });
}

/**
 * F1, type `label`, wait until the focused entry is it, Enter.
 * @param {Page} page
 * @param {string} label
 */
export async function runCommand(page, label, timeoutMs = 60_000) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: T(30_000) });
  await input.fill(`>${label}`);
  const focused = page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused');
  await waitUntil(`"${label}" as the focused command palette entry`, async (note) => {
    const t = norm(await focused.first().textContent({ timeout: 1000 }).catch(() => ''));
    note(t);
    return t.includes(label);
  }, timeoutMs);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: T(30_000) });
}

/**
 * "Developer: Inspect Editor Tokens and Scopes" on the token at the cursor: `{ language, scopes,
 * text }` once `accept` takes it (the grammar may still be loading), then the widget is closed.
 * @param {Page} page
 * @param {string} what
 * @param {(token: InspectedToken) => boolean} accept
 */
export async function inspectToken(page, what, accept, timeoutMs = 30_000) {
  await runCommand(page, 'Developer: Inspect Editor Tokens and Scopes');
  const widget = page.locator('.token-inspect-widget');
  await widget.waitFor({ state: 'visible', timeout: T(30_000) });
  const token = await waitUntil(what, async (note) => {
    // innerText keeps the table's cell and line breaks (textContent runs the scopes together).
    const text = norm(await widget.evaluate((w) => /** @type {HTMLElement} */ (w).innerText));
    /** @type {InspectedToken} */
    const found = { language: /\blanguage\s+(\S+)/.exec(text)?.[1], scopes: text.split(/\s+/).filter((w) => /^[a-z][\w-]*(?:\.[\w-]+)+$/.test(w)), text };
    note(found);
    return accept(found) ? found : undefined;
  }, timeoutMs);
  await page.keyboard.press('Escape');
  return token;
}
