/**
 * The nginx-tests stream corpus (shared/corpus/nginx-stream), read in place at test time and
 * never copied into the repository. Every file nginx 1.22 accepts must parse without
 * lexical/structural errors and with balanced blocks. Skipped when the folder is absent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseNginx, walkDirectives } from '../../../src/core/nginx/parser';
import { skipWhenMissing } from '../../support/environment';

const repoRoot = resolve(__dirname, '../../..');
const corpus = resolve(repoRoot, process.env.FABEDGE_SHARED ?? '../shared', 'corpus/nginx-stream');
const manifest = resolve(corpus, 'MANIFEST.tsv');

interface Row {
  file: string;
  accepted: boolean;
  firstError: string;
}

function rows(): Row[] {
  const [header, ...lines] = readFileSync(manifest, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const cols = header.split('\t');
  const at = (name: string): number => cols.indexOf(name);
  return lines.map((line) => {
    const cells = line.split('\t');
    return { file: cells[at('file')], accepted: cells[at('accepted_nginx_1.22.1')] === 'yes', firstError: cells[at('first_error')] ?? '' };
  });
}

const present = existsSync(manifest);

test('corpus: files nginx 1.22 accepts parse cleanly with balanced blocks', (t) => {
  if (skipWhenMissing(t, present ? false : `corpus not found at ${corpus}`)) return;
  const all = rows();
  const accepted = all.filter((r) => r.accepted);
  assert.ok(accepted.length > 0);
  let directives = 0;
  for (const row of accepted) {
    const text = readFileSync(resolve(corpus, row.file), 'utf8');
    const r = parseNginx(text);
    assert.deepEqual(r.errors, [], row.file);
    assert.equal(r.tokens.map((t) => t.raw).join(''), text, `${row.file}: lossless tokens`);
    const opens = r.tokens.filter((t) => t.kind === '{').length;
    const closes = r.tokens.filter((t) => t.kind === '}').length;
    assert.equal(opens, closes, `${row.file}: balanced braces`);
    for (const d of walkDirectives(r.directives)) {
      directives++;
      if (d.block) assert.notEqual(d.blockClose, undefined, `${row.file}: ${d.name} on line ${d.line} is closed`);
      assert.notEqual(d.terminator, 'missing', `${row.file}: ${d.name} on line ${d.line} is terminated`);
    }
    assert.ok(r.directives.some((d) => d.name === 'stream'), `${row.file}: has a stream block`);
  }
  console.log(`corpus: ${accepted.length} accepted files, ${directives} statements`);
});

test('corpus: rejected files fail for non-syntax reasons only, so they parse cleanly too', (t) => {
  if (skipWhenMissing(t, present ? false : `corpus not found at ${corpus}`)) return;
  // README: every rejection is a missing run-time file, a newer directive or a missing module.
  for (const row of rows().filter((r) => !r.accepted)) {
    assert.doesNotMatch(row.firstError, /unexpected |too long parameter/, row.file);
    const r = parseNginx(readFileSync(resolve(corpus, row.file), 'utf8'));
    assert.deepEqual(r.errors, [], row.file);
  }
});
