import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/edits';
import { suppressedLines, suppressionEdit } from '../../../src/core/suppression';
import { combineFixes, editsConflict } from '../../../src/core/fixes';
import { lintPaths } from '../../../src/core/workspace/lintPaths';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';
import type { Finding } from '../../../src/core/findings';

const SEED = `operator:
  connectorPublicAddresses: 10.20.8.24
  edgeLabels: node-role.kubernetes.io/edge
cniType: flannel
`;

test('a disable comment silences the named rule on the next line only', () => {
  const lines = suppressedLines('# fabedge-disable-next-line values-legacy-layout, other\nfoo\n  # fabedge-disable-next-line\nbar\n');
  assert.deepEqual([...(lines.get(1) ?? [])], ['values-legacy-layout', 'other']);
  assert.deepEqual([...(lines.get(3) ?? [])], ['*']);
  assert.equal(lines.has(0), false);
});

test('a # inside a value is not a disable comment', () => {
  assert.equal(suppressedLines('key: "a # fabedge-disable-next-line x"\n').size, 0);
});

test('the suppression edit keeps indentation and line endings, and the finding disappears', () => {
  const fs = new MemoryFileSystem({ '/ws/values.yaml': SEED });
  const before = lintPaths(fs, ['/ws'], DEFAULT_SETTINGS, { locale: 'en' }).findings;
  const finding = before.find((f) => f.rule === 'values-legacy-layout');
  assert.ok(finding);
  const edit = suppressionEdit('/ws/values.yaml', SEED, finding.range.start.line, finding.rule);
  const fixed = applyEdits(SEED, [edit]).text;
  assert.equal(fixed, `# fabedge-disable-next-line values-legacy-layout\n${SEED}`);
  fs.set('/ws/values.yaml', fixed);
  const after = lintPaths(fs, ['/ws'], DEFAULT_SETTINGS, { locale: 'en' }).findings;
  assert.equal(after.some((f) => f.rule === 'values-legacy-layout'), false);

  const crlf = '  listen 500;\r\n';
  assert.equal(applyEdits(crlf, [suppressionEdit('/f', crlf, 0, 'proxy-udp')]).text, '  # fabedge-disable-next-line proxy-udp\r\n  listen 500;\r\n');
});

test('a second rule joins an existing disable comment', () => {
  const text = '  # fabedge-disable-next-line proxy-udp\n  listen 500;\n';
  assert.equal(
    applyEdits(text, [suppressionEdit('/f', text, 1, 'proxy-reuseport')]).text,
    '  # fabedge-disable-next-line proxy-udp, proxy-reuseport\n  listen 500;\n',
  );
});

test('fixes are combined without conflicting edits', () => {
  const edit = (line: number, start: number, end: number) => ({ file: '/f', range: { start: { line, character: start }, end: { line, character: end } }, newText: 'x' });
  assert.equal(editsConflict(edit(0, 0, 2), edit(0, 1, 3)), true);
  assert.equal(editsConflict(edit(0, 0, 2), edit(0, 2, 3)), false);
  assert.equal(editsConflict(edit(0, 2, 2), edit(0, 2, 2)), true);
  const finding = (line: number, start: number, end: number, safe = true): Finding => ({
    rule: 'r', severity: 'error', message: 'm', file: '/f', range: edit(line, start, end).range, related: [],
    fixes: [{ title: 't', safe, edits: [edit(line, start, end)] }],
  });
  const chosen = combineFixes([finding(0, 0, 2), finding(0, 1, 3), finding(1, 0, 1), finding(2, 0, 1, false)], (f) => f.safe);
  assert.deepEqual(chosen.map((e) => [e.range.start.line, e.range.start.character]), [[0, 0], [1, 0]]);
});
