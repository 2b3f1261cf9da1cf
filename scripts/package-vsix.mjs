#!/usr/bin/env node
// @ts-check
// Packages the extension: `npm run package [-- -o FILE]`.
//
// The .vsix and the npm tarball ship different files: the tarball is for `fabedge-lint` and the
// language server (package.json "files"), the .vsix for VS Code, without the CLI bundle and with
// the grammar, snippets and pictures. vsce packs by either a .vscodeignore or "files", never both,
// so the .vsix is packed from a staging folder holding exactly its files and a manifest without
// the development fields. Relative links in the README stay relative: the rule pages and pictures
// they point at are in the .vsix (a rewrite would point them at a web site).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './bundle-options.mjs';

/** What the .vsix holds, besides package.json (the list is the staged manifest's "files"). */
export const VSIX_FILES = [
  'dist/extension.js',
  'dist/server.js',
  'dist/yaml-library.js',
  'dist/ThirdPartyNotices.txt',
  'docs/rules',
  'docs/zh-cn/rules',
  'syntaxes',
  'snippets/nginx.json',
  'language-configuration',
  'l10n',
  'images',
  'package.nls.json',
  'package.nls.zh-cn.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
];

/**
 * @param {string} command
 * @param {string[]} args
 * @param {string} cwd
 */
function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const outIndex = process.argv.indexOf('-o');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const output = path.resolve(outIndex === -1 ? `${manifest.name}-${manifest.version}.vsix` : process.argv[outIndex + 1]);

run(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--production'], ROOT);
const stage = mkdtempSync(path.join(os.tmpdir(), 'fabedge-vsix-stage-'));
try {
  for (const file of VSIX_FILES) {
    mkdirSync(path.dirname(path.join(stage, file)), { recursive: true });
    cpSync(path.join(ROOT, file), path.join(stage, file), { recursive: true });
  }
  // The extension needs none of the npm package's fields: its bins, scripts and development dependencies.
  const shipped = { ...manifest, files: VSIX_FILES };
  for (const field of ['bin', 'scripts', 'devDependencies', 'allowScripts']) delete shipped[field];
  writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(shipped, null, 2)}\n`);
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '-o', output], stage);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
