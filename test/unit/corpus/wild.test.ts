/**
 * Issue 14's measurement on ../shared/corpus/wild (93 real files with a reviewed verdict for each
 * finding of fabedge-lint 0.1.0), run as /work/tools/wildrun.py runs it: each file of values/,
 * nginx/ and other/ copied alone into a fresh folder, each folder of pairs/ and trees/ copied whole,
 * then `node dist/cli.js --format json .` in that folder; a finding matches a verdict by (file,
 * line, rule). The done-when: every real problem (TP) still found, at most 3 of the 62 noise
 * findings (FP) left, and no finding outside verdicts.json unless test/corpus/wild-accepted.json
 * lists it (`[{ "file", "line", "rule", "why" }]`, reviewed like a verdict).
 * Needs `npm run build`. Without ../shared it skips, except under CI where it fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { assertNone } from '../../support/corpusSnapshot';
import { basename, join, resolve } from 'node:path';
import { skipWhenMissing } from '../../support/environment';

const SHARED = process.env.FABEDGE_SHARED ?? resolve(__dirname, '../../../../shared');
const WILD = join(SHARED, 'corpus', 'wild');
const CLI = resolve(__dirname, '../../../dist/cli.js');
const ACCEPTED_PATH = resolve(__dirname, '../../corpus/wild-accepted.json');
const MAX_NOISE_LEFT = 3;

/** A row of verdicts.json: [file, line, column, severity, rule, message, fixable, verdict, why]. */
type VerdictRow = [string, number, number, string, string, string, number, 'TP' | 'FP' | 'debatable', string];

interface Found {
  file: string;
  line: number;
  rule: string;
  severity: string;
  message: string;
}

interface Accepted {
  file: string;
  line: number;
  rule: string;
  why: string;
}

interface JsonReport {
  diagnostics: { file: string; line: number; rule: string; severity: string; message: string }[];
}

const available = existsSync(join(WILD, 'verdicts.json'));
const missing = available ? false : `no wild corpus at ${WILD} (set FABEDGE_SHARED)`;

const key = (file: string, line: number, rule: string) => `${file}:${line} ${rule}`;

/** What wildrun.py checks as one workspace: a file alone, or a pair/tree folder whole. */
function units(): { name: string; file?: string }[] {
  const sorted = (dir: string) => readdirSync(join(WILD, dir)).sort();
  return [
    ...['values', 'nginx', 'other'].flatMap((dir) => sorted(dir).map((name) => ({ name: `${dir}/${name}`, file: `${dir}/${name}` }))),
    ...['pairs', 'trees'].flatMap((dir) => sorted(dir).map((name) => ({ name: `${dir}/${name}` }))),
  ];
}

const run = promisify(execFile);
/** Two at a time: the machine the tests run on may have no more cores to spare. */
const CONCURRENCY = 2;

async function lintUnit(unit: { name: string; file?: string }): Promise<Found[]> {
  const folder = mkdtempSync(join(tmpdir(), 'wild-'));
  try {
    if (unit.file) copyFileSync(join(WILD, unit.file), join(folder, basename(unit.file)));
    else cpSync(join(WILD, unit.name), folder, { recursive: true });
    const prefix = unit.file ? `${unit.file.slice(0, unit.file.lastIndexOf('/'))}/` : `${unit.name}/`;
    // Exit status 1 only says there were errors: the report is on stdout either way.
    const { stdout, stderr } = await run(process.execPath, [CLI, '--format', 'json', '--no-error-on-unmatched', '.'], { cwd: folder, env: { ...process.env, LANG: 'C', LC_ALL: '' }, maxBuffer: 16 << 20 }).catch(
      (error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
    );
    let report: JsonReport;
    try {
      report = JSON.parse(stdout) as JsonReport;
    } catch {
      throw new Error(`fabedge-lint gave no JSON on ${unit.name}: ${stderr.slice(0, 300)}`);
    }
    return report.diagnostics.map((d) => ({ file: prefix + d.file, line: d.line, rule: d.rule, severity: d.severity, message: d.message }));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function lintAll(list: { name: string; file?: string }[]): Promise<Found[]> {
  const results: Found[][] = new Array(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const index = next++;
      results[index] = await lintUnit(list[index]);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return results.flat();
}

interface Measurement {
  verdicts: VerdictRow[];
  found: Found[];
}

let measured: Promise<Measurement> | undefined;
/** Runs the CLI over the whole corpus once for all the tests of this file. */
function measure(): Promise<Measurement> {
  measured ??= (async () => {
    assert.ok(available, `the wild corpus is missing: ${WILD} (CI needs ../shared or FABEDGE_SHARED)`);
    assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
    const verdicts = JSON.parse(readFileSync(join(WILD, 'verdicts.json'), 'utf8')) as VerdictRow[];
    const found = await lintAll(units());
    const foundKeys = new Set(found.map((f) => key(f.file, f.line, f.rule)));
    const count = (verdict: string) => {
      const rows = verdicts.filter((v) => v[7] === verdict);
      return `${rows.filter((v) => foundKeys.has(key(v[0], v[1], v[4]))).length} of ${rows.length} ${verdict} still found`;
    };
    console.log(`wild corpus: ${found.length} findings; ${count('TP')}, ${count('FP')}, ${count('debatable')}`);
    return { verdicts, found };
  })();
  return measured;
}

const describeRow = (v: VerdictRow) => `${v[0]}:${v[1]}:${v[2]} ${v[3]} ${v[4]} ${v[5]}`;

test('wild corpus: every real problem (TP) is still reported by the same rule on the same line', async (t) => {
  if (skipWhenMissing(t, missing)) return;
  const { verdicts, found } = await measure();
  const foundKeys = new Set(found.map((f) => key(f.file, f.line, f.rule)));
  const lost = verdicts.filter((v) => v[7] === 'TP' && !foundKeys.has(key(v[0], v[1], v[4])));
  assertNone(lost.map(describeRow), 'real problems no longer reported');
});

test(`wild corpus: at most ${MAX_NOISE_LEFT} of the noise findings (FP) are left`, async (t) => {
  if (skipWhenMissing(t, missing)) return;
  const { verdicts, found } = await measure();
  const foundKeys = new Set(found.map((f) => key(f.file, f.line, f.rule)));
  const left = verdicts.filter((v) => v[7] === 'FP' && foundKeys.has(key(v[0], v[1], v[4])));
  if (left.length > MAX_NOISE_LEFT) assert.fail(`${left.length} of ${verdicts.filter((v) => v[7] === 'FP').length} noise findings left:\n${left.map(describeRow).join('\n')}`);
});

test('wild corpus: every finding has a verdict, or is accepted in test/corpus/wild-accepted.json', async (t) => {
  if (skipWhenMissing(t, missing)) return;
  const { verdicts, found } = await measure();
  const accepted = JSON.parse(readFileSync(ACCEPTED_PATH, 'utf8')) as Accepted[];
  const unexplained = accepted.filter((a) => !a.why?.trim()).map((a) => `accepted without a reason: ${key(a.file, a.line, a.rule)}`);
  const known = new Set([...verdicts.map((v) => key(v[0], v[1], v[4])), ...accepted.map((a) => key(a.file, a.line, a.rule))]);
  const foundKeys = new Set(found.map((f) => key(f.file, f.line, f.rule)));
  const fresh = found.filter((f) => !known.has(key(f.file, f.line, f.rule))).map((f) => `new: ${key(f.file, f.line, f.rule)} ${f.severity} ${f.message}`);
  const stale = accepted.filter((a) => !foundKeys.has(key(a.file, a.line, a.rule))).map((a) => `accepted but no longer found: ${key(a.file, a.line, a.rule)}`);
  assertNone([...unexplained, ...fresh, ...stale], 'findings not reviewed (add a reviewed entry to test/corpus/wild-accepted.json, or fix the engine)');
});
