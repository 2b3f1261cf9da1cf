import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const SKIPPED = new Set(['node_modules', 'fixtures']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : sources(path);
    return /\.(ts|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/**
 * What a reader of the repository cannot follow: a section number of a document that lives
 * outside it (the project's notes beside the repository), and the catalogue ids that document
 * gave the checks (X and a digit) before they had rule ids. A section of a published standard (an RFC) is fine.
 */
const UNFOLLOWABLE = [
  { name: 'a § number of a document outside the repository', pattern: /(?<!RFC \d+ )§\s*\d/ },
  { name: 'an old catalogue id (X and a digit)', pattern: /\bX[1-9]\b(?![-\w])/ },
];

test('comments cite what a reader can open: docs/design, primary sources, rule ids', () => {
  const files = ['src', 'scripts', 'test'].flatMap((folder) => sources(join(ROOT, folder)));
  assert.ok(files.length > 100, `only ${files.length} source files found`);
  const found: string[] = [];
  for (const file of files) {
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      for (const { name, pattern } of UNFOLLOWABLE) if (pattern.test(line)) found.push(`${relative(ROOT, file)}:${i + 1}: ${name}: ${line.trim()}`);
    });
  }
  assert.deepEqual(found, []);
});
