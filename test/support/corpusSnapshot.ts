/**
 * The realistic corpus (test/corpus/realistic): one folder per case, checked like a user's
 * repository, and the reviewed snapshot of what the engine says about each case. Shared by the
 * snapshot test and `npm run corpus:review`; not a test file itself.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Finding } from '../../src/core/findings';
import { lintPaths } from '../../src/core/workspace/lintPaths';
import { NodeFileSystem } from '../../src/core/io/nodeFileSystem';
import { DEFAULT_SETTINGS } from '../../src/core/io/settings';

/** Also where other tests find the corpus (a fix oracle, say): a folder per case, MANIFEST.tsv beside them. */
export const CORPUS_DIR = resolve(__dirname, '../corpus/realistic');
const MANIFEST_PATH = resolve(CORPUS_DIR, 'MANIFEST.tsv');
export const SNAPSHOT_PATH = resolve(__dirname, '../corpus/realistic.snapshot.json');

export const VERDICTS = ['TP', 'FP', 'debatable'] as const;
export type Verdict = (typeof VERDICTS)[number];
/** What a finding the snapshot has not seen before gets, until a person reviews it. */
export const UNREVIEWED = 'unreviewed';

/** What the snapshot pins of a finding: a change to any of these needs a new review. */
export interface ObservedFinding {
  file: string;
  line: number;
  column: number;
  severity: string;
  rule: string;
  message: string;
  fixes: { title: string; safe: boolean }[];
}

export interface ReviewedFinding extends ObservedFinding {
  verdict: Verdict | typeof UNREVIEWED;
  why: string;
  /** The verdict of the finding this one replaced at the same file, line and rule, kept to help the review. */
  previous?: { verdict: string; why: string };
}

export type Snapshot = Record<string, ReviewedFinding[]>;
export type Observation = Record<string, ObservedFinding[]>;

/** `expect` column: `silent` files must get no finding at all; `reviewed` ones are judged in the snapshot. */
export interface ManifestRow {
  case: string;
  file: string;
  class: string;
  /** `fabedge-values`, `naming-only`, `values-only` or `none` (no tie to FabEdge at all). */
  evidence: string;
  expect: 'silent' | 'reviewed';
  modelledOn: string;
  imitates: string;
}

/** Fails listing every offending item, one a line (a deep-equal diff of long strings is hard to read). */
export function assertNone(offending: readonly string[], what: string): void {
  if (offending.length > 0) assert.fail(`${offending.length} ${what}:\n${offending.join('\n')}`);
}

export function listCases(): string[] {
  return readdirSync(CORPUS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Every file below a case folder, relative to it, with `/`. */
export function caseFiles(caseName: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = resolve(dir, entry.name);
      return entry.isDirectory() ? walk(path) : [relative(resolve(CORPUS_DIR, caseName), path).split('\\').join('/')];
    });
  return walk(resolve(CORPUS_DIR, caseName)).sort();
}

export function readManifest(): ManifestRow[] {
  const [header, ...lines] = readFileSync(MANIFEST_PATH, 'utf8').split('\n').filter(Boolean);
  if (header !== 'case\tfile\tclass\tevidence\texpect\tmodelled_on\timitates') throw new Error(`unexpected MANIFEST.tsv header: ${header}`);
  return lines.map((line, index) => {
    const cells = line.split('\t');
    const [caseName, file, cls, evidence, expect, modelledOn, imitates] = cells;
    if (cells.length !== 7 || (expect !== 'silent' && expect !== 'reviewed')) throw new Error(`MANIFEST.tsv line ${index + 2} is malformed: ${line}`);
    return { case: caseName, file, class: cls, evidence, expect, modelledOn, imitates };
  });
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function byPlace(a: ObservedFinding, b: ObservedFinding): number {
  return compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.rule, b.rule) || compareText(a.message, b.message);
}

/** Messages name absolute paths (of a missing include, say): the snapshot must not depend on where the checkout is. */
const CASE_PLACEHOLDER = '<case>';

function observe(caseDir: string, finding: Finding): ObservedFinding {
  const portable = (text: string) => text.split(caseDir).join(CASE_PLACEHOLDER);
  return {
    file: relative(caseDir, finding.file).split('\\').join('/'),
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    severity: finding.severity,
    rule: finding.rule,
    message: portable(finding.message),
    fixes: finding.fixes.map((fix) => ({ title: portable(fix.title), safe: fix.safe })),
  };
}

/** Runs the engine on one case folder as `fabedge-lint` does on a repository (English messages). */
function observeCase(caseName: string): ObservedFinding[] {
  const caseDir = resolve(CORPUS_DIR, caseName);
  const result = lintPaths(new NodeFileSystem(), [caseDir], DEFAULT_SETTINGS, { locale: 'en' });
  return result.findings.map((finding) => observe(caseDir, finding)).sort(byPlace);
}

export function observeAll(): Observation {
  return Object.fromEntries(listCases().map((name) => [name, observeCase(name)]));
}

function sameObservation(a: ObservedFinding, b: ObservedFinding): boolean {
  return (
    a.file === b.file &&
    a.line === b.line &&
    a.column === b.column &&
    a.severity === b.severity &&
    a.rule === b.rule &&
    a.message === b.message &&
    a.fixes.length === b.fixes.length &&
    a.fixes.every((fix, i) => fix.title === b.fixes[i].title && fix.safe === b.fixes[i].safe)
  );
}

function pinned(finding: ReviewedFinding): ObservedFinding {
  const { file, line, column, severity, rule, message, fixes } = finding;
  return { file, line, column, severity, rule, message, fixes };
}

/** The committed snapshot; empty before the first one is written. */
export function readSnapshot(): Snapshot {
  return existsSync(SNAPSHOT_PATH) ? (JSON.parse(readFileSync(SNAPSHOT_PATH, 'utf8')) as Snapshot) : {};
}

/** One finding a line, so that a review edits a line and a diff shows which findings changed. */
export function formatSnapshot(snapshot: Snapshot): string {
  const cases = Object.keys(snapshot).sort();
  const body = cases.map((name) => {
    const findings = snapshot[name];
    if (findings.length === 0) return `  ${JSON.stringify(name)}: []`;
    return `  ${JSON.stringify(name)}: [\n${findings.map((f) => `    ${JSON.stringify(f)}`).join(',\n')}\n  ]`;
  });
  return `{\n${body.join(',\n')}\n}\n`;
}

export function writeSnapshot(snapshot: Snapshot): void {
  writeFileSync(SNAPSHOT_PATH, formatSnapshot(snapshot));
}

/**
 * The snapshot for what the engine says now: an unchanged finding keeps its verdict, any other
 * is `unreviewed` (with the verdict of the finding it replaced at the same file, line and rule,
 * if any). Cases that are gone leave the snapshot.
 */
export function mergeSnapshot(old: Snapshot, observed: Observation): Snapshot {
  const merged: Snapshot = {};
  for (const [name, findings] of Object.entries(observed)) {
    const unused = [...(old[name] ?? [])];
    merged[name] = findings.map((finding): ReviewedFinding => {
      const index = unused.findIndex((earlier) => sameObservation(pinned(earlier), finding));
      if (index !== -1) {
        const { verdict, why, previous } = unused.splice(index, 1)[0];
        return { ...finding, verdict, why, ...(previous && verdict === UNREVIEWED ? { previous } : {}) };
      }
      const replaced = (old[name] ?? []).find((e) => e.file === finding.file && e.line === finding.line && e.rule === finding.rule && e.verdict !== UNREVIEWED);
      return { ...finding, verdict: UNREVIEWED, why: '', ...(replaced ? { previous: { verdict: replaced.verdict, why: replaced.why } } : {}) };
    });
  }
  return merged;
}

export interface SnapshotDifference {
  case: string;
  /** `new`: the engine says it and the snapshot does not; `gone`: the other way round. */
  kind: 'new' | 'gone';
  finding: ObservedFinding;
}

export function differences(snapshot: Snapshot, observed: Observation): SnapshotDifference[] {
  const out: SnapshotDifference[] = [];
  for (const name of [...new Set([...Object.keys(snapshot), ...Object.keys(observed)])].sort()) {
    const unused = (snapshot[name] ?? []).map(pinned);
    for (const finding of observed[name] ?? []) {
      const index = unused.findIndex((earlier) => sameObservation(earlier, finding));
      if (index === -1) out.push({ case: name, kind: 'new', finding });
      else unused.splice(index, 1);
    }
    for (const finding of unused) out.push({ case: name, kind: 'gone', finding });
  }
  return out;
}

export function describeFinding(caseName: string, f: ObservedFinding): string {
  const fixes = f.fixes.length === 0 ? '' : ` [fixes: ${f.fixes.map((fix) => `${fix.safe ? 'safe' : 'manual'} "${fix.title}"`).join(', ')}]`;
  return `${caseName}/${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule} ${f.message}${fixes}`;
}

export interface NoiseSummary {
  total: number;
  byVerdict: Record<string, number>;
  /** FP / all findings (0 when there is none). */
  noiseRate: number;
}

export function noiseSummary(snapshot: Snapshot): NoiseSummary {
  const byVerdict: Record<string, number> = {};
  let total = 0;
  for (const findings of Object.values(snapshot)) {
    for (const f of findings) {
      byVerdict[f.verdict] = (byVerdict[f.verdict] ?? 0) + 1;
      total++;
    }
  }
  return { total, byVerdict, noiseRate: total === 0 ? 0 : (byVerdict.FP ?? 0) / total };
}

export function formatNoise(summary: NoiseSummary): string {
  const counts = [...VERDICTS, UNREVIEWED].map((v) => `${summary.byVerdict[v] ?? 0} ${v}`).join(', ');
  return `${summary.total} findings: ${counts}; noise (FP / all) ${(summary.noiseRate * 100).toFixed(1)}%`;
}

/** Rules whose findings say something about FabEdge (edges, the connector, the public address or port). */
const FABEDGE_RULES = new Set(['proxy-port-mapping', 'proxy-upstream-not-connector', 'proxy-not-referenced', 'proxy-ha-vip']);
// "fabedge." starts a setting name (fabedge.followIncludesOutsideWorkspace), which says nothing about FabEdge.
const FABEDGE_WORDS = /\bfabedge\b(?![.\w])|\bedges?\b|\bconnector/i;

/** Whether a finding makes a FabEdge-specific claim, which needs evidence that the server belongs to FabEdge. */
export function isFabEdgeClaim(f: ObservedFinding): boolean {
  return FABEDGE_RULES.has(f.rule) || f.rule.startsWith('public-') || FABEDGE_WORDS.test(f.message);
}
