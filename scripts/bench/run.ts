/**
 * `npm run bench`: every benchmark in this folder, one after the other, each printing its own
 * figures; then one table of every figure, its baseline measured in the same run, the ratio and
 * the goal. Each run is kept in bench-results/ (git-ignored).
 *
 *   npm run bench [-- NAME...]       only the benchmarks whose file name contains a NAME
 *   npm run bench -- --report [N]    the table of the last N kept runs (default 3) in Markdown,
 *                                    each figure's median and spread, for docs/performance.md
 *
 * Each benchmark is bundled first with the options of the shipped bundles (scripts/bundle-options.mjs),
 * so that it measures our code as the server and the CLI run it, dependencies included.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { FIGURES_FILE_VARIABLE, formatValue, goalMet, goalText, median, ratioOf, type Figure } from './support/figures';

interface KeptRun {
  started: string;
  node: string;
  figures: Figure[];
}

function table(rows: readonly string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: readonly string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

const HEADER = ['figure', 'value', 'baseline (same run)', 'ratio', 'goal', 'met'];

function runTable(figures: readonly Figure[]): string {
  return table([
    HEADER,
    ...figures.map((f) => [f.name, formatValue(f.value, f.unit), `${f.baseline.name}: ${formatValue(f.baseline.value, f.unit)}`, `${ratioOf(f).toFixed(2)}x`, goalText(f), goalMet(f) ? 'yes' : 'NO']),
  ]);
}

/** A median with the spread of the runs: "412 ms (398–460)". */
function withSpread(values: readonly number[], format: (value: number) => string): string {
  const text = format(median(values));
  return values.length < 2 ? text : `${text} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
}

function spreadTable(runs: readonly KeptRun[]): string {
  const names = [...new Set(runs.flatMap((run) => run.figures.map((f) => f.name)))];
  const rows = names.map((name) => {
    const figures = runs.flatMap((run) => run.figures.filter((f) => f.name === name));
    const [first] = figures;
    const number = (value: number) => formatValue(value, first.unit).replace(` ${first.unit}`, '');
    const met = figures.filter(goalMet).length;
    return [
      name,
      `${withSpread(figures.map((f) => f.value), number)} ${first.unit}`,
      `${first.baseline.name}: ${withSpread(figures.map((f) => f.baseline.value), number)} ${first.unit}`,
      withSpread(figures.map(ratioOf), (r) => `${r.toFixed(2)}x`),
      goalText(first),
      `${met} of ${figures.length}`,
    ];
  });
  return table([['figure', 'value', 'baseline (same run)', 'ratio', 'goal', 'met in runs'], ...rows]);
}

async function main(): Promise<void> {
  const { BUNDLE_OPTIONS, ROOT } = await import('../bundle-options.mjs');
  const results = join(ROOT, 'bench-results');
  const args = process.argv.slice(2);
  if (args[0] === '--report') {
    const count = Number(args[1] ?? 3);
    const kept = readdirSync(results).filter((f) => f.endsWith('.json')).sort().slice(-count);
    const runs = kept.map((f) => JSON.parse(readFileSync(join(results, f), 'utf8')) as KeptRun);
    console.log(`${runs.length} runs (${runs.map((r) => r.started).join(', ')}), Node ${[...new Set(runs.map((r) => r.node))].join(', ')}: medians and (min–max)\n`);
    console.log(spreadTable(runs));
    return;
  }
  const benches = readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
    .filter((f) => args.length === 0 || args.some((name) => f.includes(name)))
    .sort();
  mkdirSync(results, { recursive: true });
  const started = new Date().toISOString();
  const figuresFile = join(results, `${started.replace(/[:.]/g, '-')}.jsonl`);
  let failed = 0;
  for (const bench of benches) {
    console.log(`\n== ${bench}`);
    // Two levels below the root, as the sources are: the benchmarks find the root from their folder.
    const bundle = join(ROOT, 'dist', 'bench', bench.replace(/\.ts$/, '.js'));
    await build({ ...BUNDLE_OPTIONS, entryPoints: [join(__dirname, bench)], outfile: bundle });
    const result = spawnSync(process.execPath, [bundle], { stdio: 'inherit', env: { ...process.env, [FIGURES_FILE_VARIABLE]: figuresFile } });
    if (result.status !== 0) failed++;
  }
  let figures: Figure[] = [];
  try {
    figures = readFileSync(figuresFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Figure);
  } catch {
    // No benchmark reported a figure.
  }
  rmSync(figuresFile, { force: true });
  if (figures.length > 0) {
    console.log(`\n== every figure (Node ${process.version}, ${started})\n`);
    console.log(runTable(figures));
    // Only complete runs are kept for --report: a run of some benchmarks would mix with them.
    const run: KeptRun = { started, node: process.version, figures };
    if (args.length === 0) writeFileSync(join(results, `${started.replace(/[:.]/g, '-')}.json`), `${JSON.stringify(run, null, 2)}\n`);
  }
  process.exit(failed > 0 ? 1 : 0);
}

void main();
