/**
 * Property tests: whatever the input, the parser never throws (nor records an exception of its
 * own in `internalError`), every range lies inside the
 * document, and the tokens give the input back exactly. 11,000 runs in total.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseNginx, walkDirectives } from '../../../src/core/nginx/parser';
import type { ParseResult } from '../../../src/core/nginx/ast';
import type { Range } from '../../../src/core/text';
import { mutate, rng, smallStreamConfig } from './generate';

function checkRange(r: ParseResult, range: Range, start: number, end: number, what: string): void {
  const len = r.lineIndex.text.length;
  assert.ok(0 <= start && start <= end && end <= len, `${what}: offsets ${start}..${end} outside 0..${len}`);
  // Plain comparisons, not deepEqual: this runs for every range of 11,000 inputs.
  for (const p of [range.start, range.end]) {
    assert.ok(p.line >= 0 && p.line < r.lineIndex.lineCount, `${what}: line ${p.line}`);
    const back = r.lineIndex.positionAt(r.lineIndex.offsetAt(p));
    assert.ok(back.line === p.line && back.character === p.character, `${what}: position ${p.line}:${p.character} is not in the document`);
  }
  const expected = r.lineIndex.rangeOf(start, end);
  assert.ok(
    expected.start.line === range.start.line && expected.start.character === range.start.character && expected.end.line === range.end.line && expected.end.character === range.end.character,
    `${what}: range does not match its offsets`,
  );
}

function checkInvariants(text: string): void {
  const r = parseNginx(text);
  assert.equal(r.internalError, undefined, 'the statement loop threw');
  // Tokens: contiguous, non-empty, and together exactly the input.
  let at = 0;
  for (const t of r.tokens) {
    assert.equal(t.start, at, 'tokens are contiguous');
    assert.ok(t.end > t.start, 'tokens are not empty');
    assert.equal(t.raw, text.slice(t.start, t.end));
    at = t.end;
  }
  assert.equal(at, text.length);
  assert.equal(r.tokens.map((t) => t.raw).join(''), text);

  const lines = r.lineIndex.lineCount;
  for (const e of r.errors) {
    checkRange(r, e.range, e.start, e.end, `error ${e.message}`);
    if (e.relatedRange) checkRange(r, e.relatedRange, r.lineIndex.offsetAt(e.relatedRange.start), r.lineIndex.offsetAt(e.relatedRange.end), 'related');
    assert.ok(e.line >= 1 && e.line <= lines, `error line ${e.line} of ${lines}`);
  }
  for (const d of walkDirectives(r.directives)) {
    checkRange(r, d.range, d.start, d.end, `directive ${d.name}`);
    assert.ok(d.line >= 1 && d.line <= lines);
    assert.ok(d.fullEnd >= d.end && d.fullEnd <= text.length);
    assert.equal(d.words, d.args.length + 1);
    for (const a of d.args) checkRange(r, a.range, a.start, a.end, `argument ${a.raw}`);
    if (d.blockClose !== undefined) assert.ok(d.blockOpen !== undefined && d.blockOpen < d.blockClose && text[d.blockClose] === '}');
  }
}

// Fragments that exercise every tokenizer state: quotes, escapes, comments, braces, `${`, CR/LF.
const FRAGMENT = fc.constantFrom(
  'listen', 'server', 'stream', 'map', 'content_by_lua_block', '127.0.0.1:15000', 'udp', 'a', 'é', '😀', '\uFEFF', '\uD800',
  ' ', '\t', '\n', '\r\n', '\r', ';', '{', '}', '#', '# c\n', '"', "'", '\\', '\\"', '\\n', '$', '${', '${x}', ')', '(', '--', '[[', ']]', '=',
);
const NGINXISH = fc.array(FRAGMENT, { maxLength: 60 }).map((parts) => parts.join(''));

test('never throws; ranges inside the document; tokens == input (arbitrary strings)', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }), checkInvariants), { numRuns: 3000 });
  fc.assert(fc.property(fc.string({ unit: 'binary-ascii', maxLength: 120 }), checkInvariants), { numRuns: 2000 });
});

test('never throws; ranges inside the document; tokens == input (nginx-ish text)', () => {
  fc.assert(fc.property(NGINXISH, checkInvariants), { numRuns: 4500 });
});

test('never throws; ranges inside the document; tokens == input (mutated stream configs)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 3 }), (seed, count) => {
      const r = rng(seed);
      let text = smallStreamConfig(r, 15000);
      for (let k = 0; k < count; k++) text = mutate(r, text).text;
      checkInvariants(text);
    }),
    { numRuns: 1500 },
  );
});

test('valid generated configs parse without errors and with balanced blocks', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const r = parseNginx(smallStreamConfig(rng(seed), 15000));
    assert.deepEqual(r.errors, [], `seed ${seed}`);
    for (const d of walkDirectives(r.directives)) if (d.block) assert.notEqual(d.blockClose, undefined);
  }
});
