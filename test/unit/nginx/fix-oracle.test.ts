/**
 * Debian's `nginx -t` (1.22 + libnginx-mod-stream) as the judge of the proxy rules' fixtures:
 * every valid fixture and every quick fix applied to an invalid fixture must give a configuration
 * nginx accepts. Listen addresses are rewritten to loopback first (nginx -t binds them).
 * Skipped when nginx or the stream module is missing or the tests do not run as root.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { applyEdits, editsByFile } from '../../../src/core/edits';
import { lintPaths } from '../../../src/core/workspace/build';
import { MemoryFileSystem } from '../../../src/core/workspace/fileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/workspace/settings';
import { findNginx, gluedPrefix, makeDir, mapLimited, removeDir, runNginxT } from '../nginx-parser/oracle';

const FIXTURES = resolve(__dirname, '../../fixtures/rules');
const RULES = [
  'nginx-syntax', 'nginx-directive', 'nginx-include', 'proxy-udp', 'proxy-context', 'proxy-nat-t-missing', 'proxy-port-mapping',
  'proxy-affinity', 'proxy-session', 'proxy-timeout', 'proxy-reuseport', 'proxy-protocol',
];

interface Candidate {
  name: string;
  files: Record<string, string>;
}

function readCase(dir: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(files, readCase(join(dir, entry.name), rel));
    else if (rel !== 'expect.json' && !/\.after\d*$/.test(rel)) files[rel] = readFileSync(join(dir, entry.name), 'utf8');
  }
  return files;
}

/** nginx -t binds every listen: an address this machine lacks fails, loopback works. */
function toLoopback(text: string): string {
  return text
    .replace(/(\blisten\s+)\d{1,3}(?:\.\d{1,3}){3}(?=:)/g, '$1127.0.0.1')
    .replace(/(\blisten\s+)\[(?!::\])[^\]]*\](?=:)/g, '$1[::1]');
}

function candidates(): Candidate[] {
  const out: Candidate[] = [];
  for (const rule of RULES) {
    for (const kind of ['valid', 'invalid']) {
      const dir = join(FIXTURES, rule, kind);
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir).sort()) {
        const caseDir = join(dir, name);
        const files = readCase(caseDir);
        if (!files['nginx.conf']) continue;
        if (kind === 'valid') {
          out.push({ name: `${rule}/valid/${name}`, files });
          continue;
        }
        const fs = new MemoryFileSystem();
        for (const [rel, text] of Object.entries(files)) fs.set(`/ws/${rel}`, text);
        const findings = lintPaths(fs, ['/ws'], DEFAULT_SETTINGS, { locale: 'en' }).findings.filter((f) => f.rule === rule);
        findings.forEach((finding, i) => {
          finding.fixes.forEach((fix) => {
            const fixed = { ...files };
            for (const [file, edits] of editsByFile(fix.edits)) fixed[file.slice('/ws/'.length)] = applyEdits(fs.readFile(file), edits).text;
            out.push({ name: `${rule}/invalid/${name} #${i} "${fix.title}"`, files: fixed });
          });
        });
      }
    }
  }
  return out;
}

const nginx = findNginx();

test('nginx -t accepts every valid fixture and every fixed invalid fixture', { skip: nginx ? false : 'needs root and Debian nginx with libnginx-mod-stream (scripts/setup-nginx.sh)' }, async () => {
  const list = candidates();
  assert.ok(list.length > 20, `only ${list.length} candidates`);
  const failures = await mapLimited(list, 2, async (candidate) => {
    const dir = makeDir();
    try {
      for (const [rel, text] of Object.entries(candidate.files)) {
        if (rel === 'nginx.conf') continue;
        const path = join(dir, 'conf', rel);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, toLoopback(text));
      }
      const verdict = await runNginxT(nginx as string, dir, gluedPrefix(dir) + toLoopback(candidate.files['nginx.conf']));
      return verdict.rc === 0 ? undefined : `${candidate.name}: rc=${verdict.rc} ${verdict.message ?? verdict.stderr.trim()} (line ${verdict.line ?? '?'})`;
    } finally {
      removeDir(dir);
    }
  });
  assert.deepEqual(failures.filter(Boolean), []);
});
