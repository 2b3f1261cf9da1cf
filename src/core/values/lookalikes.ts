/**
 * Invisible and look-alike characters that break a values file's YAML while the text looks right:
 * docs copied from web pages carry no-break spaces in the indentation, Chinese input methods type
 * full-width colons and spaces, editors insert tabs and zero-width spaces. The YAML parser only
 * says that a mapping is malformed; these tell which character on which line is to blame.
 */
import { parseAllDocuments, Scalar, visit } from 'yaml';
import { HELM_YAML_OPTIONS } from './helm';
import { excessiveNesting } from './depth';
import { LineIndex } from '../text';

/** Where the character sits, which decides what YAML expected there. */
export type LookalikePlace = 'indentation' | 'after-colon' | 'after-dash' | 'text' | 'key-colon';

export interface Lookalike {
  /** UTF-16 offsets of a run of one repeated character. */
  start: number;
  end: number;
  char: string;
  place: LookalikePlace;
  /** What replaces the run so that YAML reads what the text shows. */
  replacement: string;
}

export interface LookalikeVerdict {
  /** The characters that make YAML read the file other than it looks. */
  culprits: Lookalike[];
  /** The file had YAML errors, and replacing the culprits leaves none: their fixes are safe. */
  explainsAll: boolean;
}

const SPACE_LIKE = /[\u00a0\u2000-\u200a\u202f\u205f\u3000]/;
const ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/;
const FULL_WIDTH_COLON = '\uff1a';
const INDENT_CHAR = /[ \t\u00a0\u2000-\u200d\u202f\u205f\u2060\u3000\ufeff]/;
const ANY_CANDIDATE = /[\t\u00a0\u2000-\u200d\u202f\u205f\u2060\u3000\ufeff\uff1a]/;
/** A key written before a full-width colon: no ASCII colon, quote or comment before it. */
const KEY_BEFORE_FULL_WIDTH_COLON = /^(?:-[ \t]+)?[^\s:#'"{}[\],&*!|>%@`][^:#\uff1a]*\uff1a/;

/** Judging parses the text once per candidate: a file full of them is judged on the first ones. */
const MAX_CANDIDATES = 32;
/** And a large file on fewer: about this many characters parsed in all. */
const JUDGING_BUDGET = 4_000_000;
/** Culprits tried, nearest first, to tell which one breaks a line that has none. */
const MAX_ATTRIBUTION_TRIES = 4;

function isLookalike(ch: string): boolean {
  return SPACE_LIKE.test(ch) || ZERO_WIDTH.test(ch);
}

/** The replacement of a run of `count` characters `ch`; a tab becomes one indentation step. */
function replacementOf(ch: string, count: number, indentWidth: number, next: string | undefined): string {
  if (ch === '\t') return ' '.repeat(indentWidth * count);
  if (ch === FULL_WIDTH_COLON) return next === undefined || /\s/.test(next) ? ':' : ': ';
  if (ZERO_WIDTH.test(ch)) return '';
  return ' '.repeat(count);
}

/** Every run of look-alike characters in places where YAML reads structure (indentation, indicators, keys). */
export function findLookalikes(text: string, indentWidth: number): Lookalike[] {
  // Nearly every file has none of these characters: one search answers for it.
  if (!ANY_CANDIDATE.test(text)) return [];
  const found: Lookalike[] = [];
  let lineStart = 0;
  while (lineStart <= text.length && found.length < MAX_CANDIDATES) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    scanLine(text, lineStart, lineEnd, indentWidth, found);
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  return found.slice(0, MAX_CANDIDATES);
}

function scanLine(text: string, from: number, to: number, indentWidth: number, found: Lookalike[]): void {
  const add = (start: number, place: LookalikePlace): number => {
    const ch = text[start];
    let end = start + 1;
    while (end < to && text[end] === ch) end++;
    // A byte order mark opening the file is allowed and invisible to YAML.
    if (!(ch === '\ufeff' && start === 0)) found.push({ start, end, char: ch, place, replacement: replacementOf(ch, end - start, indentWidth, text[end]) });
    return end;
  };
  let i = from;
  // The indentation: everything blank-looking before the first visible character.
  while (i < to && INDENT_CHAR.test(text[i])) {
    const ch = text[i];
    if (ch === ' ') i++;
    // A tab is an error only where it indents content; in a blank line or before a comment YAML ignores it.
    else if (ch === '\t' && !hasContentAfterIndentation(text, i, to)) i++;
    else i = add(i, 'indentation');
  }
  const content = i;
  if (text[content] === '#') return;
  if (text[content] === '-' && i + 1 < to && isLookalike(text[i + 1])) i = add(i + 1, 'after-dash');
  const keyColon = KEY_BEFORE_FULL_WIDTH_COLON.exec(text.slice(content, to));
  for (; i < to; i++) {
    const ch = text[i];
    // The rest of the line after " #" is a comment, whatever it holds.
    if (ch === '#' && /[ \t]/.test(text[i - 1] ?? '')) return;
    if (keyColon && i === content + keyColon[0].length - 1) i = add(i, 'key-colon') - 1;
    else if (ch === ':' && i + 1 < to && isLookalike(text[i + 1])) i = add(i + 1, 'after-colon') - 1;
    else if (ZERO_WIDTH.test(ch)) i = add(i, 'text') - 1;
  }
}

function hasContentAfterIndentation(text: string, from: number, to: number): boolean {
  let i = from;
  while (i < to && /[ \t]/.test(text[i])) i++;
  return i < to && text[i] !== '#' && text[i] !== '\r';
}

/** `text` with some look-alikes replaced. */
export function replaceLookalikes(text: string, chosen: readonly Lookalike[]): string {
  let out = '';
  let at = 0;
  for (const c of [...chosen].sort((a, b) => a.start - b.start)) {
    out += text.slice(at, c.start) + c.replacement;
    at = c.end;
  }
  return out + text.slice(at);
}

function yamlErrorCount(text: string): number {
  if (excessiveNesting(text) !== undefined) return Infinity;
  return parseAllDocuments(text, HELM_YAML_OPTIONS).reduce((sum, doc) => sum + doc.errors.length, 0);
}

/** The keys of every document and the length of every list, without the scalar values: what the file's structure is. */
function structureOf(text: string): string {
  if (excessiveNesting(text) !== undefined) return '';
  const skeleton = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(skeleton);
    if (typeof value === 'object' && value !== null && !(value instanceof Date)) return Object.entries(value).map(([key, v]) => [key, skeleton(v)]);
    return null;
  };
  try {
    // Quietly: a key that is itself a mapping makes the library warn on stderr while it stringifies it.
    return JSON.stringify(parseAllDocuments(text, { ...HELM_YAML_OPTIONS, logLevel: 'error' }).map((doc) => skeleton(doc.toJS())));
  } catch {
    // A malformed merge key cannot be read as data; such a text is judged on its errors alone.
    return '';
  }
}

/** Whether a text (a key, say) holds a look-alike character: written as it looks, it would be another text. */
export function containsLookalike(text: string): boolean {
  return [...text].some((ch) => isLookalike(ch) || ch === FULL_WIDTH_COLON);
}

/** Where each look-alike lands once all of them are replaced: the offset of its replacement. */
function shiftedStarts(candidates: readonly Lookalike[]): Map<Lookalike, number> {
  const starts = new Map<Lookalike, number>();
  let shift = 0;
  for (const c of [...candidates].sort((a, b) => a.start - b.start)) {
    starts.set(c, c.start + shift);
    shift += c.replacement.length - (c.end - c.start);
  }
  return starts;
}

/** The source ranges of the block scalars (`|`, `>`) of a text that parses: their lines are content, not structure. */
function blockScalarRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const doc of parseAllDocuments(text, HELM_YAML_OPTIONS)) {
    visit(doc, {
      Scalar(_, node) {
        if ((node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) && node.range) ranges.push([node.range[0], node.range[1]]);
      },
    });
  }
  return ranges;
}

/**
 * Which look-alikes make YAML read `text` other than it looks. In a file with errors: when
 * replacing them all leaves none, each one in the structure of the repaired file is to blame; one
 * that lands in text (a block scalar's content, a zero-width character inside a value) only if
 * putting it back brings errors back. Otherwise each is put back in turn, and the ones whose return
 * adds errors are to blame. In a file without errors, a look-alike is to blame when putting it back
 * changes which keys there are. A character nothing depends on is left alone.
 */
export function judgeLookalikes(text: string, found: readonly Lookalike[], parsesCleanly: boolean): LookalikeVerdict {
  // Without errors a tab cannot be indentation, so it is the content of a block scalar.
  const eligible = parsesCleanly ? found.filter((c) => c.char !== '\t') : found;
  const candidates = eligible.slice(0, Math.floor(JUDGING_BUDGET / Math.max(text.length, 1)) - 2);
  if (candidates.length === 0) return { culprits: [], explainsAll: false };
  const repaired = replaceLookalikes(text, candidates);
  const putBack = (c: Lookalike) => replaceLookalikes(text, candidates.filter((other) => other !== c));
  if (parsesCleanly) {
    const structure = structureOf(repaired);
    return { culprits: candidates.filter((c) => structureOf(putBack(c)) !== structure), explainsAll: false };
  }
  const remaining = yamlErrorCount(repaired);
  const brokenWithout = (c: Lookalike) => yamlErrorCount(putBack(c)) > remaining;
  if (remaining > 0) {
    const culprits = candidates.filter(brokenWithout);
    return { culprits, explainsAll: culprits.length > 0 && yamlErrorCount(replaceLookalikes(text, culprits)) === 0 };
  }
  const blocks = blockScalarRanges(repaired);
  const landing = shiftedStarts(candidates);
  const inText = (c: Lookalike) => {
    const at = landing.get(c) ?? c.start;
    return c.place === 'text' || blocks.some(([from, to]) => at >= from && at < to);
  };
  const culprits = candidates.filter((c) => !inText(c) || brokenWithout(c));
  const explainsAll = culprits.length === candidates.length || yamlErrorCount(replaceLookalikes(text, culprits)) === 0;
  return { culprits, explainsAll: culprits.length > 0 && explainsAll };
}

/**
 * The culprit that breaks a line, when all culprits explain the errors: the file with only that
 * one left in has an error on the line. Nearest culprits are tried first (replacements keep
 * every line where it was, so line numbers compare across the texts).
 */
export function culpritOfLine(text: string, verdict: LookalikeVerdict, line: number, lineOf: (offset: number) => number, memo: Map<Lookalike, Set<number>>): Lookalike | undefined {
  if (!verdict.explainsAll) return undefined;
  const byDistance = [...verdict.culprits].sort((a, b) => Math.abs(lineOf(a.start) - line) - Math.abs(lineOf(b.start) - line));
  for (const c of byDistance.slice(0, MAX_ATTRIBUTION_TRIES)) {
    let lines = memo.get(c);
    if (!lines) {
      const alone = replaceLookalikes(text, verdict.culprits.filter((other) => other !== c));
      const lineStarts = new LineIndex(alone);
      lines = new Set(parseAllDocuments(alone, HELM_YAML_OPTIONS).flatMap((doc) => doc.errors.map((e) => lineStarts.positionAt(e.pos[0]).line)));
      memo.set(c, lines);
    }
    if (lines.has(line)) return c;
  }
  return undefined;
}
