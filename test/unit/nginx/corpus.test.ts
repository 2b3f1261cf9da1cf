/**
 * The nginx-tests stream corpus (shared/corpus/nginx-stream, read in place, never copied):
 * what nginx 1.22 accepts gets no nginx-syntax/nginx-directive error; what it rejects for a
 * lexical/structural reason, or for a directive argument we model, gets that error on nginx's line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Finding } from '../../../src/core/findings';
import { lintPaths } from '../../../src/core/workspace/lintPaths';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';
import { skipWhenMissing } from '../../support/environment';

const SHARED = process.env.FABEDGE_SHARED ?? resolve(__dirname, '../../../../shared');
const CORPUS = join(SHARED, 'corpus', 'nginx-stream');

interface Row {
  file: string;
  accepted: boolean;
  message?: string;
  line?: number;
}

function rows(): Row[] {
  const lines = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8').split('\n').slice(1).filter(Boolean);
  return lines.map((line) => {
    const [file, , , accepted, firstError = ''] = line.split('\t');
    const m = /^\[emerg\] (.*?)(?: in \S+:(\d+))?$/.exec(firstError);
    return { file, accepted: accepted === 'yes', ...(m ? { message: m[1], ...(m[2] ? { line: Number(m[2]) } : {}) } : {}) };
  });
}

function lint(file: string): Finding[] {
  const fs = new MemoryFileSystem({ '/c/nginx.conf': readFileSync(join(CORPUS, file), 'utf8') });
  return lintPaths(fs, ['/c'], DEFAULT_SETTINGS, { locale: 'en' }).findings.filter((f) => f.rule === 'nginx-syntax' || f.rule === 'nginx-directive');
}

const describe = (f: Finding) => `${f.rule} ${f.range.start.line + 1}: ${f.message}`;
/** Rejections our rules must reproduce: nginx's tokenizer, and the directive arguments we model. */
const MODELLED = /^(unexpected |too long parameter|invalid parameter "|the invalid "|no port in upstream|"listen" directive .* incompatible with "udp"|"proxy_pass" directive is not allowed here)/;

test('nginx-stream corpus: parity with nginx 1.22 for syntax and the modelled directives', (t) => {
  if (skipWhenMissing(t, existsSync(CORPUS) ? false : `no corpus at ${CORPUS}`)) return;
  const list = rows();
  assert.ok(list.length >= 80);
  const problems: string[] = [];
  let accepted = 0;
  let modelled = 0;
  for (const row of list) {
    const findings = lint(row.file).filter((f) => f.severity === 'error');
    if (row.accepted) {
      accepted++;
      if (findings.length > 0) problems.push(`${row.file}: accepted by nginx, but ${findings.map(describe).join('; ')}`);
    } else if (row.message && MODELLED.test(row.message)) {
      modelled++;
      const hit = findings.find((f) => f.message.startsWith(row.message as string) && (row.line === undefined || f.range.start.line + 1 === row.line));
      if (!hit) problems.push(`${row.file}: nginx says "${row.message}" on line ${row.line}, we say ${findings.map(describe).join('; ') || 'nothing'}`);
    }
  }
  assert.equal(accepted, 49);
  assert.ok(modelled >= 6, `only ${modelled} modelled rejections`);
  assert.deepEqual(problems, []);
});
