// @ts-check
// Builds the stand-ins of other extensions (see README.md) into git-ignored out/test/stand-ins/,
// from this repository's own dependencies, and packages them for `code-server --install-extension`.
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { BUNDLE_OPTIONS } from '../../scripts/bundle-options.mjs';
import { repoRoot } from '../../scripts/test-host/versions.mjs';
import { packageVsix } from '../host/extensions.mjs';

const source = path.join(repoRoot, 'test', 'stand-ins');
const out = path.join(repoRoot, 'out', 'test', 'stand-ins');

/** The Red Hat YAML stand-in's folder, built afresh: its manifest and yaml-language-server bundled with its code. */
export async function buildRedHatYaml() {
  const folder = path.join(out, 'redhat-yaml');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  for (const file of ['package.json', 'README.md']) cpSync(path.join(source, 'redhat-yaml', file), path.join(folder, file));
  await build({ ...BUNDLE_OPTIONS, entryPoints: [path.join(source, 'redhat-yaml', 'extension.ts')], outfile: path.join(folder, 'extension.js'), external: ['vscode'] });
  return folder;
}

/**
 * The nginx grammar stand-in in a folder of this name (VS Code orders extensions under development by folder name).
 * @param {string} folderName
 */
export function nginxGrammarStandIn(folderName) {
  const folder = path.join(out, folderName);
  rmSync(folder, { recursive: true, force: true });
  cpSync(path.join(source, 'nginx-grammar'), folder, { recursive: true });
  return folder;
}

/** Both stand-ins, packaged: the .vsix files. */
export async function standInVsixes() {
  const redHat = await buildRedHatYaml();
  const nginx = nginxGrammarStandIn('nginx-grammar');
  return [packageVsix(redHat, path.join(out, 'redhat-yaml.vsix')), packageVsix(nginx, path.join(out, 'nginx-grammar.vsix'))];
}
