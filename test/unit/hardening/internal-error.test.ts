/**
 * A rule that throws must not take the others down: the engine turns the exception into one
 * `internal-error` finding on the file being checked, and every other rule still reports.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintNginxTree, lintValuesDocument } from '../../../src/core/engine';
import { buildNginxTrees } from '../../../src/core/nginx/includes';
import { findRule } from '../../../src/core/rules';
import type { NginxRule, Rule, ValuesRule, WorkspaceRule } from '../../../src/core/rules/rule';
import { parseValuesDocument } from '../../../src/core/values/parse';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';
import { lintPaths } from '../../../src/core/workspace/lintPaths';

const meta = (id: string) => ({ id, defaultSeverity: 'error' as const, fixable: false, description: { en: 'Throws.', 'zh-cn': '抛出异常。' }, messages: { partial: { en: 'partial', 'zh-cn': '部分' } } });

const throwingValuesRule: ValuesRule = {
  scope: 'values',
  meta: meta('test-throws'),
  check() {
    throw new Error('boom in values');
  },
};

const throwingNginxRule: NginxRule = {
  scope: 'nginx',
  meta: meta('test-throws'),
  check(tree, ctx) {
    // Reports first, then throws: the half-finished findings must not leak out.
    ctx.report({ file: tree.root, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, messageId: 'partial' });
    throw new TypeError('boom in nginx');
  },
};

function rule(id: string): Rule {
  const found = findRule(id);
  assert.ok(found, id);
  return found;
}

test('a values rule that throws gives one internal-error finding on that file; the other rules still report', () => {
  const doc = parseValuesDocument('/ws/values.yaml', 'operator:\n  connectorPublicAddresses: 10.20.8.24\n  connectorSubnets: 10.96.0.0/33\n');
  for (const locale of ['en', 'zh-cn'] as const) {
    const findings = lintValuesDocument(doc, { locale, rules: [rule('values-legacy-layout'), throwingValuesRule, rule('values-cidr')] });
    const internal = findings.filter((f) => f.rule === 'internal-error');
    assert.equal(internal.length, 1);
    assert.equal(internal[0].file, '/ws/values.yaml');
    assert.equal(internal[0].severity, 'error');
    assert.match(internal[0].message, /test-throws/);
    assert.match(internal[0].message, /boom in values/);
    assert.match(internal[0].message, locale === 'en' ? /failed on this file/ : /失败/);
    assert.ok(findings.some((f) => f.rule === 'values-legacy-layout'), 'the rule before the throwing one still reports');
    assert.ok(findings.some((f) => f.rule === 'values-cidr'), 'the rule after the throwing one still reports');
  }
});

test('an nginx rule that throws after reporting gives only the internal-error finding for that rule', () => {
  const fs = new MemoryFileSystem({ '/ws/nginx.conf': 'events {}\nstream {\n    server {\n        listen 500;\n        proxy_pass 10.20.8.23:500;\n    }\n}\n' });
  const [tree] = buildNginxTrees(fs, [{ path: '/ws/nginx.conf', kind: 'nginx' }], DEFAULT_SETTINGS);
  const evidence = { publicPort: undefined, fabedge: new Map([[tree.stream.servers[0], 'setting' as const]]), tree: true };
  const findings = lintNginxTree(tree, { locale: 'en', rules: [throwingNginxRule, rule('proxy-udp')] }, evidence);
  assert.deepEqual(findings.filter((f) => f.rule === 'internal-error').map((f) => [f.file, f.message]), [['/ws/nginx.conf', 'The check test-throws failed on this file: boom in nginx']]);
  assert.ok(!findings.some((f) => f.rule === 'test-throws'), 'the findings reported before the throw are dropped');
  assert.ok(findings.some((f) => f.rule === 'proxy-udp'), 'proxy-udp still reports the missing udp');
});

test('turning the throwing rule off silences it', () => {
  const doc = parseValuesDocument('/ws/values.yaml', 'cluster:\n  name: a\n');
  const findings = lintValuesDocument(doc, { locale: 'en', rules: [throwingValuesRule], ruleSettings: { 'test-throws': 'off' } });
  assert.deepEqual(findings, []);
});

const throwingWorkspaceRule: WorkspaceRule = {
  scope: 'workspace',
  meta: meta('test-throws'),
  check() {
    throw new RangeError('boom in workspace');
  },
};

test('a workspace rule that throws gives one internal-error finding on the first values file; the other rules still report', () => {
  // nginx on 10.20.8.24 in front of the connector on 10.20.8.23; the edges dial a name instead.
  const fs = new MemoryFileSystem({
    '/ws/values.yaml': 'cluster:\n  name: beijing\n  role: host\n  connectorPublicAddresses:\n    - vpn.example.com\n  connectorNodeAddresses:\n    - 10.20.8.23\n',
    '/ws/nginx/nginx.conf':
      'events {}\nstream {\n    server {\n        listen 10.20.8.24:500 udp;\n        proxy_pass 10.20.8.23:500;\n    }\n    server {\n        listen 10.20.8.24:4500 udp;\n        proxy_pass 10.20.8.23:4500;\n    }\n}\n',
  });
  for (const locale of ['en', 'zh-cn'] as const) {
    const { findings } = lintPaths(fs, ['/ws'], DEFAULT_SETTINGS, { locale, rules: [throwingWorkspaceRule, rule('public-address-not-proxied')] });
    const internal = findings.filter((f) => f.rule === 'internal-error');
    assert.deepEqual(internal.map((f) => [f.file, f.severity]), [['/ws/values.yaml', 'error']]);
    assert.match(internal[0].message, /test-throws/);
    assert.match(internal[0].message, /boom in workspace/);
    assert.ok(findings.some((f) => f.rule === 'public-address-not-proxied'), 'the other workspace rule still reports');
  }
});

test('a workspace rule that throws in a workspace of nginx files only puts its internal-error finding on the first nginx root', () => {
  const fs = new MemoryFileSystem({ '/ws/nginx.conf': 'events {}\nstream {\n    server {\n        listen 500 udp;\n        proxy_pass 10.20.8.23:500;\n    }\n}\n' });
  const { findings } = lintPaths(fs, ['/ws'], DEFAULT_SETTINGS, { locale: 'en', rules: [throwingWorkspaceRule] });
  assert.deepEqual(findings.map((f) => [f.rule, f.file, f.message]), [['internal-error', '/ws/nginx.conf', 'The check test-throws failed on this file: boom in workspace']]);
});

test('a parser failure recorded on a file of the tree gives one internal-error finding on that file, unless turned off', () => {
  const fs = new MemoryFileSystem({ '/ws/nginx.conf': 'events {}\nstream {\n    include stream.conf;\n}\n', '/ws/stream.conf': 'server {\n    listen 500;\n}\n' });
  const [tree] = buildNginxTrees(fs, [{ path: '/ws/nginx.conf', kind: 'nginx' }], DEFAULT_SETTINGS);
  const included = tree.files.get('/ws/stream.conf');
  assert.ok(included);
  // The parser records an exception of its own only through a bug; stand one in.
  included.parse = { ...included.parse, internalError: 'boom in the parser' };
  for (const locale of ['en', 'zh-cn'] as const) {
    const internal = lintNginxTree(tree, { locale }).filter((f) => f.rule === 'internal-error');
    assert.deepEqual(internal.map((f) => [f.file, f.severity]), [['/ws/stream.conf', 'error']]);
    assert.match(internal[0].message, locale === 'en' ? /nginx parser failed on this file: boom in the parser/ : /解析器.*boom in the parser/);
  }
  assert.deepEqual(lintNginxTree(tree, { locale: 'en', ruleSettings: { 'internal-error': 'off' } }).filter((f) => f.rule === 'internal-error'), []);
});
