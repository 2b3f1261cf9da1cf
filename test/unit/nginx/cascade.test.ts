/**
 * nginx stops at the first syntax error of a file: that one is reported, on the line nginx names,
 * and nothing that only our recovery guessed after it. "Insert ;" is offered only where the
 * statement is then one nginx accepts, and `nginx -t` (Debian's 1.22) judges the fixed text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { applyEdits, editsByFile } from '../../../src/core/edits';
import type { Finding } from '../../../src/core/findings';
import { parseNginx, walkDirectives } from '../../../src/core/nginx/parser';
import { lintPaths } from '../../../src/core/workspace/lintPaths';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';
import { findNginx, makeDir, mapLimited, removeDir, runNginxT, STREAM_MODULE } from '../nginx-parser/oracle';
import { skipWhenMissing } from '../../support/environment';

function lint(text: string, path = 'nginx.conf'): Finding[] {
  const fs = new MemoryFileSystem({ [`/ws/${path}`]: text });
  return lintPaths(fs, ['/ws'], DEFAULT_SETTINGS, { locale: 'en' }).findings;
}

function fixed(text: string, finding: Finding): string {
  const [, edits] = [...editsByFile(finding.fixes[0].edits)][0];
  return applyEdits(text, edits).text;
}

const syntaxOf = (findings: Finding[]) => findings.filter((f) => f.rule === 'nginx-syntax');

test('only the first syntax error of a file is reported: the later ones come from reading on after it', () => {
  const text = 'events {}\nstream {\n    server {\n        listen 500 udp;\n        proxy_pass 10.0.0.1:500\n    }\n    server {\n        listen 4500 udp }\n    }\n}\n}\n';
  const findings = syntaxOf(lint(text));
  assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.message]), [[6, 'unexpected "}" (nginx reports line 6)']]);
});

test('a directive error before the syntax error is reported, one after it is not', () => {
  const text = 'events {}\nstream {\n    server {\n        listen 500 udp backlog=10;\n        proxy_pass 10.0.0.1:500;\n    }\n    server {\n        listen 4500 udp\n    }\n    server {\n        listen 600 udp backlog=10;\n        proxy_pass 10.0.0.1:600;\n    }\n}\n';
  const findings = lint(text).filter((f) => f.rule === 'nginx-directive' || f.rule === 'nginx-syntax');
  assert.deepEqual(findings.map((f) => `${f.range.start.line + 1} ${f.rule}`), ['4 nginx-directive', '9 nginx-syntax']);
});

test('"Insert ;" is offered only where the statement is then one nginx accepts', () => {
  const stream = (body: string) => `events {}\nstream {\n    server {\n        listen 500 udp;\n${body}\n    }\n}\n`;
  const cases: [string, string, boolean][] = [
    ['a known directive with its argument count', stream('        proxy_timeout 10m'), true],
    ['a directive without its argument', stream('        proxy_timeout'), false],
    ['an unknown directive', stream('        proxy_timout 10m'), false],
    ['a directive of http {}', stream('        proxy_read_timeout 10m'), false],
    ['two statements run together', stream('        proxy_timeout 10m\n        proxy_responses 1'), false],
    ['a map entry', 'events {}\nstream {\n    map $remote_addr $pool {\n        default a;\n        10.0.0.1 b\n    }\n}\n', true],
    ['a top-level statement at the end of the file', 'events {}\nworker_processes 2', true],
    ['a statement at the end of the file in an open block', 'events {\n    worker_connections 512', false],
  ];
  for (const [name, text, offered] of cases) {
    const [finding] = syntaxOf(lint(text));
    assert.ok(finding, name);
    assert.equal(finding.fixes.length > 0, offered, `${name}: ${finding.fixes.map((f) => f.title).join(', ')}`);
    if (offered) assert.equal(finding.fixes[0].safe, true, name);
  }
});

const nginx = findNginx();
const CORPUS = resolve(process.env.FABEDGE_SHARED ?? resolve(__dirname, '../../../../shared'), 'corpus/nginx-stream');

/** Accepted nginx-tests configurations (read in place, never copied). */
function acceptedCorpus(): { name: string; text: string }[] {
  const manifest = resolve(CORPUS, 'MANIFEST.tsv');
  if (!existsSync(manifest)) return [];
  const [header, ...rows] = readFileSync(manifest, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const cols = header.split('\t');
  return rows
    .map((row) => row.split('\t'))
    .filter((cells) => cells[cols.indexOf('accepted_nginx_1.22.1')] === 'yes')
    .map((cells) => ({ name: cells[cols.indexOf('file')], text: readFileSync(resolve(CORPUS, cells[cols.indexOf('file')]), 'utf8') }));
}

/**
 * Each accepted file with the `;` of one statement removed, where only blanks and comments lie
 * between that `;` and the `}` or end of file after it: the missing `;` people really make. The
 * first and the last such statement of each file.
 */
function mutations(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const { name, text } of acceptedCorpus()) {
    const candidates = walkDirectives(parseNginx(text).directives).filter((d) => {
      if (d.terminator !== ';' || !d.terminatorToken) return false;
      const after = text.slice(d.terminatorToken.end);
      return /^(\s|#[^\n]*)*(\}|$)/.test(after);
    });
    for (const d of new Set([candidates[0], candidates[candidates.length - 1]])) {
      if (!d?.terminatorToken) continue;
      out.push({ name: `${name}: ${d.name} on line ${d.line}`, text: text.slice(0, d.terminatorToken.start) + text.slice(d.terminatorToken.end) });
    }
  }
  return out;
}

test(
  'on missing-";" mutations of the nginx-tests corpus, the finding names the line nginx names and every offered fix passes nginx -t',
  async (t) => {
    if (skipWhenMissing(t, nginx && existsSync(CORPUS) ? false : 'needs root, Debian nginx with libnginx-mod-stream and ../shared/corpus')) return;
    assert.ok(nginx, 'nginx -t is needed (scripts/setup-nginx.sh, as root)');
    const list = mutations();
    assert.ok(list.length > 40, `only ${list.length} mutations`);
    let offered = 0;
    const failures = await mapLimited(list, 2, async ({ name, text }) => {
      const [finding] = syntaxOf(lint(text));
      if (!finding) return `${name}: no nginx-syntax finding`;
      const dir = makeDir();
      try {
        const prefix = `load_module ${STREAM_MODULE}; `;
        const before = await runNginxT(nginx, dir, prefix + text);
        if (!finding.message.endsWith(`(nginx reports line ${before.line})`)) return `${name}: we say "${finding.message}", nginx says "${before.message}" on line ${before.line}`;
        if (finding.fixes.length === 0) return undefined;
        offered++;
        const after = await runNginxT(nginx, dir, prefix + fixed(text, finding));
        return after.rc === 0 ? undefined : `${name}: after "${finding.fixes[0].title}", nginx -t says ${after.message} (line ${after.line})`;
      } finally {
        removeDir(dir);
      }
    });
    assert.deepEqual(failures.filter(Boolean), []);
    console.log(`missing ";" mutations: ${list.length}, "Insert ;" offered and accepted by nginx -t on ${offered}`);
    // Most of these statements are directives nginx knows in their block: the fix is there for them.
    assert.ok(offered > list.length * 0.8, `the fix was offered on ${offered} of ${list.length} mutations`);
  },
);
