import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/edits';
import { lintValuesDocument } from '../../../src/core/engine';
import { parseValuesDocument } from '../../../src/core/values/parse';
import { migrationEdits } from '../../../src/core/values/migrate';
import { chartValues, sharedMissing } from './shared';
import { skipWhenMissing } from '../../support/environment';

function migrate(text: string): string {
  const edits = migrationEdits(parseValuesDocument('/w/values.yaml', text));
  assert.ok(edits, 'the migration offers edits');
  const { text: out, skipped } = applyEdits(text, edits);
  assert.equal(skipped, 0, 'no overlapping edits');
  return out;
}

for (const version of ['0.0.1', '0.2.0', '0.3.0', '0.4.0', '0.5.0']) {
  test(`migrating the chart ${version} defaults yields an L4 file whose only findings are the placeholders`, (t) => {
    if (skipWhenMissing(t, sharedMissing)) return;
    const out = migrate(chartValues(version));
    const doc = parseValuesDocument('/w/values.yaml', out);
    assert.equal(doc.layout.id, 'L4');
    const findings = lintValuesDocument(doc, { locale: 'en' });
    assert.ok(findings.length > 0);
    for (const f of findings) {
      const line = doc.lines.lineText(f.range.start.line);
      assert.match(line, /<ASK:/, `${f.rule} at ${f.range.start.line + 1}: ${f.message}`);
    }
    // Comments of moved keys travel with them.
    assert.match(out, /# ip of connector accessible by the edge node\n {2}connectorPublicAddresses:/);
  });
}

test('the seed document\'s values migrate to the current layout, keeping comments and asking what the old file cannot tell', () => {
  const seed = [
    '# the seed',
    'operator:',
    '  connectorPublicAddresses: 10.20.8.24  # nginx address',
    '  connectorSubnets: 10.96.0.0/12',
    '  edgeLabels: node-role.kubernetes.io/edge',
    '  # masquerade edge pods',
    '  masqOutgoing: true',
    '  enableProxy: false',
    'cniType: flannel',
    '',
  ].join('\n');
  assert.equal(migrate(seed), [
    '# the seed',
    'cluster:',
    '  name: "<ASK: a name for this cluster>"',
    '  role: host',
    '  cniType: flannel',
    '  connectorPublicAddresses:',
    '    - 10.20.8.24  # nginx address',
    '  serviceClusterIPRange:',
    '    - "<ASK: service or pod CIDR? 10.96.0.0/12>"',
    '  clusterCIDR:',
    '    - "<ASK: pod CIDR of this cluster>"',
    '  edgeLabels:',
    '    - node-role.kubernetes.io/edge=',
    'agent:',
    '  args:',
    '    # masquerade edge pods',
    '    MASQ_OUTGOING: "true"',
    '    ENABLE_PROXY: "false"',
    '',
  ].join('\n'));
});

test('no migration for a file that already mixes in a cluster block, or for L4', () => {
  assert.equal(migrationEdits(parseValuesDocument('/v.yaml', 'operator:\n  connectorSubnets: 10.0.0.0/8\ncluster:\n  name: a\n')), undefined);
  assert.equal(migrationEdits(parseValuesDocument('/v.yaml', 'cluster:\n  cniType: calico\n')), undefined);
});

test('values-legacy-layout offers the migration exactly when there are edits, and works them out only when asked', () => {
  const texts = [
    'operator:\n  connectorPublicAddresses: 10.20.8.24\n  connectorSubnets: 10.96.0.0/12\ncniType: flannel\n',
    'operator:\n  connectorSubnets: 10.0.0.0/8\ncluster:\n  name: a\n',
    'cluster:\n  name: a\n  connectorPublicAddresses: 10.20.8.24\nconnector:\n  replicas: 1\n',
    'operator:\n  connectorPublicAddresses: [10.20.8.24\n',
  ];
  let offered = 0;
  for (const text of texts) {
    const doc = parseValuesDocument('/v.yaml', text);
    const expected = migrationEdits(doc);
    const fix = lintValuesDocument(doc, { locale: 'en' }).find((f) => f.rule === 'values-legacy-layout')?.fixes[0];
    assert.equal(fix !== undefined, expected !== undefined, text);
    if (!fix) continue;
    offered++;
    const edits = fix.edits;
    assert.deepEqual(edits, expected);
    assert.equal(fix.edits, edits, 'computed once, then kept');
    assert.deepEqual(JSON.parse(JSON.stringify(fix)).edits, expected, 'serialised with the fix');
  }
  assert.ok(offered > 0);
});
