/**
 * What every hardening test asserts about a check's output, whatever the input. Not a test file.
 *
 * - No finding is `internal-error`: that would mean a rule threw.
 * - Every finding, related location and fix edit points at a known document, with a range whose
 *   positions exist in it (in the core's line model, src/core/text.ts: only LF ends a line, so a
 *   position maps to an offset and back unchanged) and whose start is not after its end.
 * - The edits of one fix do not overlap, and applying them changes the text.
 * - A fix resolves what it was offered for. Precisely: call a fix's key its rule, its title and,
 *   for each edit, the text it replaces and the text it writes; after applying fix F and
 *   checking again, fixes with F's key that
 *   still change the text are offered fewer times than before. So F, applied a second time (a
 *   stale quick fix, `--fix` run twice), has nothing left to act on for the occurrence it fixed.
 * - `--fix` converges: applying the safe fixes in rounds, as the CLI does, reaches a text with
 *   no safe fix that changes anything within the CLI's ten rounds.
 */
import assert from 'node:assert/strict';
import { applyEdits, editsByFile } from '../../../src/core/edits';
import { INTERNAL_ERROR_META } from '../../../src/core/engine';
import type { FileEdit, Finding, Fix } from '../../../src/core/findings';
import { combineFixes } from '../../../src/core/fixes';
import { LineIndex, type Position, type Range } from '../../../src/core/text';

/** Cases per fuzz target: 10,000 in `npm test`, more with `FUZZ_RUNS` (`npm run fuzz`). */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 10_000;

/** Absolute path → text. */
export type Files = ReadonlyMap<string, string>;

/** Checks a set of files and returns every finding. */
export type Check = (files: Files) => Finding[];

const lineIndexes = new WeakMap<object, Map<string, LineIndex>>();

function linesOf(files: Files, file: string): LineIndex {
  let cache = lineIndexes.get(files);
  if (!cache) {
    cache = new Map();
    lineIndexes.set(files, cache);
  }
  let lines = cache.get(file);
  if (!lines) {
    const text = files.get(file);
    assert.ok(text !== undefined, `a location points at ${file}, which is not one of the checked files`);
    lines = new LineIndex(text);
    cache.set(file, lines);
  }
  return lines;
}

function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

function assertRangeInside(files: Files, file: string, range: Range, what: string): void {
  const lines = linesOf(files, file);
  for (const p of [range.start, range.end]) {
    assert.ok(
      Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lines.lineCount && p.character >= 0 && samePosition(lines.positionAt(lines.offsetAt(p)), p),
      `${what}: position ${p.line}:${p.character} is not inside ${file} (${lines.lineCount} lines)`,
    );
  }
  assert.ok(range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character), `${what}: range ends before it starts`);
}

/** The texts after applying one set of edits; asserts they apply cleanly. */
export function applyFileEdits(files: Files, edits: readonly FileEdit[], what: string): Map<string, string> {
  const next = new Map(files);
  for (const [file, fileEdits] of editsByFile(edits)) {
    for (const edit of fileEdits) assertRangeInside(files, file, edit.range, `${what}: edit`);
    const { text, skipped } = applyEdits(files.get(file) ?? '', fileEdits);
    assert.equal(skipped, 0, `${what}: ${skipped} of its edits overlap`);
    next.set(file, text);
  }
  return next;
}

function changes(files: Files, after: Files): boolean {
  for (const [file, text] of after) if (files.get(file) !== text) return true;
  return false;
}

function fixKey(files: Files, finding: Finding, fix: Fix): string {
  const texts = fix.edits.map((e) => {
    const lines = linesOf(files, e.file);
    // What its line holds before the edit too: an insertion replaces no text, and two of them with one
    // title (a `;` after two statements of the same name, say) are different fixes.
    const line = lines.text.slice(lines.offsetAt({ line: e.range.start.line, character: 0 }), lines.offsetAt(e.range.start));
    return `${e.file}\0${line}\0${lines.text.slice(lines.offsetAt(e.range.start), lines.offsetAt(e.range.end))}\0${e.newText}`;
  });
  return `${finding.rule}\0${fix.title}\0${texts.sort().join('\0')}`;
}

/** How many times each fix key is offered with an effect. */
function effectiveFixCounts(files: Files, findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const finding of findings) {
    for (const fix of finding.fixes) {
      let after: Map<string, string>;
      try {
        after = applyFileEdits(files, fix.edits, 'fix');
      } catch {
        continue; // Reported for the original text already; here only the count matters.
      }
      if (!changes(files, after)) continue;
      const key = fixKey(files, finding, fix);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

const MAX_FIX_ROUNDS = 10;

export interface SoundnessOptions {
  /** Whether to re-check after each fix (the costly part); the structural checks always run. */
  fixes?: boolean;
}

/** Asserts every invariant above for the findings of `files`; `check` re-checks edited files. */
export function assertSound(files: Files, findings: readonly Finding[], check: Check, options: SoundnessOptions = {}): void {
  for (const f of findings) {
    const where = `${f.rule} at ${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} (${f.message})`;
    assert.notEqual(f.rule, INTERNAL_ERROR_META.id, `a rule threw: ${f.message}`);
    assertRangeInside(files, f.file, f.range, where);
    for (const r of f.related) assertRangeInside(files, r.file, r.range, `${where}, related "${r.message}"`);
    for (const fix of f.fixes) {
      assert.ok(fix.edits.length > 0, `${where}: fix "${fix.title}" has no edits`);
      const after = applyFileEdits(files, fix.edits, `${where}: fix "${fix.title}"`);
      assert.ok(changes(files, after), `${where}: fix "${fix.title}" changes nothing`);
    }
  }
  if (options.fixes === false) return;

  const before = findings.some((f) => f.fixes.length > 0) ? effectiveFixCounts(files, findings) : new Map<string, number>();
  for (const f of findings) {
    for (const fix of f.fixes) {
      const after = applyFileEdits(files, fix.edits, 'fix');
      const key = fixKey(files, f, fix);
      const again = effectiveFixCounts(after, check(after)).get(key) ?? 0;
      assert.ok(
        again < (before.get(key) ?? 0),
        `${f.rule} at ${f.file}:${f.range.start.line + 1}: after applying "${fix.title}" the same fix is still offered (${again} times, ${before.get(key)} before)\n--- after:\n${[...after.values()].join('\n---\n')}`,
      );
    }
  }

  let current: Files = files;
  let currentFindings = findings;
  for (let round = 0; ; round++) {
    const edits = combineFixes(currentFindings, (fix) => fix.safe);
    if (edits.length === 0) return;
    const next = applyFileEdits(current, edits, `safe fixes, round ${round + 1}`);
    if (!changes(current, next)) return;
    assert.ok(round < MAX_FIX_ROUNDS, `safe fixes do not converge within ${MAX_FIX_ROUNDS} rounds\n--- now:\n${[...next.values()].join('\n---\n')}`);
    current = next;
    currentFindings = check(current);
  }
}

/** Edits to random text: what an editor produces while someone types, pastes and deletes. */
export type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'move-line'; from: number; to: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'crlf' | 'bom' | 'tabs' };

export function mutate(text: string, mutations: readonly Mutation[]): string {
  for (const m of mutations) {
    const at = 'at' in m ? m.at % (text.length + 1) : 0;
    switch (m.kind) {
      case 'insert':
        text = text.slice(0, at) + m.text + text.slice(at);
        break;
      case 'delete':
        text = text.slice(0, at) + text.slice(at + m.length);
        break;
      case 'duplicate':
        text = text.slice(0, at + m.length) + text.slice(at, at + m.length) + text.slice(at + m.length);
        break;
      case 'move-line': {
        const lines = text.split('\n');
        const [line] = lines.splice(m.from % lines.length, 1);
        lines.splice(m.to % (lines.length + 1), 0, line);
        text = lines.join('\n');
        break;
      }
      case 'truncate':
        text = text.slice(0, at);
        break;
      case 'crlf':
        text = text.replace(/\r?\n/g, '\r\n');
        break;
      case 'bom':
        text = `\uFEFF${text}`;
        break;
      case 'tabs':
        text = text.replace(/^( {2})+/gm, (s) => '\t'.repeat(s.length / 2));
        break;
    }
  }
  return text;
}
