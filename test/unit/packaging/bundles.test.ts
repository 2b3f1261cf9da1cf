/**
 * Issue 17, item 5: what the bundles hold. Each bundle is built again in memory with the shipped
 * options, and its esbuild metafile says which packages it holds and what it loads at run time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import type { Metafile } from 'esbuild';

const ROOT = resolve(__dirname, '../../..');

interface BundledPackage {
  name: string;
  version: string;
  folder: string;
}

async function metafiles(): Promise<Map<string, Metafile>> {
  const { build } = await import('esbuild');
  const { BUNDLE_OPTIONS, BUNDLES } = await import('../../../scripts/bundle-options.mjs');
  const built = new Map<string, Metafile>();
  for (const { name, ...options } of BUNDLES) {
    const result = await build({ ...BUNDLE_OPTIONS, ...options, minify: true, write: false, metafile: true, logLevel: 'silent' });
    built.set(name, result.metafile);
  }
  return built;
}

/** Every npm package some code of which is in the bundle (esbuild's inputs under node_modules). */
function bundledPackages(metafile: Metafile): BundledPackage[] {
  const folders = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const at = input.lastIndexOf('node_modules/');
      if (at === -1 || bytesInOutput === 0) continue;
      const parts = input.slice(at + 'node_modules/'.length).split('/');
      folders.add(input.slice(0, at) + 'node_modules/' + (parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]));
    }
  }
  return [...folders].map((folder) => {
    const manifest = JSON.parse(readFileSync(join(ROOT, folder, 'package.json'), 'utf8')) as { name: string; version: string };
    return { name: manifest.name, version: manifest.version, folder };
  });
}

test('the third-party notices written at build name every bundled package with its license text', async () => {
  const notices = join(ROOT, 'dist/ThirdPartyNotices.txt');
  assert.ok(existsSync(notices), 'dist/ThirdPartyNotices.txt is missing: run `npm run build` first');
  const text = readFileSync(notices, 'utf8');
  const packages = new Map<string, BundledPackage>();
  for (const metafile of (await metafiles()).values()) for (const p of bundledPackages(metafile)) packages.set(`${p.name}@${p.version}`, p);
  assert.ok(packages.size >= 20, `only ${packages.size} packages found in the bundles`);
  for (const p of packages.values()) {
    assert.match(text, new RegExp(`^${p.name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} ${p.version.replace(/\./g, '\\.')} \\(`, 'm'), `${p.name} ${p.version} is not in the notices`);
    for (const file of readdirSync(join(ROOT, p.folder)).filter((f) => /^(licen[cs]e|copying|notice)([.-].*)?$/i.test(f))) {
      assert.ok(text.includes(readFileSync(join(ROOT, p.folder, file), 'utf8').trim()), `the notices lack ${p.name}'s ${file}`);
    }
  }
  const listed = text.match(/^\S+ \d+\.\d+\.\d+\S* \(/gm) ?? [];
  assert.equal(listed.length, packages.size, 'and nothing that is not bundled');
});

test('the bundles leave out what never runs: prettier (the YAML formatter is off)', async () => {
  for (const [name, metafile] of await metafiles()) {
    const inputs = Object.values(metafile.outputs).flatMap((o) => Object.keys(o.inputs));
    assert.ok(!inputs.some((input) => input.includes('node_modules/prettier/')), `${name} bundles prettier`);
  }
});

test('runtime dependencies are only what the bins load at run time: none, every library is bundled', async () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; bin: Record<string, string> };
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
  const { BUNDLES } = await import('../../../scripts/bundle-options.mjs');
  // A bundle may load another one beside it (the server its yaml-language-server part).
  const besideEachOther = new Set(BUNDLES.map((b) => `./${b.outfile.slice('dist/'.length)}`));
  const loaded = new Set<string>();
  for (const [name, metafile] of await metafiles()) {
    for (const output of Object.values(metafile.outputs)) {
      for (const imported of output.imports) {
        if (!imported.external || builtins.has(imported.path) || besideEachOther.has(imported.path)) continue;
        if (name === 'extension' && imported.path === 'vscode') continue;
        loaded.add(imported.path);
      }
    }
  }
  assert.deepEqual([...loaded], [], 'a bundle loads a package at run time');
  assert.deepEqual(Object.keys(manifest.dependencies ?? {}), []);
  assert.deepEqual(Object.values(manifest.bin).sort(), ['./dist/cli.js', './dist/server.js']);
});
