/**
 * Random small workspaces (a values file in several layouts and shapes, an nginx stream config
 * built from the addresses and ports the rules care about): the cross-file rules never throw,
 * and every fix they offer applies cleanly and removes its own finding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits, editsByFile } from '../../../src/core/edits';
import { crossFindings, describe, lintFiles, ROOT } from './helpers';

const ADDRESSES = ['10.20.8.24', '10.20.8.23', '10.20.8.25', '10.20.8.99', '10.20.8.100', '2001:db8::24', 'vpn.example.com'];
const LISTEN_HOSTS = ['', '10.20.8.24:', '10.20.8.30:', '[2001:db8::24]:', '*:'];
const PORTS = [500, 4500, 45000];

const yamlList = (items: string[], flow: boolean): string =>
  flow ? ` [${items.map((i) => JSON.stringify(i)).join(', ')}]` : items.map((i) => `\n    - ${i.includes(':') ? JSON.stringify(i) : i}`).join('');

const valuesArb = fc
  .record({
    legacy: fc.boolean(),
    addresses: fc.uniqueArray(fc.constantFrom(...ADDRESSES), { minLength: 1, maxLength: 3 }),
    flow: fc.boolean(),
    port: fc.constantFrom('', '500', '4500', '45000', '"45000"'),
    nodes: fc.constantFrom<string[]>([], ['10.20.8.23'], ['10.20.8.23', '10.20.8.25']),
    ha: fc.boolean(),
  })
  .map((v) => {
    if (v.legacy) return `operator:\n  connectorPublicAddresses: ${v.addresses.filter((a) => !a.includes(':')).join(',') || '10.20.8.24'}\n  connectorSubnets: 10.96.0.0/12\ncniType: flannel\n`;
    let text = `cluster:\n  name: beijing\n  role: host\n  cniType: flannel\n  connectorPublicAddresses:${yamlList(v.addresses, v.flow)}\n`;
    if (v.port) text += `  connectorPublicPort: ${v.port}\n`;
    if (v.nodes.length > 0) text += `  connectorNodeAddresses:${yamlList(v.nodes, v.flow)}\n`;
    text += '  clusterCIDR: [10.244.0.0/16]\n';
    if (v.ha) text += 'connector:\n  replicas: 2\nkeepalived:\n  create: true\n  vip: 10.20.8.100/24\n  interface: eth0\n  routerID: 51\n';
    return text;
  });

const targetArb = fc.record({
  hosts: fc.uniqueArray(fc.constantFrom('10.20.8.23', '10.20.8.25', '10.20.8.31', '10.20.8.100'), { minLength: 1, maxLength: 2 }),
  port: fc.constantFrom(500, 4500),
  upstream: fc.boolean(),
  comment: fc.boolean(),
});

const nginxArb = fc
  .array(fc.record({ host: fc.constantFrom(...LISTEN_HOSTS), port: fc.constantFrom(...PORTS), target: targetArb }), { minLength: 0, maxLength: 3 })
  .map((servers) => {
    const upstreams: string[] = [];
    const blocks = servers.map((s, i) => {
      let pass = `${s.target.hosts[0]}:${s.target.port}`;
      if (s.target.upstream || s.target.hosts.length > 1) {
        pass = `group${i}`;
        const lines = s.target.hosts.map((h) => `        server ${h}:${s.target.port};${s.target.comment ? '  # node' : ''}`);
        upstreams.push(`    upstream ${pass} {\n${s.target.hosts.length > 1 ? '        hash $remote_addr;\n' : ''}${lines.join('\n')}\n    }\n`);
      }
      return `    server {\n        listen ${s.host}${s.port} udp reuseport;\n        proxy_pass ${pass};\n    }\n`;
    });
    return `worker_processes 1;\nevents {}\nstream {\n${upstreams.join('')}${blocks.join('')}}\n`;
  });

test('cross-file rules: no crash, and every fix removes its finding', () => {
  fc.assert(
    fc.property(valuesArb, nginxArb, (values, nginx) => {
      const files = { 'values.yaml': values, 'nginx.conf': nginx };
      const { findings, fs } = lintFiles(files);
      assert.deepEqual(findings.filter((f) => f.rule === 'internal-error').map(describe), []);
      for (const finding of crossFindings(findings)) {
        for (const fix of finding.fixes) {
          const fixed: Record<string, string> = { ...files };
          for (const [file, edits] of editsByFile(fix.edits)) {
            const result = applyEdits(fs.readFile(file), edits);
            assert.equal(result.skipped, 0, `overlapping edits in "${fix.title}"`);
            fixed[file.slice(ROOT.length + 1)] = result.text;
          }
          const again = crossFindings(lintFiles(fixed).findings);
          const same = again.find((f) => f.rule === finding.rule && f.file === finding.file && f.range.start.line === finding.range.start.line && f.message === finding.message);
          assert.equal(same, undefined, `"${fix.title}" left ${describe(finding)}\n--- values.yaml\n${fixed['values.yaml']}--- nginx.conf\n${fixed['nginx.conf']}`);
        }
      }
    }),
    { numRuns: 250, seed: 5 },
  );
});
