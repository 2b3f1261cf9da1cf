#!/usr/bin/env node
// @ts-check
// Run the in-editor suites (test/editor/suite/**/*.test.ts) in real VS Code builds (code-server),
// through @vscode/test-electron's runTests with our launcher as the "VS Code executable".
// Prints per version "N passed, N failed"; exits non-zero if any version fails or runs no tests.
//
// Usage: node test/host/run.mjs [--version 4.100.3] [--version 1.139.1] ...   (default: every version)
// Needs: node scripts/test-host/setup.mjs and npm run build (dist/extension.js) first.
import { runTests } from '@vscode/test-electron';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, versionsToRun } from '../../scripts/test-host/versions.mjs';
import { buildTests } from './build-tests.mjs';
import { installVsixes, packageVsix } from './extensions.mjs';
import { standInVsixes } from '../stand-ins/build.mjs';

/** The suite that runs with stand-ins of other extensions beside ours (test/stand-ins), and only then. */
const COMPANIONS_SUITE = 'beside other extensions';
const COMPANIONS = ['redhat.vscode-yaml', 'fabedge-test.nginx-grammar-stand-in'];

/**
 * What the suites' index.ts writes to FABEDGE_TEST_RESULTS.
 * @typedef {{ passed?: number, failed?: number, metrics?: Record<string, string> }} SuiteResults
 */

/**
 * Run one compiled suite on one version. Returns { ok, passed, failed, summary, results }.
 * Used by test/vsix/run.mjs as well.
 * @param {object} suite
 * @param {import('../../scripts/test-host/versions.mjs').HostVersion} suite.version
 * @param {string} suite.name
 * @param {string} suite.extensionDevelopmentPath
 * @param {string} suite.extensionTestsPath
 * @param {string} suite.workspace
 * @param {string} [suite.extensionsDir] default: a fresh one
 * @param {Record<string, string>} [suite.env] for the extension host
 * @param {string} [suite.label] default: name
 */
export async function runSuite({ version, name, extensionDevelopmentPath, extensionTestsPath, workspace, extensionsDir, env = {}, label = name }) {
  // A private results file (several runs may share the working tree); a copy is kept as
  // .vscode-test/results/<name>-<vscode version>.json for inspection.
  const resultsDir = mkdtempSync(path.join(os.tmpdir(), 'fabedge-results-'));
  const resultsFile = path.join(resultsDir, 'results.json');
  const keptFile = path.join(repoRoot, '.vscode-test', 'results', `${label}-${version.vscode}.json`);
  mkdirSync(path.dirname(keptFile), { recursive: true });
  rmSync(keptFile, { force: true });
  const launchArgs = [workspace];
  if (extensionsDir) launchArgs.push(`--extensions-dir=${extensionsDir}`);
  const t0 = Date.now();
  let exitOk = true;
  try {
    await runTests({
      vscodeExecutablePath: path.join(repoRoot, 'test', 'host', 'launcher.mjs'),
      extensionDevelopmentPath, extensionTestsPath, launchArgs,
      extensionTestsEnv: { ...env, FABEDGE_CODE_SERVER: version.codeServer, FABEDGE_TEST_RESULTS: resultsFile },
    });
  } catch (e) {
    exitOk = false;
    console.error(`[run] ${name} on VS Code ${version.vscode}: ${e instanceof Error ? e.message : e}`);
  }
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  /** @type {SuiteResults | undefined} */
  let results;
  try { results = JSON.parse(readFileSync(resultsFile, 'utf8')); copyFileSync(resultsFile, keptFile); } catch { /* none */ }
  rmSync(resultsDir, { recursive: true, force: true });
  const passed = results?.passed ?? 0;
  const failed = results?.failed ?? 0;
  const ok = exitOk && !!results && failed === 0 && passed > 0;
  const extra = results ? '' : ' (no results file: the suite did not finish)';
  const m = results?.metrics ?? {};
  const metricText = Object.keys(m).length ? ` [${Object.entries(m).map(([k, v]) => `${k}=${v}`).join(', ')}]` : '';
  const summary = `${label} on VS Code ${version.vscode} (code-server ${version.codeServer}): ${passed} passed, ${failed} failed in ${seconds}s${extra}${metricText}`;
  return { ok, passed, failed, summary, results };
}

/**
 * An extensions folder holding the test-only Chinese language pack (test/locale-pack): VS Code
 * honours `--locale zh-cn` only for a language an installed pack contributes.
 * @param {import('../../scripts/test-host/versions.mjs').HostVersion} version
 * @param {string} scratch
 */
function chineseExtensionsDir(version, scratch) {
  const vsix = packageVsix(path.join(repoRoot, 'test', 'locale-pack'), path.join(scratch, 'zh-pack.vsix'));
  const extensions = installVsixes(version, scratch, [vsix]);
  const folder = readdirSync(extensions).find((name) => name.startsWith('fabedge-test.fabedge-test-language-pack-zh-cn'));
  if (!folder) throw new Error('the test language pack did not install');
  const languagePacks = {
    'zh-cn': {
      hash: 'fabedge-test-zh-cn-1',
      extensions: [{ extensionIdentifier: { id: 'fabedge-test.fabedge-test-language-pack-zh-cn' }, version: '1.0.0' }],
      translations: { vscode: path.join(extensions, folder, 'translations', 'main.i18n.json') },
      label: '中文(简体)',
    },
  };
  return { extensions, languagePacks: JSON.stringify(languagePacks) };
}

async function main() {
  const versions = versionsToRun(process.argv.slice(2));
  const extensionTestsPath = await buildTests('editor');
  const companions = await standInVsixes();
  /** @type {string[]} */
  const summaries = [];
  let ok = true;
  for (const version of versions) {
    // The suites edit, create and delete files: each run gets its own copy of the example.
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'fabedge-editor-ws-'));
    const workspace = path.join(scratch, 'nginx-proxy');
    cpSync(path.join(repoRoot, 'examples', 'nginx-proxy'), workspace, { recursive: true });
    const r = await runSuite({ version, name: 'editor', extensionDevelopmentPath: repoRoot, extensionTestsPath, workspace,
      env: { FABEDGE_TEST_GREP: COMPANIONS_SUITE, FABEDGE_TEST_GREP_INVERT: '1' } });
    rmSync(scratch, { recursive: true, force: true });
    ok &&= r.ok;
    summaries.push(`${r.ok ? 'PASS' : 'FAIL'} ${r.summary}`);
    console.log(`[run] ${summaries.at(-1)}`);
    // The display language: the locale suite again with VS Code set to Simplified Chinese.
    const zhScratch = mkdtempSync(path.join(os.tmpdir(), 'fabedge-editor-ws-'));
    cpSync(path.join(repoRoot, 'examples', 'nginx-proxy'), path.join(zhScratch, 'nginx-proxy'), { recursive: true });
    const chinese = chineseExtensionsDir(version, zhScratch);
    const zh = await runSuite({ version, name: 'editor', label: 'editor-zh-cn', extensionDevelopmentPath: repoRoot, extensionTestsPath,
      workspace: path.join(zhScratch, 'nginx-proxy'), extensionsDir: chinese.extensions,
      env: { FABEDGE_LOCALE: 'zh-cn', FABEDGE_LANGUAGE_PACKS: chinese.languagePacks, FABEDGE_TEST_GREP: 'display language' } });
    rmSync(zhScratch, { recursive: true, force: true });
    const sawChinese = zh.results?.metrics?.language === 'zh-cn';
    ok &&= zh.ok && sawChinese;
    summaries.push(`${zh.ok && sawChinese ? 'PASS' : 'FAIL'} ${zh.summary}${sawChinese ? '' : ' (VS Code did not run in zh-cn)'}`);
    console.log(`[run] ${summaries.at(-1)}`);
    // Beside other extensions: stand-ins of Red Hat YAML and of an nginx extension, loaded with ours.
    const withScratch = mkdtempSync(path.join(os.tmpdir(), 'fabedge-editor-ws-'));
    cpSync(path.join(repoRoot, 'examples', 'nginx-proxy'), path.join(withScratch, 'nginx-proxy'), { recursive: true });
    // code-server loads one extension under development (its URL payload is a map): the stand-ins are installed.
    const beside = await runSuite({ version, name: 'editor', label: 'editor-companions', extensionDevelopmentPath: repoRoot, extensionTestsPath,
      workspace: path.join(withScratch, 'nginx-proxy'), extensionsDir: installVsixes(version, withScratch, companions), env: { FABEDGE_TEST_GREP: COMPANIONS_SUITE } });
    rmSync(withScratch, { recursive: true, force: true });
    const sawCompanions = beside.results?.metrics?.companions === COMPANIONS.join(',');
    ok &&= beside.ok && sawCompanions;
    summaries.push(`${beside.ok && sawCompanions ? 'PASS' : 'FAIL'} ${beside.summary}${sawCompanions ? '' : ' (the stand-in extensions were not loaded)'}`);
    console.log(`[run] ${summaries.at(-1)}`);
  }
  console.log('\nIn-editor tests:');
  for (const s of summaries) console.log(`  ${s}`);
  process.exit(ok ? 0 : 1);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
