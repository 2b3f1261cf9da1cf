import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { lintPaths } from '../../../src/core/workspace/lintPaths';
import { NodeFileSystem } from '../../../src/core/io/nodeFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';

const examples = resolve(__dirname, '../../../examples');

test('the seed example is found as an L1b values file and gets values-legacy-layout', () => {
  const result = lintPaths(new NodeFileSystem(), [`${examples}/nginx-proxy`], DEFAULT_SETTINGS, { locale: 'en' });
  const values = result.files.find((f) => f.path.endsWith('nginx-proxy/values.yaml'));
  assert.equal(values?.kind, 'values');
  assert.equal(values?.layout, 'L1b');
  const legacy = result.findings.filter((f) => f.rule === 'values-legacy-layout');
  assert.equal(legacy.length, 1);
  assert.match(legacy[0].message, /chart 0\.3\.0 layout/);
  assert.equal(legacy[0].severity, 'info');
  assert.deepEqual(legacy[0].range.start, { line: 3, character: 0 });
});

test('the current-chart example is L4 and has no legacy finding', () => {
  const result = lintPaths(new NodeFileSystem(), [`${examples}/current-chart`], DEFAULT_SETTINGS, { locale: 'en' });
  assert.equal(result.files.find((f) => f.kind === 'values')?.layout, 'L4');
  assert.deepEqual(result.findings.filter((f) => f.rule === 'values-legacy-layout'), []);
});

test('messages follow the locale', () => {
  const result = lintPaths(new NodeFileSystem(), [`${examples}/nginx-proxy`], DEFAULT_SETTINGS, { locale: 'zh-cn' });
  assert.match(result.findings[0].message, /布局/);
});

test('a rule switched off reports nothing', () => {
  const result = lintPaths(new NodeFileSystem(), [`${examples}/nginx-proxy`], DEFAULT_SETTINGS, {
    locale: 'en',
    ruleSettings: { 'values-legacy-layout': 'off' },
  });
  assert.deepEqual(result.findings, []);
});
