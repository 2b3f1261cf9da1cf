import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { proxyEvidence } from '../../../src/core/cross/evidence';
import { normalizeHost } from '../../../src/core/cross/comparableHosts';
import { buildProxyIndex, listensOn, proxyIndex } from '../../../src/core/cross/proxies';
import { proxyLookups } from '../../../src/core/cross/proxyLookups';
import { WorkspaceIndex } from '../../../src/core/workspace/workspaceIndex';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';
import { lintFiles, readFolder, REPO } from './helpers';

const L4 = (addresses: string, extra = '') => `cluster:
  name: beijing
  role: host
  cniType: flannel
  connectorPublicAddresses: ${addresses}
${extra}`;

test('the seed: a wildcard 500/4500 pair forwards to the connector; both ports hop through it', () => {
  const { model } = lintFiles(readFolder(join(REPO, 'examples/nginx-proxy')));
  const index = proxyIndex(model);
  assert.equal(index.proxies.length, 2);
  assert.deepEqual(
    index.proxies.map((p) => p.listens.map((l) => [l.wildcard, l.port?.from, l.udp])),
    [[[true, 500, true]], [[true, 4500, true]]],
  );
  assert.deepEqual(
    index.proxies.map((p) => p.targets.map((t) => `${t.host}:${t.port} ${t.upstream?.name}`)),
    [['10.20.8.23:500 isakmp'], ['10.20.8.23:4500 ipsec-nat-t']],
  );
  const [path] = index.paths;
  assert.equal(path.dial?.host, '10.20.8.24');
  assert.equal(path.port.port, 500);
  assert.equal(path.port.explicit, false);
  assert.deepEqual(path.ports, [500, 4500]);
  assert.deepEqual(path.hops.map((h) => h.port), [500, 4500]);
  assert.equal(path.proxies.length, 2);
  assert.equal(proxyIndex(model), index, 'memoised per model');
});

test('the index and its lookups are kept for the last model only; another model in between gets its own', () => {
  const seed = lintFiles(readFolder(join(REPO, 'examples/nginx-proxy'))).model;
  const current = lintFiles(readFolder(join(REPO, 'examples/current-chart'))).model;
  const index = proxyIndex(seed);
  const lookups = proxyLookups(index);
  assert.equal(proxyIndex(seed), index);
  assert.equal(proxyLookups(index), lookups);
  const other = proxyIndex(current);
  assert.notEqual(other, index);
  assert.deepEqual(other.paths.map((p) => p.doc.file), current.values.map((d) => d.file));
  assert.notEqual(proxyLookups(other), lookups);
  // Asked again after another model, the seed's index is worked out afresh, with the same content.
  const again = proxyIndex(seed);
  assert.notEqual(again, index);
  assert.deepEqual(
    again.paths.map((p) => [p.doc.file, p.dial?.host, p.hops.map((h) => h.port)]),
    index.paths.map((p) => [p.doc.file, p.dial?.host, p.hops.map((h) => h.port)]),
  );
  assert.deepEqual(proxyLookups(again).explicitHosts, lookups.explicitHosts);
});

test('explicit listens match only their address; IPv6 is normalised', () => {
  const nginx = `stream {
  server { listen 10.0.0.1:500 udp; proxy_pass 10.0.0.9:500; }
  server { listen [2001:DB8:0::1]:4500 udp; proxy_pass [2001:db8::9]:4500; }
  server { listen 10.0.0.2:8080; proxy_pass 10.0.0.9:80; }
}
`;
  const { model } = lintFiles({ 'nginx.conf': nginx, 'values.yaml': L4('["2001:db8::0:1"]') });
  const index = buildProxyIndex(model);
  assert.equal(index.proxies.length, 2, 'the 8080 server is no FabEdge proxy');
  const [v6] = index.proxies[1].listens;
  assert.equal(v6.host, '2001:db8::1');
  assert.ok(listensOn(v6, normalizeHost('[2001:0db8::1]'), 4500));
  assert.ok(!listensOn(v6, '10.0.0.1', 4500));
  assert.ok(!listensOn(index.proxies[0].listens[0], '10.0.0.1', 4500));
  assert.deepEqual(index.paths[0].hops.map((h) => h.port), [4500]);
  assert.equal(index.proxies[1].targets[0].host, '2001:db8::9');
});

test('host names compare as written, case aside; comma-separated dial addresses take the first entry', () => {
  const nginx = 'stream { server { listen VPN.example.com:500 udp; proxy_pass 10.0.0.9:500; } }\n';
  const values = `operator:\n  connectorPublicAddresses: vpn.example.com,10.0.0.1\n  connectorSubnets: 10.96.0.0/12\n`;
  const { model } = lintFiles({ 'nginx.conf': nginx, 'values.yaml': values });
  const [path] = buildProxyIndex(model).paths;
  assert.equal(path.dial?.text, 'vpn.example.com');
  assert.deepEqual(path.hops.map((h) => h.listen.host), ['vpn.example.com']);
});

test('a custom public port: the listen on it is a proxy, and the tree learns the port', () => {
  const nginx = 'stream { server { listen 45000 udp; proxy_pass 10.0.0.9:4500; } }\n';
  const { model } = lintFiles({ 'nginx.conf': nginx, 'values.yaml': L4('[10.0.0.1]', '  connectorPublicPort: 45000\n') });
  const index = buildProxyIndex(model);
  assert.deepEqual(index.paths[0].ports, [45000]);
  assert.equal(index.paths[0].hops.length, 1);
  const evidence = proxyEvidence(model).get(model.nginx[0]);
  assert.equal(evidence?.publicPort, 45000, 'the nginx rules receive the port with the tree');
  assert.equal(proxyEvidence(model).get(model.nginx[0]), evidence, 'worked out once per model');
});

test('two values files with different ports: each tree takes the port of the file that dials it', () => {
  const a = 'stream { server { listen 10.0.0.1:45000 udp; proxy_pass 10.0.0.9:4500; } }\n';
  const b = 'stream { server { listen 10.0.0.2:500 udp; proxy_pass 10.0.0.8:500; } server { listen 10.0.0.2:4500 udp; proxy_pass 10.0.0.8:4500; } }\n';
  const { model } = lintFiles({
    'a/nginx.conf': a,
    'a/values.yaml': L4('[10.0.0.1]', '  connectorPublicPort: 45000\n'),
    'b/nginx.conf': b,
    'b/values.yaml': L4('[10.0.0.2]', '  connectorPublicPort: 500\n'),
  });
  const evidence = proxyEvidence(model);
  const ports = Object.fromEntries(model.nginx.map((t) => [t.root.replace('/ws/', ''), evidence.get(t)?.publicPort]));
  assert.deepEqual(ports, { 'a/nginx.conf': 45000, 'b/nginx.conf': 500 });
});

test('keepalived VIP and connector nodes are read from the values file', () => {
  const extra = `  connectorNodeAddresses: [10.0.0.5, 10.0.0.6]
connector:
  replicas: 2
keepalived:
  create: true
  vip: 10.0.0.100/24
  interface: eth0
  routerID: 51
`;
  const { model } = lintFiles({ 'values.yaml': L4('[10.0.0.1]', extra) });
  const [path] = buildProxyIndex(model).paths;
  assert.deepEqual(path.connectorNodes, ['10.0.0.5', '10.0.0.6']);
  assert.equal(path.vip?.address, '10.0.0.100');
});

test('WorkspaceIndex: a values edit that changes the public port re-runs the nginx rules', () => {
  const fs = new MemoryFileSystem();
  // Only port 45000 makes this server a FabEdge proxy, and then proxy-udp sees its TCP listen.
  fs.set('/ws/nginx.conf', 'events {}\nstream {\n    server {\n        listen 45000;\n        proxy_pass 10.0.0.9:9999;\n    }\n}\n');
  fs.set('/ws/values.yaml', L4('[10.0.0.1]'));
  const index = new WorkspaceIndex(fs, ['/ws'], DEFAULT_SETTINGS, { locale: 'en' });
  index.scan();
  const udp = () => index.lint().filter((f) => f.rule === 'proxy-udp').length;
  assert.equal(udp(), 0);
  fs.set('/ws/values.yaml', L4('[10.0.0.1]', '  connectorPublicPort: 45000\n'));
  index.fileChanged('/ws/values.yaml');
  assert.equal(udp(), 1);
  fs.set('/ws/values.yaml', L4('[10.0.0.1]'));
  index.fileChanged('/ws/values.yaml');
  assert.equal(udp(), 0);
});

test('a stream file with a block-structure error makes the index uncertain; its proxies are marked', () => {
  const broken = 'events {}\nstream {\n    server {\n        listen 10.0.0.1:500 udp;\n        proxy_pass 10.0.0.9:500;\n    }\n';
  const index = buildProxyIndex(lintFiles({ 'nginx.conf': broken, 'values.yaml': L4('[10.0.0.2]') }).model);
  assert.equal(index.uncertain, true);
  assert.deepEqual(index.proxies.map((p) => p.uncertain), [true]);
  const unrelated = buildProxyIndex(lintFiles({ 'nginx.conf': 'events {}\nhttp {\n', 'values.yaml': L4('[10.0.0.2]') }).model);
  assert.equal(unrelated.uncertain, false, 'a broken file without stream servers does not hold the checks back');
});

test('connector nodes that are no IP literal make the path unreadable, and are left out', () => {
  const { model } = lintFiles({ 'values.yaml': L4('[10.0.0.1]', '  connectorNodeAddresses:\n   on - 10.20.8.23\n') });
  const [path] = buildProxyIndex(model).paths;
  assert.deepEqual(path.connectorNodes, []);
  assert.equal(path.connectorsUnreadable, true);
});
