/**
 * Differential test against Debian's nginx 1.22 (`scripts/setup-nginx.sh`): seeded mutations of
 * valid stream configs, our lexical/structural verdict vs `nginx -t`. Installs the oracle with
 * scripts/setup-nginx.sh when running as root (CI); skipped only when not root.
 */
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import assert from 'node:assert/strict';
import { parseNginx } from '../../../src/core/nginx/parser';
import { mutate, rng, smallStreamConfig } from './generate';
import { findNginx, gluedPrefix, isSyntaxMessage, makeDir, mapLimited, removeDir, runNginxT } from './oracle';
import { skipWhenMissing } from '../../support/environment';

const CASES = Number(process.env.FABEDGE_ORACLE_CASES ?? 600);
const SEED = 0x5eed;

interface Case {
  id: number;
  kinds: string[];
  body: string;
}

function buildCases(): Case[] {
  const cases: Case[] = [];
  for (let id = 0; id < CASES; id++) {
    const r = rng(SEED + id * 7919);
    let body = smallStreamConfig(r, 15000 + (id % 50) * 10);
    const kinds: string[] = [];
    const count = r() < 0.75 ? 1 : 2;
    for (let k = 0; k < count; k++) {
      const m = mutate(r, body);
      body = m.text;
      kinds.push(m.kind);
    }
    cases.push({ id, kinds, body });
  }
  return cases;
}

/**
 * nginx prints the offending *byte* (`unexpected "%c"`), so for a non-ASCII character its
 * message holds one invalid UTF-8 byte (decoded as U+FFFD); ours holds the whole character.
 */
function sameMessage(ours: string, theirs: string): boolean {
  return ours === theirs || ours.replace(/[^ -~\t\r\n]/gu, '\uFFFD') === theirs;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * CI runs as root and must not skip this test: install the oracle when it is missing
 * (scripts/setup-nginx.sh is idempotent). Without root (a developer machine) the test is skipped.
 */
function ensureNginx(): string | undefined {
  const found = findNginx();
  if (found || !isRoot) return found;
  const setup = spawnSync('sh', [resolve(__dirname, '../../../scripts/setup-nginx.sh')], { encoding: 'utf8', timeout: 600_000 });
  if (setup.status !== 0) throw new Error(`scripts/setup-nginx.sh failed (exit ${setup.status}):\n${(setup.stderr || setup.stdout).slice(-2000)}`);
  return findNginx();
}

test('nginx -t oracle: lexical/structural verdicts agree on mutated stream configs', { timeout: 900_000 }, async (t) => {
  if (skipWhenMissing(t, isRoot ? false : 'not root: nginx -t must bind listen sockets and setup-nginx.sh needs apt (CI runs as root)')) return;
  const nginx = ensureNginx();
  assert.ok(nginx, 'nginx with the stream module is not available even after scripts/setup-nginx.sh');
  const cases = buildCases();
  const stats = { accepted: 0, syntaxRejects: 0, lineOnly: 0, skipped: 0 };
  const disagreements: string[] = [];
  const messages = new Map<string, number>();

  await mapLimited(cases, 2, async (c) => {
    const dir = makeDir();
    try {
      // Our parser runs on exactly the bytes nginx reads (prefix glued onto line 1), so lines and
      // the 4096-byte buffer windows are the same.
      const text = gluedPrefix(dir) + c.body;
      const verdict = await runNginxT(nginx, dir, text);
      const ours = parseNginx(text).errors;
      const first = ours[0];
      const label = `case ${c.id} (${c.kinds.join('+')})`;
      if (verdict.rc === 139 || verdict.rc === -1) {
        stats.skipped++;
        return;
      }
      if (verdict.rc === 0 || (verdict.message !== undefined && verdict.line === undefined)) {
        // Accepted, or failed only in a post-parse check: the whole file tokenized and parsed.
        stats.accepted++;
        if (first) disagreements.push(`${label}: nginx ${verdict.rc === 0 ? 'accepts' : `passes the parse (${verdict.message})`}, we report ${JSON.stringify(first.message)} on line ${first.line}`);
        return;
      }
      if (verdict.message === undefined || verdict.line === undefined) {
        stats.skipped++;
        return;
      }
      if (isSyntaxMessage(verdict.message)) {
        stats.syntaxRejects++;
        const shape = verdict.message.replace(/^(unexpected|too long parameter) "[^]*"( started)?$/, '$1 "…"$2');
        messages.set(shape, (messages.get(shape) ?? 0) + 1);
        if (!first || !sameMessage(first.message, verdict.message) || first.line !== verdict.line) {
          disagreements.push(`${label}: nginx ${JSON.stringify(verdict.message)}:${verdict.line}, we ${first ? `${JSON.stringify(first.message)}:${first.line}` : 'accept'}`);
        }
        return;
      }
      // A directive-level error on line L: nginx's tokenizer got at least to the statement
      // ending on line L, so no syntax error of ours may come before that line.
      stats.lineOnly++;
      if (first && first.line < verdict.line) {
        disagreements.push(`${label}: nginx ${JSON.stringify(verdict.message)}:${verdict.line}, but we report ${JSON.stringify(first.message)} earlier, on line ${first.line}`);
      }
    } finally {
      removeDir(dir);
    }
  });

  const compared = stats.accepted + stats.syntaxRejects;
  console.log(
    `nginx oracle: ${cases.length} cases, ${compared} compared exactly (${stats.accepted} accepted/parsed, ${stats.syntaxRejects} lexical/structural rejects), ` +
      `${stats.lineOnly} directive-level rejects checked for ordering only, ${stats.skipped} skipped, ${disagreements.length} disagreements`,
  );
  console.log(`nginx oracle: rejects by message: ${[...messages].map(([m, n]) => `${m} ×${n}`).join('; ')}`);
  assert.ok(compared >= 200, `only ${compared} cases could be compared`);
  assert.deepEqual(disagreements, []);
});
