#!/usr/bin/env node
// @ts-check
// `npm start`: build the extension, make sure code-server (VS Code 1.100.3) is set up, and serve an
// Extension Development Host on examples/nginx-proxy with this extension loaded (no tests). Open the
// printed loopback URL in a browser (forward the port if the machine is remote). Ctrl+C stops it.
//
// Options: --no-build  --version 4.139.1  --folder PATH  --port N (default: kernel-chosen)
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { DEFAULT_VERSION, findVersion, optionValue, repoRoot } from './test-host/versions.mjs';
import { startCodeServer, workbenchUrl, makeTempRoot, cleanupTemp } from '../test/host/code-server.mjs';

const argv = process.argv.slice(2);
const version = findVersion(optionValue(argv, '--version', DEFAULT_VERSION.codeServer));
const folder = path.resolve(optionValue(argv, '--folder', path.join(repoRoot, 'examples', 'nginx-proxy')));
const port = Number(optionValue(argv, '--port', '0'));

/**
 * @param {string} cmd
 * @param {string[]} args
 */
function step(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) { console.error(`npm start: ${cmd} ${args.join(' ')} failed`); process.exit(r.status ?? 1); }
}
if (!argv.includes('--no-build')) step('npm', ['run', '--silent', 'build']);
step(process.execPath, [path.join(repoRoot, 'scripts', 'test-host', 'setup.mjs'), '--version', version.codeServer]);

const dirs = makeTempRoot('fabedge-start-');
const cs = await startCodeServer({ version, workspace: folder, dirs, port, readyTimeoutMs: 120_000 });
const url = workbenchUrl(cs.origin, { folder, extensionDevelopmentPaths: [repoRoot] });
console.log(`\nFabEdge Extension Development Host (code-server ${version.codeServer}, VS Code ${version.vscode})`);
console.log(`workspace: ${folder}\nlog:       ${cs.logFile}\n\nOpen: ${url}\n\nAfter changing the extension, run \`npm run build\` and reload the window (Developer: Reload Window). Ctrl+C to stop.`);

let stopping = false;
const stop = async (/** @type {number} */ code) => {
  if (stopping) return; stopping = true;
  await cs.stop();
  cleanupTemp(dirs);
  process.exit(code);
};
process.on('SIGINT', () => { console.log('\nstopping code-server ...'); void stop(0); });
process.on('SIGTERM', () => void stop(0));
process.on('SIGHUP', () => void stop(0));
const code = await cs.exited;
if (!stopping) { console.error(`code-server exited (code ${code}); log: ${cs.logFile}`); await stop(1); }
