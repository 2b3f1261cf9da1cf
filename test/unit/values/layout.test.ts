import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseValuesDocument } from '../../../src/core/values/parse';
import { publicPort, firstPublicAddress, keepalivedVip } from '../../../src/core/values/connector';
import { CHARTS, chartValues, sharedMissing } from './shared';
import { skipWhenMissing } from '../../support/environment';

const EXPECTED: Record<string, string> = {
  '0.0.1': 'L1', '0.2.0': 'L1', '0.3.0': 'L1b', '0.4.0': 'L2', '0.5.0': 'L3',
  '0.6.0': 'L4', '0.7.0': 'L4', '0.8.0': 'L4', '0.8.1': 'L4', '1.0.0': 'L4',
};

test('every released default values file is detected as its layout, from its keys alone', (t) => {
  if (skipWhenMissing(t, sharedMissing)) return;
  for (const version of CHARTS) {
    const doc = parseValuesDocument(`/c/${version}/values.yaml`, chartValues(version));
    assert.equal(doc.layout.id, EXPECTED[version], version);
    assert.equal(doc.layout.decidedBy, 'content', version);
  }
});

test('L4 version qualifiers follow the keys present', (t) => {
  if (skipWhenMissing(t, sharedMissing)) return;
  const min = (v: string) => parseValuesDocument('/v.yaml', chartValues(v)).layout.minChart;
  assert.equal(min('0.6.0'), '0.6.0');
  assert.equal(min('0.7.0'), '0.7.0');
  assert.equal(min('0.8.0'), '0.8.0');
  assert.equal(min('0.8.1'), '0.8.1');
  assert.equal(min('1.0.0'), '1.0.0');
});

test('a pinned chart version overrides the keys and keeps what they said', () => {
  const doc = parseValuesDocument('/v.yaml', 'cluster:\n  cniType: flannel\n', { chartVersion: '0.3.0' });
  assert.equal(doc.layout.id, 'L1b');
  assert.equal(doc.layout.decidedBy, 'chart-version');
  assert.equal(doc.layout.contentLayout, 'L4');
  assert.equal(doc.layout.charts, '0.3.0');
});

test('L1 without edgeLabels cannot be told from L1b', () => {
  const doc = parseValuesDocument('/v.yaml', 'operator:\n  connectorPublicAddresses: 1.2.3.4\n');
  assert.equal(doc.layout.id, 'L1');
  assert.equal(doc.layout.label, 'L1/L1b');
  assert.equal(doc.layout.charts, '0.0.1–0.3.0');
});

test('mixed layouts are noted', () => {
  const doc = parseValuesDocument('/v.yaml', 'cluster:\n  cniType: calico\noperator:\n  connectorSubnets: 10.0.0.0/8\n');
  assert.equal(doc.layout.id, 'L4');
  assert.deepEqual(doc.layout.mixed.map((m) => m.layout), ['L1', 'L1']);
});

test('only cluster.name/role and label items without "=" point to L3; with "=" to L4; nothing else means L4 by default', () => {
  assert.equal(parseValuesDocument('/v.yaml', 'cluster:\n  edgeLabels:\n    - a\n').layout.id, 'L3');
  assert.equal(parseValuesDocument('/v.yaml', 'cluster:\n  edgeLabels:\n    - a=\n').layout.id, 'L4');
  const d = parseValuesDocument('/v.yaml', 'cluster:\n  name: x\n');
  assert.equal(d.layout.id, 'L4');
  assert.equal(d.layout.decidedBy, 'default');
});

test('the model splits L1 strings with per-entry ranges', () => {
  const text = 'operator:\n  connectorPublicAddresses: "10.0.0.1,example.com"\n  connectorSubnets: 10.96.0.0/12, 10.244.0.0/16\n';
  const doc = parseValuesDocument('/v.yaml', text);
  const [a, b] = doc.values.publicAddresses.entries;
  assert.equal(a.text, '10.0.0.1');
  assert.deepEqual(a.range, { start: { line: 1, character: 29 }, end: { line: 1, character: 37 } });
  assert.equal(b.text, 'example.com');
  assert.equal(text.slice(b.offsets![0], b.offsets![1]), 'example.com');
  assert.deepEqual(doc.values.serviceCIDRs.entries.map((e) => e.text), ['10.96.0.0/12', ' 10.244.0.0/16']);
  assert.equal(firstPublicAddress(doc)?.text, '10.0.0.1');
  assert.deepEqual(publicPort(doc), { port: 500, explicit: false });
});

test('public port, keepalived VIP and defaults in L4', () => {
  const text = 'cluster:\n  connectorPublicAddresses: [1.2.3.4]\n  connectorPublicPort: "45000"\nconnector:\n  replicas: 2\nkeepalived:\n  vip: 10.0.0.9/24\n';
  const doc = parseValuesDocument('/v.yaml', text);
  const port = publicPort(doc);
  assert.equal(port.port, 45000);
  assert.equal(port.explicit, true);
  assert.equal(keepalivedVip(doc)?.address, '10.0.0.9');
  assert.equal(doc.values.role?.text, 'host');
  assert.equal(doc.values.role?.explicit, false);
  assert.equal(doc.values.keepalived?.interface.text, 'ens3');
});

test('several YAML documents: the first is the values', () => {
  const doc = parseValuesDocument('/v.yaml', 'cluster:\n  cniType: calico\n---\noperator:\n  connectorSubnets: a\n');
  assert.equal(doc.documents.length, 2);
  assert.equal(doc.layout.id, 'L4');
});
