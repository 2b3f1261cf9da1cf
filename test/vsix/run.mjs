#!/usr/bin/env node
// @ts-check
// Packaged-build test: package the extension as `npm run package` does (scripts/package-vsix.mjs),
// check the .vsix size (it must stay below the 1,130,255 bytes it had before the CLI bundle and
// prettier left it), install it into an empty extensions folder with `code-server --install-extension`
// and run test/vsix/suite in that code-server with only an empty probe as development extension.
//
// Usage: node test/vsix/run.mjs [--version 4.100.3] ...   (default: every version set up)
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, testRoot, codeServerCommand, versionsToRun, xdgEnv } from '../../scripts/test-host/versions.mjs';
import { buildTests } from '../host/build-tests.mjs';
import { runSuite } from '../host/run.mjs';
import { makeTempRoot, cleanupTemp } from '../host/code-server.mjs';

/** The .vsix as it was with the CLI bundle and prettier inside (1.08 MB): it must stay smaller. */
const MAX_BYTES = 1_130_255;
const versions = versionsToRun(process.argv.slice(2));

const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
// Package into a private temp folder (several runs may share the working tree); keep a copy in
// .vscode-test/vsix/ for inspection.
const packDir = mkdtempSync(path.join(os.tmpdir(), 'fabedge-vsix-pack-'));
const vsix = path.join(packDir, `${pkg.name}.vsix`);
const keptVsix = path.join(testRoot, 'vsix', `${pkg.name}.vsix`);
mkdirSync(path.dirname(keptVsix), { recursive: true });
const logFile = path.join(testRoot, 'logs', 'vsix.log');
mkdirSync(path.dirname(logFile), { recursive: true });
writeFileSync(logFile, '');
process.on('exit', () => rmSync(packDir, { recursive: true, force: true }));

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [opts]
 */
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  writeFileSync(logFile, `\n$ ${cmd} ${args.join(' ')}\n${r.stdout ?? ''}${r.stderr ?? ''}`, { flag: 'a' });
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${((r.stdout ?? '') + (r.stderr ?? '')).slice(-2500)}`);
    process.exit(1);
  }
  return r.stdout;
}

const t0 = Date.now();
run(process.execPath, [path.join(repoRoot, 'scripts', 'package-vsix.mjs'), '-o', vsix], { cwd: repoRoot });
const size = statSync(vsix).size;
const sizeText = `${(size / 1024 / 1024).toFixed(2)} MB (${size} bytes)`;
copyFileSync(vsix, keptVsix);
console.log(`[vsix] packaged ${path.relative(repoRoot, keptVsix)}: ${sizeText} in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
if (size >= MAX_BYTES) { console.error(`[vsix] FAIL: ${sizeText} is not smaller than the ${MAX_BYTES} bytes of the .vsix with the CLI bundle and prettier`); process.exit(1); }

const extensionTestsPath = await buildTests('vsix');
const summaries = [];
let ok = true;
for (const version of versions) {
  const dirs = makeTempRoot('fabedge-vsix-');
  const { node, entry } = codeServerCommand(version);
  run(node, [entry, '--config', path.join(dirs.root, 'config.yaml'), '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions, '--install-extension', vsix], { env: { ...process.env, ...xdgEnv(dirs.root), TMPDIR: dirs.tmp } });
  const r = await runSuite({
    version, name: 'vsix', extensionDevelopmentPath: path.join(repoRoot, 'test', 'vsix', 'probe'), extensionTestsPath,
    workspace: path.join(repoRoot, 'examples', 'nginx-proxy'), extensionsDir: dirs.extensions,
    env: { FABEDGE_EXPECT_EXTENSIONS_DIR: dirs.extensions, FABEDGE_EXPECT_VERSION: pkg.version },
  });
  cleanupTemp(dirs);
  ok &&= r.ok;
  summaries.push(`${r.ok ? 'PASS' : 'FAIL'} ${r.summary}`);
  console.log(`[vsix] ${summaries.at(-1)}`);
}
console.log(`\nPackaged build (${sizeText}, limit ${MAX_BYTES} bytes):`);
for (const s of summaries) console.log(`  ${s}`);
process.exit(ok ? 0 : 1);
