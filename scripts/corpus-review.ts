/**
 * `npm run corpus:review [-- --write]`: runs the engine on the realistic corpus and reports against
 * the reviewed snapshot: findings that are new or gone, those still to review (with the verdict
 * of the finding each replaced), and the noise rate by rule and by class. `--write` rewrites the
 * snapshot as `UPDATE_SNAPSHOTS=1` does: unchanged findings keep their verdicts, the others
 * become `unreviewed` until a person sets `verdict` (TP, FP or debatable) and `why` in
 * test/corpus/realistic.snapshot.json.
 */
import {
  SNAPSHOT_PATH,
  UNREVIEWED,
  describeFinding,
  differences,
  formatNoise,
  mergeSnapshot,
  noiseSummary,
  observeAll,
  readManifest,
  readSnapshot,
  writeSnapshot,
} from '../test/support/corpusSnapshot';

function countBy<T>(items: readonly T[], key: (item: T) => string): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} ${n}`).join(', ');
}

const write = process.argv.includes('--write');
const observed = observeAll();
const committed = readSnapshot();
const changes = differences(committed, observed);
const merged = mergeSnapshot(committed, observed);
const classOf = new Map(readManifest().map((row) => [`${row.case}/${row.file}`, row.class]));
const all = Object.entries(merged).flatMap(([name, findings]) => findings.map((finding) => ({ name, finding })));

console.log(`realistic corpus: ${Object.keys(observed).length} cases`);
console.log(`engine against the committed snapshot: ${changes.filter((c) => c.kind === 'new').length} new, ${changes.filter((c) => c.kind === 'gone').length} gone`);
for (const change of changes) console.log(`  ${change.kind === 'new' ? '+' : '-'} ${describeFinding(change.case, change.finding)}`);

const unreviewed = all.filter(({ finding }) => finding.verdict === UNREVIEWED);
console.log(`\nto review: ${unreviewed.length}`);
for (const { name, finding } of unreviewed) {
  console.log(`  ${describeFinding(name, finding)}`);
  if (finding.previous) console.log(`      was ${finding.previous.verdict}: ${finding.previous.why}`);
}

const noise = all.filter(({ finding }) => finding.verdict === 'FP');
console.log(`\n${formatNoise(noiseSummary(merged))}`);
if (noise.length > 0) {
  console.log(`noise by rule: ${countBy(noise, ({ finding }) => finding.rule)}`);
  console.log(`noise by class: ${countBy(noise, ({ name, finding }) => classOf.get(`${name}/${finding.file}`) ?? '?')}`);
  for (const { name, finding } of noise) console.log(`  FP ${describeFinding(name, finding)}\n      ${finding.why}`);
}

if (write) {
  writeSnapshot(merged);
  console.log(`\nwrote ${SNAPSHOT_PATH}`);
} else if (changes.length > 0) {
  console.log('\nrun with --write (or UPDATE_SNAPSHOTS=1 on the unit test) to take these into the snapshot');
}
