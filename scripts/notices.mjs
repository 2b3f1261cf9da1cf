// @ts-check
// The third-party notices of the bundles: every npm package esbuild put into dist/*.js, with its
// license text, written beside the bundles at each build (scripts/build.mjs).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The package folder an input of esbuild's metafile belongs to, or undefined for our own sources.
 * @param {string} input
 */
function packageFolder(input) {
  const at = input.lastIndexOf('node_modules/');
  if (at === -1) return undefined;
  const rest = input.slice(at + 'node_modules/'.length).split('/');
  const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  return input.slice(0, at + 'node_modules/'.length) + name;
}

const LICENSE_FILE = /^(licen[cs]e|copying|notice)([.-].*)?$/i;

/**
 * @param {string} root
 * @param {string} folder
 * @param {Set<string>} bundles
 */
function packageNotice(root, folder, bundles) {
  const manifest = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8'));
  const files = readdirSync(join(root, folder)).filter((name) => LICENSE_FILE.test(name)).sort();
  const texts = files.map((name) => readFileSync(join(root, folder, name), 'utf8').trim());
  const license = typeof manifest.license === 'string' ? manifest.license : (manifest.license?.type ?? 'see the license text');
  const repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  const author = typeof manifest.author === 'string' ? manifest.author : manifest.author?.name;
  return {
    name: manifest.name,
    version: manifest.version,
    text: [
      `${manifest.name} ${manifest.version} (${license})`,
      `in: ${[...bundles].sort().join(', ')}`,
      ...(author ? [`author: ${author}`] : []),
      ...(repository ? [`source: ${repository}`] : []),
      '',
      ...(texts.length > 0 ? texts : [`The package ships no license file; its package.json states the license ${license}.`]),
    ].join('\n'),
  };
}

/**
 * Writes the notices for the bundles whose metafiles are given, keyed by bundle name.
 * @param {string} root
 * @param {string} file
 * @param {Record<string, import('esbuild').Metafile>} metafilesByBundle
 */
export function writeNotices(root, file, metafilesByBundle) {
  /** @type {Map<string, Set<string>>} */
  const bundlesByFolder = new Map();
  for (const [bundle, metafile] of Object.entries(metafilesByBundle)) {
    for (const output of Object.values(metafile.outputs)) {
      for (const [input, info] of Object.entries(output.inputs)) {
        const folder = packageFolder(input);
        // A module that contributed no byte (types, a re-export folded away) is not in the bundle.
        if (!folder || info.bytesInOutput === 0 || !existsSync(join(root, folder, 'package.json'))) continue;
        const bundles = bundlesByFolder.get(folder) ?? new Set();
        bundles.add(bundle);
        bundlesByFolder.set(folder, bundles);
      }
    }
  }
  const notices = [...bundlesByFolder].map(([folder, bundles]) => packageNotice(root, folder, bundles));
  notices.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1));
  const header = [
    'FabEdge for VS Code: third-party notices',
    '',
    'The bundles dist/extension.js, dist/server.js and dist/cli.js contain code from the npm packages',
    `below (${notices.length} packages). Each is listed with its version, the bundles it is in, and its license text.`,
  ].join('\n');
  const rule = '-'.repeat(78);
  writeFileSync(join(root, file), `${[header, ...notices.map((n) => n.text)].join(`\n\n${rule}\n\n`)}\n`);
  return notices.length;
}
