#!/usr/bin/env node
// @ts-check
// Grammar order: our nginx grammar and another extension's `source.nginx` grammar keep their own
// highlighting whichever registers last. VS Code keeps one grammar per scope name, the one
// registered last, and registers installed extensions before the one under development. So the
// stand-in (test/stand-ins/nginx-grammar: the NGINX language, every word scoped
// keyword.stand-in.nginx) is installed while ours is under development, then ours is installed
// (the packaged .vsix) while the stand-in is under development. In each order, on each VS Code
// version, "Developer: Inspect Editor Tokens and Scopes" on the first word must show:
//   nginx.conf  language nginx, source.nginx.fabedge, none of the stand-in's scopes
//   site.ngx    language NGINX, source.nginx and keyword.stand-in.nginx, none of ours
// With our old scope name (source.nginx) one of the two orders fails.
//
// Usage: node test/ui/grammar-order.mjs [--version 4.100.3] ...   (default: every version)
// Needs: node scripts/test-host/setup.mjs and npm run build first.
// Env: FABEDGE_UI_TIMEOUT_SCALE=2 multiplies every timeout; FABEDGE_KEEP_TEMP=1 keeps the temp folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, versionsToRun } from '../../scripts/test-host/versions.mjs';
import { cleanupTemp, makeTempRoot, startChromium, startCodeServer, workbenchUrl } from '../host/code-server.mjs';
import { installVsixes, packageVsix } from '../host/extensions.mjs';
import { nginxGrammarStandIn } from '../stand-ins/build.mjs';
import { T, inspectToken, openFromExplorer, openWorkbench } from './workbench.mjs';

const CONFIG = 'stream {\n    server {\n        listen 10.20.8.24:500 udp;\n        proxy_pass 10.20.8.23:500;\n    }\n}\n';
const FILES = [
  { name: 'nginx.conf', language: 'nginx', scope: 'source.nginx.fabedge', foreign: 'keyword.stand-in.nginx' },
  { name: 'site.ngx', language: 'NGINX', scope: 'keyword.stand-in.nginx', foreign: 'source.nginx.fabedge' },
];

const t0 = Date.now();
/** @param {string} m */
const say = (m) => console.log(`[grammar ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

/**
 * Opens each file in the workbench and checks the grammar of its first word.
 * @param {import('./workbench.mjs').Page} page
 * @param {string} label
 */
async function checkGrammars(page, label) {
  for (const file of FILES) {
    await openFromExplorer(page, file.name);
    // The cursor on the first word (`stream`).
    await page.locator('.editor-group-container.active .monaco-editor .view-line').first().click({ position: { x: 2, y: 5 } });
    await page.keyboard.press('Control+Home');
    const token = await inspectToken(page, `${file.name}: language ${file.language} with ${file.scope}`,
      ({ language, scopes }) => language === file.language && scopes.includes(file.scope), T(60_000));
    if (token.scopes.includes(file.foreign)) throw new Error(`${file.name} shows the other grammar's ${file.foreign}: ${token.scopes.join(' ')}`);
    say(`${label}: ${file.name} ${token.language} ${[...new Set(token.scopes)].join(' ')}`);
  }
}

async function main() {
  // startChromium points TMPDIR into each run's temp folder, which goes at the end of the run.
  const tmpdir = process.env.TMPDIR;
  const versions = versionsToRun(process.argv.slice(2));
  /** @type {{ label: string, ok: boolean, message?: string }[]} */
  const results = [];
  const packDir = makeTempRoot('fabedge-grammar-pack-');
  const standIn = nginxGrammarStandIn('nginx-grammar');
  const orders = [
    { name: 'stand-in registered first', installed: packageVsix(standIn, path.join(packDir.root, 'stand-in.vsix')), underDevelopment: repoRoot },
    { name: 'stand-in registered last', installed: packageVsix(repoRoot, path.join(packDir.root, 'fabedge.vsix')), underDevelopment: standIn },
  ];
  for (const version of versions) {
    for (const order of orders) {
      const label = `VS Code ${version.vscode}, ${order.name}`;
      const dirs = makeTempRoot('fabedge-grammar-');
      const workspace = path.join(dirs.root, 'ws');
      mkdirSync(workspace, { recursive: true });
      for (const file of FILES) writeFileSync(path.join(workspace, file.name), CONFIG);
      /** @type {Awaited<ReturnType<typeof startCodeServer>> | undefined} */
      let cs;
      /** @type {Awaited<ReturnType<typeof startChromium>> | undefined} */
      let chrome;
      try {
        dirs.extensions = installVsixes(version, dirs.root, [order.installed]);
        cs = await startCodeServer({ version, dirs, readyTimeoutMs: T(120_000) });
        chrome = await startChromium(dirs);
        const page = await openWorkbench(chrome.browser, workbenchUrl(cs.origin, { folder: workspace, extensionDevelopmentPaths: [order.underDevelopment] }));
        await checkGrammars(page, label);
        results.push({ label, ok: true });
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        results.push({ label, ok: false, message: message.split('\n').slice(0, 4).join('\n    ') });
        say(`FAIL ${label}: ${message}`);
        process.env.FABEDGE_KEEP_TEMP = '1';
      } finally {
        await chrome?.stop();
        await cs?.stop();
        cleanupTemp(dirs);
        if (tmpdir === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = tmpdir;
      }
    }
  }
  cleanupTemp(packDir);
  const failed = results.filter((r) => !r.ok).length;
  console.log('\nGrammar order:');
  for (const r of results) console.log(`  ${r.ok ? 'PASS' : 'FAIL'} ${r.label}${r.ok ? '' : `\n    ${r.message}`}`);
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exit(failed > 0 || results.length === 0 ? 1 : 0);
}

await main();
