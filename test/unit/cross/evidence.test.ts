import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proxyEvidence } from '../../../src/core/cross/evidence';
import type { FabEdgeTie } from '../../../src/core/nginx/stream';
import { lintPaths } from '../../../src/core/workspace/lintPaths';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { anchorGlobs } from '../../../src/core/glob';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';
import type { WorkspaceModel } from '../../../src/core/cross/workspaceModel';

/** The seed's values file (chart 0.1.0): the edges dial nginx at 10.20.8.24; no connector address. */
const SEED = 'operator:\n  connectorPublicAddresses: 10.20.8.24\n  connectorSubnets: 10.96.0.0/12\n  edgeLabels: node-role.kubernetes.io/edge\ncniType: flannel\n';
const L4 = (publicAddress: string, nodes: string, extra = '') =>
  `cluster:\n  name: beijing\n  role: host\n  cniType: flannel\n  connectorPublicAddresses:\n    - ${publicAddress}\n  connectorNodeAddresses:\n    - ${nodes}\n  serviceClusterIPRange:\n    - 10.96.0.0/12\n  clusterCIDR:\n    - 10.244.0.0/16\n${extra}`;
const RELAY = (listen: string, target: string) =>
  `events {}\nstream {\n    server {\n        listen ${listen}:500 udp;\n        proxy_pass ${target}:500;\n    }\n    server {\n        listen ${listen}:4500 udp;\n        proxy_pass ${target}:4500;\n    }\n}\n`;
const WILDCARD = (target: string) => RELAY('*', target);

function modelOf(files: Record<string, string>, proxyFiles: string[] = []): WorkspaceModel {
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([rel, text]) => [`/ws/${rel}`, text])));
  return lintPaths(fs, ['/ws'], { ...DEFAULT_SETTINGS, proxyFiles: anchorGlobs('/ws', proxyFiles) }, { locale: 'en' }).model;
}

/** For each tree (by root, relative), the tie of each stream server in order ('-' when untied). */
function ties(model: WorkspaceModel): Record<string, string[]> {
  const evidence = proxyEvidence(model);
  return Object.fromEntries(
    model.nginx.map((tree) => {
      const found = evidence.get(tree);
      return [tree.root.slice('/ws/'.length), tree.stream.servers.map((s) => found?.fabedge.get(s) ?? '-')];
    }),
  );
}

const both = (tie: FabEdgeTie | '-') => [tie, tie];

test('an IKE relay alone is nobody\'s proxy: no values file, no setting, no FabEdge name', () => {
  const model = modelOf({ 'nginx.conf': RELAY('0.0.0.0', '127.0.0.1').replace(':500;', ':600;').replace(':4500;', ':4600;') });
  assert.deepEqual(ties(model), { 'nginx.conf': both('-') });
  const evidence = proxyEvidence(model).get(model.nginx[0]);
  assert.equal(evidence?.tree, false);
  assert.equal(evidence?.publicPort, undefined, 'no port is assumed for a tree nothing ties to FabEdge');
});

test('a FabEdge values file in the same folder ties the relays of the file and of the tree it roots', () => {
  assert.deepEqual(ties(modelOf({ 'nginx.conf': WILDCARD('10.20.8.23'), 'values.yaml': SEED })), { 'nginx.conf': both('folder') });
  const included = modelOf({
    'site/nginx.conf': 'events {}\nstream {\n    include stream.d/*.conf;\n}\n',
    'site/stream.d/vpn.conf': 'server {\n    listen 500 udp;\n    proxy_pass 10.20.8.23:500;\n}\n',
    'site/values.yaml': SEED,
  });
  assert.deepEqual(ties(included), { 'site/nginx.conf': ['folder'] });
});

test('a values file in another folder, even one above, ties nothing by place', () => {
  assert.deepEqual(ties(modelOf({ 'values.yaml': SEED, 'vpn/nginx.conf': WILDCARD('192.168.2.13') })), { 'vpn/nginx.conf': both('-') });
  assert.deepEqual(ties(modelOf({ 'fabedge/values.yaml': SEED, 'vpn/nginx.conf': WILDCARD('192.168.2.13') })), { 'vpn/nginx.conf': both('-') });
});

test('a wildcard listen names no address: the edges\' public address and port do not tie it', () => {
  // The values file dials 10.20.8.24 on 500; the relay listens on every address, on 500.
  assert.deepEqual(ties(modelOf({ 'fabedge/values.yaml': SEED, 'vpn/nginx.conf': WILDCARD('192.168.2.13') })), { 'vpn/nginx.conf': both('-') });
});

test('forwarding to a connector node or the keepalived VIP ties a relay, wherever the values file is', () => {
  assert.deepEqual(ties(modelOf({ 'fabedge/values.yaml': L4('10.20.8.24', '10.20.8.23'), 'proxy/nginx.conf': RELAY('10.20.8.99', '10.20.8.23') })), {
    'proxy/nginx.conf': both('connector'),
  });
  const ha = L4('10.20.8.24', '10.20.8.23', 'connector:\n  replicas: 2\nkeepalived:\n  create: true\n  vip: 10.20.8.100/24\n  interface: eth0\n  routerID: 51\n');
  const vip = modelOf({ 'fabedge/values.yaml': ha, 'Chart.yaml': 'x', 'proxy/nginx.conf': RELAY('10.20.8.99', '10.20.8.100') });
  assert.deepEqual(ties(vip), { 'proxy/nginx.conf': both('connector') });
});

test('listening on, or forwarding to, an address a values file lists in connectorPublicAddresses ties a relay', () => {
  assert.deepEqual(ties(modelOf({ 'fabedge/values.yaml': SEED, 'proxy/nginx.conf': RELAY('10.20.8.24', '10.20.8.23') })), { 'proxy/nginx.conf': both('public-address') });
  // The connector written as the public address (public-address-bypasses-proxy's case).
  const bypass = SEED.replace('10.20.8.24', '10.20.8.23');
  assert.deepEqual(ties(modelOf({ 'fabedge/values.yaml': bypass, 'proxy/nginx.conf': RELAY('10.20.8.24', '10.20.8.23') })), { 'proxy/nginx.conf': both('public-address') });
  // A placeholder is nobody's address.
  const placeholder = SEED.replace('10.20.8.24', '<connector-public-ip>');
  assert.deepEqual(ties(modelOf({ 'fabedge/values.yaml': placeholder, 'proxy/nginx.conf': RELAY('10.20.8.24', '10.20.8.23') })), { 'proxy/nginx.conf': both('-') });
});

test('fabedge.proxyFiles names the relay\'s file or its tree\'s root file', () => {
  const files = {
    'nginx/nginx.conf': 'events {}\nstream {\n    include stream.d/*.conf;\n}\n',
    'nginx/stream.d/ike.conf': 'server {\n    listen 500 udp;\n    proxy_pass 192.168.2.13:500;\n}\n',
  };
  assert.deepEqual(ties(modelOf(files)), { 'nginx/nginx.conf': ['-'] });
  assert.deepEqual(ties(modelOf(files, ['nginx/nginx.conf'])), { 'nginx/nginx.conf': ['setting'] });
  assert.deepEqual(ties(modelOf(files, ['nginx/stream.d/*.conf'])), { 'nginx/nginx.conf': ['setting'] });
  assert.deepEqual(ties(modelOf(files, ['other/*.conf'])), { 'nginx/nginx.conf': ['-'] });
});

test('a FabEdge name in the upstream or the file ties a relay without any values file', () => {
  const named = 'events {}\nstream {\n    upstream fabedge-isakmp {\n        server 10.20.8.23:500;\n    }\n    server {\n        listen 500 udp;\n        proxy_pass fabedge-isakmp;\n    }\n}\n';
  assert.deepEqual(ties(modelOf({ 'nginx.conf': named })), { 'nginx.conf': ['name'] });
  assert.deepEqual(ties(modelOf({ 'fabedge-connector.stream.conf': 'server {\n    listen 500 udp;\n    proxy_pass 10.20.8.23:500;\n}\n' })), { 'fabedge-connector.stream.conf': ['name'] });
});

test('a relay that forwards where a FabEdge proxy forwards reaches the same connector; loopback ties nothing', () => {
  const model = modelOf({
    'values.yaml': SEED,
    'nginx.conf': WILDCARD('10.20.8.23'),
    'conf.d/extra.conf': 'server {\n    listen 10.20.8.25:500 udp;\n    proxy_pass 10.20.8.23:500;\n}\n',
  });
  assert.deepEqual(ties(model), { 'conf.d/extra.conf': ['connector'], 'nginx.conf': both('folder') });
  const loopback = modelOf({
    'values.yaml': SEED,
    'nginx.conf': WILDCARD('127.0.0.1'),
    'conf.d/vpn.conf': 'server {\n    listen 10.0.0.5:500 udp;\n    proxy_pass 127.0.0.1:500;\n}\n',
  });
  assert.deepEqual(ties(loopback), { 'conf.d/vpn.conf': ['-'], 'nginx.conf': both('folder') });
});

test('a tied tree learns the public port; the evidence object stays while nothing it depends on changes', () => {
  const custom = L4('10.20.8.24', '10.20.8.23', '  connectorPublicPort: 45000\n');
  const files = { 'values.yaml': custom, 'Chart.yaml': 'apiVersion: v2\nname: fabedge\nversion: 0.8.0\n', 'nginx.conf': 'events {}\nstream {\n    server {\n        listen 10.20.8.24:45000 udp;\n        proxy_pass 10.20.8.23:4500;\n    }\n}\n' };
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([rel, text]) => [`/ws/${rel}`, text])));
  const first = lintPaths(fs, ['/ws'], DEFAULT_SETTINGS, { locale: 'en' }).model;
  const evidence = proxyEvidence(first).get(first.nginx[0]);
  assert.equal(evidence?.publicPort, 45000);
  assert.equal(evidence?.tree, true);
  // Another model of the same trees and equal values: the same evidence object (the nginx rules' findings are kept).
  const second = { ...first, values: [...first.values] };
  assert.equal(proxyEvidence(second).get(first.nginx[0]), evidence);
  // Another public address that no relay uses: other facts, the same evidence object.
  const moved = lintPaths(new MemoryFileSystem(Object.fromEntries([...Object.entries(files)].map(([rel, text]) => [`/ws/${rel}`, rel === 'values.yaml' ? text.replace('  connectorPublicAddresses:\n    - 10.20.8.24\n', '  connectorPublicAddresses:\n    - 10.20.8.24\n    - 10.20.8.77\n') : text]))), ['/ws'], DEFAULT_SETTINGS, { locale: 'en' }).model;
  assert.notEqual(moved.values[0].text, first.values[0].text);
  assert.equal(proxyEvidence({ ...moved, nginx: first.nginx }).get(first.nginx[0]), evidence);
  // Without the values file the tree is nobody's, and its key says so.
  const alone = { ...first, values: [] };
  const untied = proxyEvidence(alone).get(first.nginx[0]);
  assert.equal(untied?.publicPort, undefined);
  assert.notEqual(untied?.key, evidence?.key);
});
