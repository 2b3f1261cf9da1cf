import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '../../..');
/** Folders that hold no harness code: installs, build output and the inputs of tests. */
const NOT_HARNESS = new Set(['node_modules', 'dist', 'out', '.vscode-test', '.git', 'fixtures']);

function mjsFiles(dir: string, recurse: boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return recurse && !NOT_HARNESS.has(entry.name) ? mjsFiles(path, true) : [];
    return entry.name.endsWith('.mjs') ? [relative(ROOT, path)] : [];
  });
}

const HARNESS = [...mjsFiles(ROOT, false), ...mjsFiles(join(ROOT, 'scripts'), true), ...mjsFiles(join(ROOT, 'test'), true)].sort();

/** The comments before the first statement (after a `#!` line), where TypeScript reads `// @ts-check`. */
function leadingComments(text: string): string[] {
  const lines = text.split('\n');
  const start = lines[0]?.startsWith('#!') ? 1 : 0;
  const comments: string[] = [];
  for (const line of lines.slice(start)) {
    if (!line.trimStart().startsWith('//')) break;
    comments.push(line.trim());
  }
  return comments;
}

test('the harness is found (scripts/, test/ and the top folder hold .mjs files)', () => {
  assert.ok(HARNESS.includes('eslint.config.mjs'), HARNESS.join(', '));
  assert.ok(HARNESS.includes('scripts/build.mjs'), HARNESS.join(', '));
  assert.ok(HARNESS.includes('test/ui/run.mjs'), HARNESS.join(', '));
});

test('every .mjs file starts with // @ts-check', () => {
  const unchecked = HARNESS.filter((file) => !leadingComments(readFileSync(join(ROOT, file), 'utf8')).includes('// @ts-check'));
  assert.deepEqual(unchecked, [], 'add `// @ts-check` as the first line (after a #! line) and JSDoc types where tsc asks for them');
});

test('npm run typecheck checks every .mjs file (tsconfig.harness.json includes it)', () => {
  const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.match(packageJson.scripts.typecheck ?? '', /tsc -p tsconfig\.harness\.json/);
  const configFile = join(ROOT, 'tsconfig.harness.json');
  const { config, error } = ts.readConfigFile(configFile, (path) => readFileSync(path, 'utf8'));
  assert.equal(error, undefined);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, configFile);
  assert.equal(parsed.options.checkJs, true);
  const covered = new Set(parsed.fileNames.map((file) => relative(ROOT, file)));
  assert.deepEqual(HARNESS.filter((file) => !covered.has(file)), []);
});
