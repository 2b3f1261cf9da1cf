/**
 * The realistic corpus (test/corpus/realistic, MANIFEST.tsv says what each file imitates): every
 * case is checked like a user's repository and its findings must equal the reviewed snapshot
 * (test/corpus/realistic.snapshot.json), each with a verdict. `UPDATE_SNAPSHOTS=1` rewrites the
 * snapshot, keeping the verdicts of unchanged findings; `npm run corpus:review` lists what is left
 * to review. The last three tests hold the engine to issue 14's done-when on this corpus.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  UNREVIEWED,
  VERDICTS,
  assertNone,
  caseFiles,
  describeFinding,
  differences,
  formatNoise,
  isFabEdgeClaim,
  listCases,
  mergeSnapshot,
  noiseSummary,
  observeAll,
  readManifest,
  readSnapshot,
  writeSnapshot,
  type Observation,
} from '../../support/corpusSnapshot';

const MAX_NOISE_RATE = 0.02;

let observation: Observation | undefined;
/** The engine's findings on every case, computed once for all the tests of this file. */
function observed(): Observation {
  observation ??= observeAll();
  return observation;
}

test('realistic corpus: MANIFEST.tsv lists every file of every case, each with what it imitates', () => {
  const rows = readManifest();
  const listed = rows.map((row) => `${row.case}/${row.file}`).sort();
  const onDisk = listCases().flatMap((name) => caseFiles(name).map((file) => `${name}/${file}`));
  assert.deepEqual(listed, onDisk);
  assert.ok(onDisk.length >= 150, `only ${onDisk.length} files`);
  assertNone(rows.filter((row) => !row.modelledOn.trim() || !row.imitates.trim()).map((row) => `${row.case}/${row.file}`), 'files without what they imitate');
});

test('realistic corpus: the findings equal the reviewed snapshot', () => {
  const now = observed();
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    const merged = mergeSnapshot(readSnapshot(), now);
    writeSnapshot(merged);
    console.log(`snapshot rewritten: ${formatNoise(noiseSummary(merged))}`);
    return;
  }
  const changed = differences(readSnapshot(), now).map((d) => `${d.kind === 'new' ? '+ new ' : '- gone'} ${describeFinding(d.case, d.finding)}`);
  assertNone(changed, 'findings differ from the snapshot (accept them with `UPDATE_SNAPSHOTS=1 node scripts/unit-tests.mjs corpus/realistic`, then review with `npm run corpus:review`)');
});

test('realistic corpus: every snapshot finding has a verdict and a reason', () => {
  const snapshot = readSnapshot();
  const summary = noiseSummary(snapshot);
  console.log(`realistic corpus: ${formatNoise(summary)}`);
  const unreviewed = Object.entries(snapshot).flatMap(([name, findings]) =>
    findings.filter((f) => !(VERDICTS as readonly string[]).includes(f.verdict) || !f.why.trim()).map((f) => `${f.verdict === UNREVIEWED ? 'unreviewed' : `verdict "${f.verdict}"`}: ${describeFinding(name, f)}`),
  );
  assertNone(unreviewed, 'snapshot findings without a verdict (TP, FP or debatable) and a reason (`npm run corpus:review` lists them)');
});

test(`realistic corpus: at most ${MAX_NOISE_RATE * 100}% of the findings are noise`, () => {
  const summary = noiseSummary(readSnapshot());
  assert.ok(summary.noiseRate <= MAX_NOISE_RATE, formatNoise(summary));
});

test('realistic corpus: no finding on a file the manifest marks silent (foreign configs, other charts)', () => {
  const silent = new Set(readManifest().filter((row) => row.expect === 'silent').map((row) => `${row.case}/${row.file}`));
  const now = observed();
  const loud = Object.entries(now).flatMap(([name, findings]) => findings.filter((f) => silent.has(`${name}/${f.file}`)).map((f) => describeFinding(name, f)));
  assertNone(loud, 'findings on files that are not FabEdge values or nginx');
});

test('realistic corpus: no FabEdge-specific finding where nothing ties the config to FabEdge', () => {
  const unrelated = new Set(readManifest().filter((row) => row.evidence === 'none').map((row) => row.case));
  const now = observed();
  const claims = Object.entries(now)
    .filter(([name]) => unrelated.has(name))
    .flatMap(([name, findings]) => findings.filter(isFabEdgeClaim).map((f) => describeFinding(name, f)));
  assertNone(claims, 'FabEdge-specific findings on configs without FabEdge evidence');
});
