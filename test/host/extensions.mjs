// @ts-check
// Extensions installed beside ours in a test's own extensions folder: packaged with vsce and
// installed with `code-server --install-extension`, as a user would (test/locale-pack, the stand-ins
// of other extensions in test/stand-ins, our own .vsix).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { codeServerCommand, xdgEnv } from '../../scripts/test-host/versions.mjs';

/**
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnSyncOptions} options
 * @param {string} what what the command does, for the error
 */
function run(command, args, options, what) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) throw new Error(`${what} failed: ${result.stdout}${result.stderr}`);
}

/**
 * Packages the extension in `folder` into `vsix` (no dependencies: everything is bundled). Ours is
 * packed as `npm run package` packs it (its prepublish script refuses a bare `vsce package`); the
 * stand-ins with vsce.
 * @param {string} folder
 * @param {string} vsix
 */
export function packageVsix(folder, vsix) {
  const ours = path.join(folder, 'scripts', 'package-vsix.mjs');
  if (existsSync(ours)) run(process.execPath, [ours, '-o', vsix], { cwd: folder }, `packaging ${folder}`);
  else run('npx', ['--no', 'vsce', 'package', '--no-dependencies', '--skip-license', '-o', vsix], { cwd: folder }, `packaging ${folder}`);
  return vsix;
}

/**
 * Installs the .vsix files into `scratch/extensions` with this version's code-server; returns that folder.
 * @param {import('../../scripts/test-host/versions.mjs').HostVersion} version
 * @param {string} scratch
 * @param {string[]} vsixFiles
 */
export function installVsixes(version, scratch, vsixFiles) {
  const extensions = path.join(scratch, 'extensions');
  mkdirSync(extensions, { recursive: true });
  const { node, entry } = codeServerCommand(version);
  for (const vsix of vsixFiles) {
    run(node, [entry, '--user-data-dir', path.join(scratch, 'user-data'), '--extensions-dir', extensions, '--install-extension', vsix],
      { env: { ...process.env, ...xdgEnv(scratch), TMPDIR: scratch } }, `installing ${path.basename(vsix)}`);
  }
  return extensions;
}
