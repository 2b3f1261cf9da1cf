/**
 * `npm run bench`: every benchmark in this folder, one after the other, each printing its own
 * figures. Each is bundled first with the options of the shipped bundles (scripts/bundle-options.mjs),
 * so that it measures our code as the server and the CLI run it, dependencies included.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

async function main(): Promise<void> {
  const { BUNDLE_OPTIONS, ROOT } = await import('../bundle-options.mjs');
  const only = process.argv.slice(2);
  const benches = readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
    .filter((f) => only.length === 0 || only.some((name) => f.includes(name)))
    .sort();
  let failed = 0;
  for (const bench of benches) {
    console.log(`\n== ${bench}`);
    // Two levels below the root, as the sources are: the benchmarks find the root from their folder.
    const bundle = join(ROOT, 'dist', 'bench', bench.replace(/\.ts$/, '.js'));
    buildSync({ ...BUNDLE_OPTIONS, entryPoints: [join(__dirname, bench)], outfile: bundle });
    const result = spawnSync(process.execPath, [bundle], { stdio: 'inherit' });
    if (result.status !== 0) failed++;
  }
  process.exit(failed > 0 ? 1 : 0);
}

void main();
