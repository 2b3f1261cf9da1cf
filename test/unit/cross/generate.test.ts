import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { generateProxy, GENERATED_FILE_NAME, planProxy, type ProxyGeneration } from '../../../src/core/cross/generateProxy';
import { applyEdits } from '../../../src/core/edits';
import { proxyIndex } from '../../../src/core/cross/proxies';
import { findNginx, gluedPrefix, makeDir, removeDir, runNginxT } from '../nginx-parser/oracle';
import { crossFindings, describe, lintFiles, readFolder, REPO, ROOT } from './helpers';
import { skipWhenMissing } from '../../support/environment';

const nginx = findNginx();
const nginxMissing = nginx === undefined ? 'needs root and Debian nginx with libnginx-mod-stream (scripts/setup-nginx.sh)' : false;

const L4 = (extra: string, addresses = '[10.20.8.24]') => `cluster:
  name: beijing
  role: host
  cniType: flannel
  connectorPublicAddresses: ${addresses}
  serviceClusterIPRange: [10.96.0.0/12]
  clusterCIDR: [10.244.0.0/16]
${extra}`;

const HA = `  connectorNodeAddresses: [10.20.8.23, 10.20.8.25]
connector:
  replicas: 2
keepalived:
  create: true
  vip: 10.20.8.100/24
  interface: eth0
  routerID: 51
`;

/** nginx -t binds every listen, and this host has none of the proxy's addresses: explicit addresses become 127.0.0.1. */
function localListens(text: string): string {
  return text.replace(/listen\s+(\[[^\]]*\]|[\w.-]+):(\d+)/g, 'listen 127.0.0.1:$2');
}

async function nginxAccepts(config: string): Promise<void> {
  const dir = makeDir();
  try {
    const verdict = await runNginxT(nginx as string, dir, gluedPrefix(dir) + localListens(config));
    assert.equal(verdict.rc, 0, `nginx -t: ${verdict.stderr}\n${config}`);
  } finally {
    removeDir(dir);
  }
}

/** A subtest that `config` passes nginx -t: skipped without nginx, failed under CI. */
function acceptedByNginx(config: string): (t: TestContext) => Promise<void> {
  return async (t) => {
    if (skipWhenMissing(t, nginxMissing)) return;
    await nginxAccepts(config);
  };
}

function generateFor(files: Record<string, string>, valuesFile = 'values.yaml', newFile = false): ProxyGeneration {
  const { model } = lintFiles(files);
  const doc = model.values.find((d) => d.file === `${ROOT}/${valuesFile}`);
  assert.ok(doc, 'values file found');
  return generateProxy(model, doc, { newFile });
}

/**
 * The proxy-related findings left once the generated proxy is in the workspace; also checks that
 * the edges' path really runs through it, so an empty list means something.
 */
function leftover(result: ReturnType<typeof lintFiles>): string[] {
  const [path] = proxyIndex(result.model).paths;
  assert.deepEqual(
    path.hops.map((h) => h.port),
    path.ports,
    'every port the edges send to reaches a proxy listen',
  );
  return result.findings.filter((f) => /^(proxy-|public-)/.test(f.rule)).map(describe);
}

test('port 500, one connector node: a new file with 500 → :500 and 4500 → :4500 on the dial address', async (t) => {
  const values = readFolder(join(REPO, 'examples/current-chart'))['values.yaml'];
  const result = generateFor({ 'values.yaml': values });
  assert.equal(result.kind, 'new-file');
  if (result.kind !== 'new-file') return;
  assert.equal(result.path, `${ROOT}/${GENERATED_FILE_NAME}`);
  assert.match(result.text, /upstream fabedge-isakmp \{\n {8}server 10\.20\.8\.23:500;\n {4}\}/);
  assert.match(result.text, /upstream fabedge-nat-t \{\n {8}server 10\.20\.8\.23:4500;\n {4}\}/);
  assert.match(result.text, /listen 10\.20\.8\.24:500 udp reuseport;\n {8}proxy_pass fabedge-isakmp;/);
  assert.match(result.text, /listen 10\.20\.8\.24:4500 udp reuseport;\n {8}proxy_pass fabedge-nat-t;/);
  assert.doesNotMatch(result.text, /hash/);
  const after = lintFiles({ 'values.yaml': values, [GENERATED_FILE_NAME]: result.text });
  assert.deepEqual(leftover(after), []);
  await t.test('nginx -t accepts it', acceptedByNginx(`events {}\n${result.text}`));
});

test('a custom public port and two nodes: one hashed group, P → :4500', async (t) => {
  const values = L4('  connectorPublicPort: 45000\n  connectorNodeAddresses: [10.20.8.23, 10.20.8.25]\n');
  const result = generateFor({ 'values.yaml': values });
  assert.equal(result.kind, 'new-file');
  if (result.kind !== 'new-file') return;
  assert.doesNotMatch(result.text, /isakmp|:500;/);
  assert.match(result.text, /upstream fabedge-nat-t \{\n {8}hash \$remote_addr;\n {8}server 10\.20\.8\.23:4500;\n {8}server 10\.20\.8\.25:4500;\n {4}\}/);
  assert.match(result.text, /listen 10\.20\.8\.24:45000 udp reuseport;/);
  const after = lintFiles({ 'values.yaml': values, [GENERATED_FILE_NAME]: result.text });
  assert.deepEqual(leftover(after), []);
  await t.test('nginx -t accepts it', acceptedByNginx(`events {}\n${result.text}`));
});

test('two connector nodes on port 500: both groups hashed, same servers in the same order', () => {
  const { model } = lintFiles({ 'values.yaml': L4('  connectorNodeAddresses: [10.20.8.25, 10.20.8.23]\n') });
  const plan = planProxy(model.values[0]);
  assert.deepEqual(plan.connectors, ['10.20.8.25', '10.20.8.23']);
  const result = generateProxy(model, model.values[0]);
  assert.equal(result.kind, 'new-file');
  if (result.kind !== 'new-file') return;
  const groups = [...result.text.matchAll(/upstream [\w-]+ \{([^}]*)\}/g)].map((m) => m[1].replace(/:\d+/g, ''));
  assert.equal(groups.length, 2);
  assert.equal(groups[0], groups[1]);
  assert.match(groups[0], /hash \$remote_addr;\n\s+server 10\.20\.8\.25;\n\s+server 10\.20\.8\.23;/);
  const after = lintFiles({ 'values.yaml': L4('  connectorNodeAddresses: [10.20.8.25, 10.20.8.23]\n'), [GENERATED_FILE_NAME]: result.text });
  assert.deepEqual(leftover(after), []);
});

test('HA with keepalived: the single VIP, no hash', async (t) => {
  const values = L4(HA);
  const result = generateFor({ 'values.yaml': values });
  assert.equal(result.kind, 'new-file');
  if (result.kind !== 'new-file') return;
  assert.match(result.text, /server 10\.20\.8\.100:500;/);
  assert.match(result.text, /server 10\.20\.8\.100:4500;/);
  assert.doesNotMatch(result.text, /10\.20\.8\.2[35]|hash/);
  const after = lintFiles({ 'values.yaml': values, [GENERATED_FILE_NAME]: result.text });
  assert.deepEqual(leftover(after), []);
  await t.test('nginx -t accepts it', acceptedByNginx(`events {}\n${result.text}`));
});

test('a host name dial address listens on the wildcard; IPv6 in brackets', () => {
  const byName = generateFor({ 'values.yaml': L4('  connectorNodeAddresses: [10.20.8.23]\n', '[vpn.example.com]') });
  assert.ok(byName.kind === 'new-file' && /listen 500 udp reuseport;/.test(byName.text) && /listen 4500 udp reuseport;/.test(byName.text));
  const v6 = generateFor({ 'values.yaml': L4('  connectorNodeAddresses: ["2001:db8::23"]\n', '["2001:DB8:0::24"]') });
  assert.ok(v6.kind === 'new-file');
  if (v6.kind !== 'new-file') return;
  assert.match(v6.text, /listen \[2001:db8::24\]:500 udp reuseport;/);
  assert.match(v6.text, /server \[2001:db8::23\]:4500;/);
});

test('an existing stream {} gets the proxy inserted before its closing brace, with free upstream names', async (t) => {
  const conf = `worker_processes auto;
events {}

http {
    server {
        listen 8080;
    }
}

stream {
    # DNS over TCP, unrelated to FabEdge.
    upstream fabedge-isakmp {
        server 10.0.0.53:53;
    }
    server {
        listen 5353;
        proxy_pass fabedge-isakmp;
    }
}
`;
  const values = L4('  connectorNodeAddresses: [10.20.8.23]\n');
  const files = { 'nginx.conf': conf, 'values.yaml': values };
  const result = generateFor(files);
  assert.equal(result.kind, 'edits');
  if (result.kind !== 'edits') return;
  assert.equal(result.file, `${ROOT}/nginx.conf`);
  const text = applyEdits(conf, result.edits).text;
  assert.ok(text.startsWith(conf.slice(0, conf.lastIndexOf('}'))), 'only inserts before the last }');
  assert.match(text, /\n {4}upstream fabedge-isakmp-2 \{\n {8}server 10\.20\.8\.23:500;\n {4}\}\n/);
  assert.match(text, /\n {4}server \{\n {8}listen 10\.20\.8\.24:4500 udp reuseport;\n {8}proxy_pass fabedge-nat-t;\n {4}\}\n\}\n$/);
  const after = lintFiles({ ...files, 'nginx.conf': text });
  assert.deepEqual(leftover(after), []);
  await t.test('nginx -t accepts the edited file', acceptedByNginx(text));
});

test('a legacy values file without connector addresses: a snippet with tab stops', () => {
  const seed = readFolder(join(REPO, 'examples/nginx-proxy'));
  const withStream = generateFor(seed);
  assert.equal(withStream.kind, 'snippet');
  if (withStream.kind !== 'snippet') return;
  assert.deepEqual(withStream.target, { kind: 'stream', file: `${ROOT}/nginx.conf`, position: { line: 18, character: 0 } });
  assert.match(withStream.snippet, /server \$\{1:CONNECTOR_NODE_IP\}:500;/);
  assert.match(withStream.snippet, /server \$\{1:CONNECTOR_NODE_IP\}:4500;/);
  assert.match(withStream.snippet, /listen \$\{2:10\.20\.8\.24:500\} udp reuseport;/);
  // The seed's own upstreams keep their names; the new ones must not clash.
  assert.match(withStream.snippet, /upstream fabedge-isakmp \{/);
  const alone = generateFor({ 'values.yaml': seed['values.yaml'] });
  assert.equal(alone.kind, 'snippet');
  if (alone.kind !== 'snippet') return;
  assert.deepEqual(alone.target, { kind: 'new-file', path: `${ROOT}/${GENERATED_FILE_NAME}` });
  assert.match(alone.snippet, /^stream \{$/m);
  // Filled in, the snippet is a working proxy.
  const filled = alone.snippet.replace(/\$\{1:[^}]*\}/g, '10.20.8.23').replace(/\$\{2:([^}]*)\}/g, '$1').replace(/\\(.)/g, '$1');
  const after = lintFiles({ 'values.yaml': seed['values.yaml'], [GENERATED_FILE_NAME]: filled });
  assert.deepEqual(crossFindings(after.findings).map(describe), []);
});

test('connector text nginx could not read as one host leaves a tab stop instead', () => {
  const { model } = lintFiles({ 'values.yaml': L4('  connectorNodeAddresses:\n   on - 10.20.8.23\n') });
  assert.deepEqual(planProxy(model.values[0]).connectors, []);
  assert.equal(generateProxy(model, model.values[0]).kind, 'snippet');
  const ha = lintFiles({ 'values.yaml': L4(HA.replace('10.20.8.100/24', '"10.20.8.100 eth0/24"')) }).model;
  assert.deepEqual(planProxy(ha.values[0]).connectors, [], 'an unreadable VIP does not fall back to the nodes');
});
