/**
 * Every fix a values rule offers on its fixtures leaves YAML that parses: a file that parsed still
 * does, and a file a look-alike character broke parses once that character is replaced.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { applyEdits, editsByFile } from '../../../src/core/edits';
import { HELM_YAML_OPTIONS } from '../../../src/core/values/helm';
import { lintPaths } from '../../../src/core/workspace/lintPaths';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';

const FIXTURES = resolve(__dirname, '../../fixtures/rules');

function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name !== 'expect.json' && !name.endsWith('.after')) files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

function yamlErrors(text: string): number {
  return parseAllDocuments(text, HELM_YAML_OPTIONS).reduce((n, doc) => n + doc.errors.length, 0);
}

test('every fix of a values rule on its fixtures leaves a values file that parses', () => {
  let checked = 0;
  for (const rule of readdirSync(FIXTURES).filter((name) => name.startsWith('values-'))) {
    const invalid = join(FIXTURES, rule, 'invalid');
    for (const name of readdirSync(invalid)) {
      const files = filesOf(join(invalid, name));
      const fs = new MemoryFileSystem();
      for (const [rel, text] of Object.entries(files)) fs.set(`/ws/${rel}`, text);
      const findings = lintPaths(fs, ['/ws'], DEFAULT_SETTINGS, { locale: 'en' }).findings.filter((f) => f.rule === rule);
      for (const fix of findings.flatMap((f) => f.fixes)) {
        for (const [file, edits] of editsByFile(fix.edits)) {
          const before = fs.readFile(file);
          const after = applyEdits(before, edits).text;
          const where = `${rule}/${name}: "${fix.title}" on ${file}`;
          if (yamlErrors(before) === 0) assert.equal(yamlErrors(after), 0, `${where} breaks the YAML:\n${after}`);
          else if (fix.safe) assert.equal(yamlErrors(after), 0, `${where} is safe but leaves the YAML broken:\n${after}`);
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 20, `only ${checked} fixes checked`);
});
