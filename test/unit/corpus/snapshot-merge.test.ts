/**
 * How the realistic corpus snapshot is regenerated after the engine changes: unchanged findings
 * keep their reviewed verdict, changed and new ones wait for a person, gone ones leave.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { differences, formatSnapshot, isFabEdgeClaim, mergeSnapshot, noiseSummary, type ObservedFinding, type Snapshot } from '../../support/corpusSnapshot';

const finding = (line: number, rule: string, message: string, safe = false): ObservedFinding => ({
  file: 'nginx.conf',
  line,
  column: 5,
  severity: 'error',
  rule,
  message,
  fixes: [{ title: 'Do it', safe }],
});

const reviewed: Snapshot = {
  relay: [
    { ...finding(3, 'nginx-syntax', 'unexpected "}"'), verdict: 'TP', why: 'nginx says so' },
    { ...finding(7, 'proxy-udp', '"listen 500" is TCP'), verdict: 'FP', why: 'not FabEdge' },
    { ...finding(9, 'nginx-include', 'Not followed'), verdict: 'FP', why: 'notice' },
  ],
  gone: [{ ...finding(1, 'nginx-syntax', 'x'), verdict: 'TP', why: 'y' }],
};

test('an unchanged finding keeps its verdict; a changed one is unreviewed and remembers the old verdict', () => {
  const merged = mergeSnapshot(reviewed, {
    relay: [finding(3, 'nginx-syntax', 'unexpected "}"'), finding(7, 'proxy-udp', '"listen 500" is TCP', true), finding(12, 'proxy-timeout', 'too short')],
  });
  assert.deepEqual(Object.keys(merged), ['relay']);
  const [kept, changed, fresh] = merged.relay;
  assert.equal(kept.verdict, 'TP');
  assert.equal(kept.why, 'nginx says so');
  assert.equal(changed.verdict, 'unreviewed');
  assert.deepEqual(changed.fixes, [{ title: 'Do it', safe: true }]);
  assert.deepEqual(changed.previous, { verdict: 'FP', why: 'not FabEdge' });
  assert.equal(fresh.verdict, 'unreviewed');
  assert.equal(fresh.previous, undefined);
  assert.equal(noiseSummary(merged).byVerdict.unreviewed, 2);
});

test('differences name what the engine says anew and what it no longer says', () => {
  const diff = differences(reviewed, { relay: [finding(3, 'nginx-syntax', 'unexpected "}"'), finding(9, 'nginx-include', 'Not followed: mime.types')] });
  assert.deepEqual(
    diff.map((d) => `${d.kind} ${d.case}:${d.finding.line}`),
    ['gone gone:1', 'new relay:9', 'gone relay:7', 'gone relay:9'],
  );
});

test('the snapshot is written one finding a line and reads back the same', () => {
  const text = formatSnapshot(reviewed);
  assert.deepEqual(JSON.parse(text), reviewed);
  assert.equal(text.split('\n').filter((line) => line.includes('"rule"')).length, 4);
});

test('noise is FP over all findings', () => {
  const summary = noiseSummary(reviewed);
  assert.equal(summary.total, 4);
  assert.equal(summary.noiseRate, 0.5);
});

test('FabEdge claims: rules about the connector or the public address, or words about edges and the connector', () => {
  assert.equal(isFabEdgeClaim(finding(1, 'proxy-port-mapping', 'UDP 500 is forwarded to port 600')), true);
  assert.equal(isFabEdgeClaim(finding(1, 'public-port-not-proxied', 'No proxy listens on 45000')), true);
  assert.equal(isFabEdgeClaim(finding(1, 'proxy-reuseport', "one edge's datagrams reach the connector from different ports")), true);
  assert.equal(isFabEdgeClaim(finding(1, 'proxy-reuseport', 'one IKE peer can be split over workers')), false);
  assert.equal(isFabEdgeClaim(finding(1, 'nginx-include', 'Not followed (setting fabedge.followIncludesOutsideWorkspace).')), false);
});
