import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/findings';
import { WorkspaceIndex } from '../../../src/core/workspace/workspaceIndex';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';

const show = (findings: Finding[]) => findings.map((f) => `${f.file}:${f.range.start.line}:${f.range.start.character} ${f.rule} ${f.message}`);

function fresh(fs: MemoryFileSystem): string[] {
  const index = new WorkspaceIndex(fs, ['/ws'], DEFAULT_SETTINGS, { locale: 'en' });
  index.scan();
  return show(index.lint());
}

const VALUES = 'cluster:\n  name: beijing\n  cniType: flannel\n  connectorPublicAddresses:\n    - 10.20.8.24\n  connectorNodeAddresses:\n    - 10.20.8.23\n  serviceClusterIPRange:\n    - 10.96.0.0/12\n  clusterCIDR:\n    - 10.244.0.0/16\n';
const ROOT = 'events {}\nstream {\n    include stream.d/*.conf;\n}\n';
const PAIR = (host: string) =>
  `upstream a {\n    server 10.20.8.23:500;\n}\nupstream b {\n    server 10.20.8.23:4500;\n}\nserver {\n    listen ${host}:500 udp;\n    proxy_pass a;\n}\nserver {\n    listen ${host}:4500 udp;\n    proxy_pass b;\n}\n`;

test('edits keep the index in step with a fresh check, rebuilding only the trees they touch', () => {
  const fs = new MemoryFileSystem({
    '/ws/site-a/values.yaml': VALUES,
    '/ws/site-a/nginx/nginx.conf': ROOT,
    '/ws/site-a/nginx/stream.d/fabedge.conf': PAIR('10.20.8.24'),
    '/ws/site-b/nginx/nginx.conf': ROOT,
    '/ws/site-b/nginx/stream.d/fabedge.conf': PAIR('10.30.8.24'),
  });
  const index = new WorkspaceIndex(fs, ['/ws'], DEFAULT_SETTINGS, { locale: 'en' });
  index.scan();
  assert.deepEqual(show(index.lint()), fresh(fs));
  const treeOf = (root: string) => index.model().nginx.find((t) => t.root === root);
  const otherBefore = treeOf('/ws/site-b/nginx/nginx.conf');

  const steps: [string, string][] = [
    // Same shape: only site-a's tree is rebuilt, and the values file now reports the mismatch.
    ['/ws/site-a/nginx/stream.d/fabedge.conf', PAIR('10.20.8.99')],
    ['/ws/site-a/nginx/stream.d/fabedge.conf', PAIR('10.20.8.24').replace('listen 10.20.8.24:4500 udp;', 'listen 10.20.8.24:4500;')],
    // A new include changes the shape: every tree is built again.
    ['/ws/site-a/nginx/nginx.conf', ROOT.replace('}\n', '    include extra.conf;\n}\n')],
    ['/ws/site-a/nginx/extra.conf', 'upstream c {\n    server 10.20.8.23:500;\n}\n'],
    ['/ws/site-a/nginx/stream.d/fabedge.conf', PAIR('10.20.8.24')],
    // Values edits that untie and tie the relays (their connector node changes): the nginx findings follow.
    ['/ws/site-a/values.yaml', VALUES.replace('- 10.20.8.23', '- 10.20.8.77')],
    ['/ws/site-b/nginx/values.yaml', VALUES.replace('- 10.20.8.24', '- 10.30.8.24').replace('- 10.20.8.23', '- 10.30.8.23')],
    ['/ws/site-a/values.yaml', VALUES],
  ];
  for (const [path, text] of steps) {
    fs.set(path, text);
    index.fileChanged(path);
    assert.deepEqual(show(index.lint()), fresh(fs), `after editing ${path}`);
    if (path === steps[0][0] && text === steps[0][1]) {
      assert.equal(treeOf('/ws/site-b/nginx/nginx.conf'), otherBefore, 'the untouched tree is reused');
      assert.ok(show(index.lint()).some((f) => f.includes('public-address-not-proxied')));
    }
  }

  // A file created in a folder an include glob lists joins that tree (no stale listing of the
  // folder from the scan); deleted, it leaves it.
  const created = '/ws/site-b/nginx/stream.d/second.conf';
  fs.set(created, PAIR('10.30.8.50'));
  index.fileChanged(created);
  assert.deepEqual(show(index.lint()), fresh(fs), 'after creating a file the glob matches');
  assert.ok(treeOf('/ws/site-b/nginx/nginx.conf')?.files.has(created));
  fs.delete(created);
  index.fileDeleted(created);
  assert.deepEqual(show(index.lint()), fresh(fs), 'after deleting it');
  assert.equal(treeOf('/ws/site-b/nginx/nginx.conf')?.files.has(created), false);
});

test('a values edit that ties or unties a relay re-runs the nginx rules of its tree', () => {
  const fs = new MemoryFileSystem({
    // TCP on 500: proxy-udp reports it only on a relay tied to FabEdge.
    '/ws/vpn/nginx.conf': 'events {}\nstream {\n    server {\n        listen 500;\n        proxy_pass 10.20.8.23:500;\n    }\n}\n',
    '/ws/fabedge/values.yaml': VALUES.replace('- 10.20.8.23', '- 10.20.8.99'),
  });
  const index = new WorkspaceIndex(fs, ['/ws'], DEFAULT_SETTINGS, { locale: 'en' });
  index.scan();
  const udp = () => show(index.lint()).filter((f) => f.includes('proxy-udp')).length;
  assert.equal(udp(), 0);
  for (const [nodes, expected] of [['10.20.8.23', 1], ['10.20.8.99', 0]] as const) {
    fs.set('/ws/fabedge/values.yaml', VALUES.replace('- 10.20.8.23', `- ${nodes}`));
    index.fileChanged('/ws/fabedge/values.yaml');
    assert.equal(udp(), expected, `connector node ${nodes}`);
    assert.deepEqual(show(index.lint()), fresh(fs));
  }
});

test('workspace rules kept per tree follow edits that change which values files reach a tree, and what they allow', () => {
  const values = (dial: string, node: string) => VALUES.replace('- 10.20.8.24', `- ${dial}`).replace('- 10.20.8.23', `- ${node}`);
  const pair = (host: string, node: string) => PAIR(host).replaceAll('10.20.8.23', node);
  const fs = new MemoryFileSystem({
    // Two values files reach site-a's proxies: one verdict for the pair of them.
    '/ws/site-a/values.yaml': values('10.20.8.24', '10.20.8.23'),
    '/ws/site-a/values-old.yaml': values('10.20.8.24', '10.20.8.23'),
    '/ws/site-a/nginx/nginx.conf': ROOT,
    '/ws/site-a/nginx/stream.d/fabedge.conf': pair('10.20.8.24', '10.20.8.23'),
    // No values file reaches site-b's proxies: they are judged against every values file.
    '/ws/site-b/nginx/nginx.conf': ROOT,
    '/ws/site-b/nginx/stream.d/fabedge.conf': `${pair('10.30.8.24', '10.30.8.23')}server {\n    listen 10.30.8.25:500 udp;\n    proxy_pass a;\n}\n`,
    // Site-c forwards to a node its values file does not list.
    '/ws/site-c/values.yaml': values('10.40.8.24', '10.40.8.23'),
    '/ws/site-c/nginx/nginx.conf': ROOT,
    '/ws/site-c/nginx/stream.d/fabedge.conf': pair('10.40.8.24', '10.40.8.99'),
  });
  const index = new WorkspaceIndex(fs, ['/ws'], DEFAULT_SETTINGS, { locale: 'en' });
  index.scan();
  const count = (rule: string) => show(index.lint()).filter((f) => f.includes(` ${rule} `)).length;
  const seen = new Set<string>();
  const check = (step: string) => {
    assert.deepEqual(show(index.lint()), fresh(fs), step);
    for (const rule of ['proxy-upstream-not-connector', 'proxy-not-referenced']) seen.add(`${rule}:${count(rule)}`);
  };
  check('after the scan');
  const steps: [string, string][] = [
    // Site-a's edges start to name one of site-b's two hosts (their dial address stays): that
    // host's listen is no longer unreferenced, the other's still is.
    ['/ws/site-a/values.yaml', values('10.20.8.24', '10.20.8.23').replace('- 10.20.8.24\n', '- 10.20.8.24\n    - 10.30.8.25\n')],
    ['/ws/site-a/values.yaml', values('10.20.8.24', '10.20.8.23')],
    // The pair's verdict changes in one of its two files.
    ['/ws/site-a/values-old.yaml', values('10.20.8.24', '10.20.8.77')],
    ['/ws/site-a/values-old.yaml', values('10.20.8.24', '10.20.8.23')],
    // Site-c's finding goes and comes back with its connector node.
    ['/ws/site-c/values.yaml', values('10.40.8.24', '10.40.8.99')],
    ['/ws/site-c/values.yaml', values('10.40.8.24', '10.40.8.23')],
    // A values file reaches site-b, then leaves it.
    ['/ws/site-b/values.yaml', values('10.30.8.24', '10.30.8.23')],
    ['/ws/site-b/values.yaml', values('10.30.8.24', '10.30.8.55')],
    ['/ws/site-b/values.yaml', values('10.30.8.200', '10.30.8.23')],
    // Site-a's proxies move away from its values files and back.
    ['/ws/site-a/nginx/stream.d/fabedge.conf', pair('10.20.8.99', '10.20.8.23')],
    ['/ws/site-a/nginx/stream.d/fabedge.conf', pair('10.20.8.24', '10.20.8.23')],
  ];
  for (const [path, text] of steps) {
    fs.set(path, text);
    index.fileChanged(path);
    check(`after editing ${path}`);
  }
  // The steps above changed what both rules report.
  for (const rule of ['proxy-upstream-not-connector', 'proxy-not-referenced']) assert.ok([...seen].filter((s) => s.startsWith(`${rule}:`)).length > 1, `${rule}: ${[...seen].join(' ')}`);
});
