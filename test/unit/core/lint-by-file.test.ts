/**
 * What the server relies on to republish only what changed: lintByFile hands back the same array
 * for a file whose findings did not change, and the same finding objects for equal findings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { equalFindings, reuseEqualFindings, type Finding } from '../../../src/core/findings';
import type { WorkspaceRule } from '../../../src/core/rules/rule';
import { WorkspaceIndex } from '../../../src/core/workspace/workspaceIndex';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';

const VALUES = (address: string) =>
  `cluster:\n  name: site\n  role: host\n  cniType: flannel\n  connectorPublicAddresses:\n    - ${address}\n  connectorNodeAddresses:\n    - 10.20.8.23\n  serviceClusterIPRange:\n    - 10.96.0.0/12\n  clusterCIDR:\n    - 10.244.0.0/16\n  edgeLabels:\n    - node-role.kubernetes.io/edge=\n`;
/** A proxy on `host` and a stale one on `stale` (its own per site, so one site's findings never name the other's). */
const PROXY = (host: string, comment = '', stale = host.replace(/\.\d+$/, '.30')) =>
  `events {}\nstream {\n${comment}    server {\n        listen ${host}:500 udp;\n        proxy_pass 10.20.8.23:500;\n    }\n    server {\n        listen ${host}:4500 udp;\n        proxy_pass 10.20.8.23:4500;\n    }\n    server {\n        listen ${stale}:500 udp;\n        proxy_pass 10.20.8.23:500;\n    }\n}\n`;

function workspace(): { fs: MemoryFileSystem; index: WorkspaceIndex } {
  const fs = new MemoryFileSystem({
    '/ws/a/values.yaml': VALUES('10.20.8.24'),
    '/ws/a/nginx.conf': PROXY('10.20.8.24'),
    '/ws/b/values.yaml': VALUES('10.30.8.24'),
    '/ws/b/nginx.conf': PROXY('10.30.8.24'),
  });
  const index = new WorkspaceIndex(fs, ['/ws'], DEFAULT_SETTINGS, { locale: 'en' });
  index.scan();
  return { fs, index };
}

function edit(fs: MemoryFileSystem, index: WorkspaceIndex, path: string, text: string) {
  fs.set(path, text);
  index.fileChanged(path);
  return index.lintByFile();
}

test('an edit leaves the arrays and findings of the files it does not change as they were', () => {
  const { fs, index } = workspace();
  const before = index.lintByFile();
  assert.ok((before.get('/ws/b/nginx.conf') ?? []).some((f) => f.rule === 'proxy-not-referenced'));
  // Site a moves its proxy: its values file gains a finding; site b's files keep theirs.
  const after = edit(fs, index, '/ws/a/nginx.conf', PROXY('10.20.8.99', '', '10.20.8.30'));
  assert.equal(after.get('/ws/b/nginx.conf'), before.get('/ws/b/nginx.conf'));
  assert.equal(after.get('/ws/b/values.yaml'), before.get('/ws/b/values.yaml'));
  assert.notEqual(after.get('/ws/a/values.yaml'), before.get('/ws/a/values.yaml'));
  assert.ok((after.get('/ws/a/values.yaml') ?? []).some((f) => f.rule === 'public-address-not-proxied'));
  // Moving back gives equal findings again: the files that changed back get new arrays, equal in content.
  const back = edit(fs, index, '/ws/a/nginx.conf', PROXY('10.20.8.24'));
  assert.deepEqual(back.get('/ws/a/values.yaml'), before.get('/ws/a/values.yaml'));
  assert.equal(back.get('/ws/b/nginx.conf'), before.get('/ws/b/nginx.conf'));
});

test('a rebuilt tree whose findings are equal keeps the same finding objects', () => {
  const { fs, index } = workspace();
  const before = index.lintByFile().get('/ws/a/nginx.conf') ?? [];
  assert.ok(before.length > 0);
  // A comment at the end changes the text but no finding.
  const after = edit(fs, index, '/ws/a/nginx.conf', `${PROXY('10.20.8.24')}# the same proxy\n`).get('/ws/a/nginx.conf');
  assert.equal(after, before);
});

test('a suppression comment changed in place is honoured although the findings stay the same', () => {
  const { fs, index } = workspace();
  const comment = (rule: string) => `    server {\n        # fabedge-disable-next-line ${rule}\n        listen 10.20.8.31:500 udp;\n        proxy_pass 10.20.8.23:500;\n    }\n`;
  const rulesAt = (path: string) => (index.lintByFile().get(path) ?? []).filter((f) => f.range.start.line === 4).map((f) => f.rule);
  edit(fs, index, '/ws/a/nginx.conf', PROXY('10.20.8.24', comment('proxy-udp')));
  assert.ok(rulesAt('/ws/a/nginx.conf').includes('proxy-not-referenced'));
  edit(fs, index, '/ws/a/nginx.conf', PROXY('10.20.8.24', comment('proxy-not-referenced')));
  assert.ok(!rulesAt('/ws/a/nginx.conf').includes('proxy-not-referenced'));
});

test('a workspace rule re-checks only the subjects whose inputs changed (RuleContext.forSubject)', () => {
  const checked: string[] = [];
  const perProxy: WorkspaceRule = {
    scope: 'workspace',
    meta: { id: 'test-per-proxy', defaultSeverity: 'info', fixable: false, description: { en: 'test', 'zh-cn': '测试' }, messages: { seen: { en: 'seen', 'zh-cn': '已见' } } },
    check(model, ctx) {
      const hosts = model.nginx.flatMap((tree) => tree.stream.servers.flatMap((s) => s.listens.map((l) => l.host ?? '*')));
      for (const tree of model.nginx) {
        ctx.forSubject(tree, [hosts.length], (subject) => {
          checked.push(subject.root);
          ctx.report({ file: subject.root, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, messageId: 'seen' });
        });
      }
    },
  };
  const fs = new MemoryFileSystem({ '/ws/a/nginx.conf': PROXY('10.20.8.24'), '/ws/b/nginx.conf': PROXY('10.30.8.24') });
  const index = new WorkspaceIndex(fs, ['/ws'], DEFAULT_SETTINGS, { locale: 'en', rules: [perProxy] });
  index.scan();
  index.lint();
  assert.deepEqual(checked.sort(), ['/ws/a/nginx.conf', '/ws/b/nginx.conf']);
  const reported = index.lintByFile().get('/ws/b/nginx.conf');
  checked.length = 0;
  // Same number of listens: only the edited tree (a new object) is checked again; b's finding is reused.
  edit(fs, index, '/ws/a/nginx.conf', PROXY('10.20.8.99', '', '10.20.8.30'));
  assert.deepEqual(checked, ['/ws/a/nginx.conf']);
  assert.equal(index.lintByFile().get('/ws/b/nginx.conf'), reported);
  // One listen more changes an input every subject reads: both are checked again.
  checked.length = 0;
  edit(fs, index, '/ws/a/nginx.conf', PROXY('10.20.8.99', '', '10.20.8.30').replace('stream {\n', 'stream {\n    server {\n        listen 10.20.8.40:500 udp;\n        proxy_pass 10.20.8.23:500;\n    }\n'));
  assert.deepEqual(checked.sort(), ['/ws/a/nginx.conf', '/ws/b/nginx.conf']);
});

function finding(message: string, line = 1, fixTitle?: string): Finding {
  const range = { start: { line, character: 0 }, end: { line, character: 4 } };
  return {
    rule: 'r',
    severity: 'warning',
    message,
    file: '/f',
    range,
    related: [{ file: '/g', range, message: 'there' }],
    fixes: fixTitle ? [{ title: fixTitle, edits: [{ file: '/f', range, newText: 'x' }], safe: true }] : [],
  };
}

test('reuseEqualFindings: equal findings become the earlier objects, one for one; different ones stay', () => {
  const earlier = [finding('a'), finding('a'), finding('b', 2, 'fix')];
  assert.equal(reuseEqualFindings(earlier.map((f) => ({ ...f })), earlier), earlier);
  const fresh = [finding('b', 2, 'fix'), finding('a'), finding('a'), finding('a'), finding('b', 2, 'other fix')];
  const reused = reuseEqualFindings(fresh, earlier);
  assert.equal(reused[0], earlier[2]);
  assert.equal(reused[1], earlier[0]);
  assert.equal(reused[2], earlier[1]);
  assert.equal(reused[3], fresh[3], 'a third equal finding has no earlier one left');
  assert.equal(reused[4], fresh[4], 'a different fix makes a different finding');
  assert.ok(!equalFindings(finding('a'), { ...finding('a'), related: [] }));
  assert.ok(!equalFindings(finding('a'), { ...finding('a'), severity: 'error' }));
  assert.ok(equalFindings(finding('a', 3, 't'), finding('a', 3, 't')));
});
