// @ts-check
// Compile the in-editor test suites with esbuild into git-ignored out/test/<name>/ (CommonJS, one
// bundle per entry; `vscode` and `mocha` stay external so mocha loads from node_modules).
import { build } from 'esbuild';
import { readdirSync, rmSync, existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../scripts/test-host/versions.mjs';

/**
 * @param {string} dir
 * @returns {string[]}
 */
function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? testFiles(p) : e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** @param {'editor'|'vsix'} name  @returns {Promise<string>} the compiled extensionTestsPath (index.js) */
export async function buildTests(name) {
  const src = path.join(repoRoot, 'test', name);
  const outdir = path.join(repoRoot, 'out', 'test', name);
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(src, 'index.ts'), ...testFiles(path.join(src, 'suite'))],
    outbase: src, outdir, bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    external: ['vscode', 'mocha'], sourcemap: 'inline', logLevel: 'warning',
  });
  return path.join(outdir, 'index.js');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : ['editor', 'vsix'];
  for (const n of names) {
    if (n !== 'editor' && n !== 'vsix') throw new Error(`unknown suite ${n}: editor or vsix`);
    console.log(await buildTests(n));
  }
}
