/**
 * docs/lab.md is written by `npm run lab:doc` from the last lab run: it must name every scenario
 * of test/lab (run the lab and regenerate it after adding one). The lab itself needs root:
 * `npm run test:lab`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadScenarios, SCENARIOS_DIR, SLOW_DIR } from '../../lab/scenarios';

test('docs/lab.md has a row for every lab scenario and every quick-fixed variant', () => {
  const doc = readFileSync(resolve(__dirname, '../../../docs/lab.md'), 'utf8');
  const rows = new Set([...doc.matchAll(/^\| (?:↳ )?`([^`]+)`/gm)].map((m) => m[1]));
  const scenarios = loadScenarios(SCENARIOS_DIR);
  const expected = ['seed', ...scenarios.map((s) => s.name), ...scenarios.filter((s) => s.rule && !s.fixedBy).map((s) => `${s.name}+fix`), ...loadScenarios(SLOW_DIR).map((s) => s.name)];
  assert.deepEqual(expected.filter((name) => !rows.has(name)), [], 'run `npm run test:lab`, then `npm run lab:doc`');
  assert.deepEqual([...rows].filter((name) => !expected.includes(name)), [], 'docs/lab.md lists scenarios that no longer exist');
});
