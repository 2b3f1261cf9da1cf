import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { lintPaths } from '../../../src/core/workspace/lintPaths';
import { NodeFileSystem } from '../../../src/core/io/nodeFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';

const CASE = resolve(__dirname, '../../fixtures/rules/public-port-not-proxied/invalid/old-chart-ignores-port');

test('one problem, one finding: the cross-file port finding replaces the values-only one on the same key', () => {
  const rules = (settings: Record<string, 'off'>) =>
    lintPaths(new NodeFileSystem(), [CASE], DEFAULT_SETTINGS, { locale: 'en', ruleSettings: settings }).findings.map((f) => f.rule);
  const both = rules({});
  assert.ok(both.includes('public-port-not-proxied'));
  assert.ok(!both.includes('values-public-port'));
  // Without the proxy's point of view, the values file still says the chart ignores the port.
  assert.ok(rules({ 'public-port-not-proxied': 'off' }).includes('values-public-port'));
});
