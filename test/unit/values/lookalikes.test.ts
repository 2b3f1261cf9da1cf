import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { applyEdits, editsByFile } from '../../../src/core/edits';
import { combineFixes } from '../../../src/core/fixes';
import type { Finding } from '../../../src/core/findings';
import { findLookalikes, judgeLookalikes, replaceLookalikes } from '../../../src/core/values/lookalikes';
import { HELM_YAML_OPTIONS } from '../../../src/core/values/helm';
import { lintPaths } from '../../../src/core/workspace/lintPaths';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';
import { SHARED, sharedMissing } from './shared';
import { skipWhenMissing } from '../../support/environment';

function errorCount(text: string): number {
  return parseAllDocuments(text, HELM_YAML_OPTIONS).reduce((n, doc) => n + doc.errors.length, 0);
}

function lint(files: Record<string, string>, locale: 'en' | 'zh-cn' = 'en'): { findings: Finding[]; fs: MemoryFileSystem } {
  const fs = new MemoryFileSystem();
  for (const [name, text] of Object.entries(files)) fs.set(`/ws/${name}`, text);
  return { findings: lintPaths(fs, ['/ws'], DEFAULT_SETTINGS, { locale }).findings, fs };
}

/** What `fabedge-lint --fix` does: safe fixes, round after round, until none is left. */
function fixAll(files: Record<string, string>): Record<string, string> {
  let current = { ...files };
  for (let round = 0; round < 10; round++) {
    const { findings, fs } = lint(current);
    const edits = combineFixes(findings, (fix) => fix.safe);
    if (edits.length === 0) break;
    const next = { ...current };
    for (const [file, fileEdits] of editsByFile(edits)) next[file.slice('/ws/'.length)] = applyEdits(fs.readFile(file), fileEdits).text;
    current = next;
  }
  return current;
}

const describe = (f: Finding) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.rule}`;

test('look-alike characters are found where YAML reads structure, with what replaces them', () => {
  const text = [
    'cluster:',
    '\u00a0 name: beijing', // no-break space in the indentation
    '\tcniType: flannel', // tab in the indentation
    '  role:\u3000host', // full-width space after the colon
    '  zone\uff1aharbin', // full-width colon ending a key
    '  region: 北京：海淀', // a full-width colon inside a value is text
    '  # a comment\u00a0with\u200b anything',
    '  initToken:\u200b"abc"', // zero-width space after the colon
    '-\u00a0item',
    '',
  ].join('\n');
  const found = findLookalikes(text, 4).map((c) => [text.slice(0, c.start).split('\n').length, c.place, c.replacement]);
  assert.deepEqual(found, [
    [2, 'indentation', ' '],
    [3, 'indentation', '    '],
    [4, 'after-colon', ' '],
    [5, 'key-colon', ': '],
    [8, 'after-colon', ''],
    [9, 'after-dash', ' '],
  ]);
});

test('a byte order mark at the start, tabs on blank lines and before comments are not look-alikes', () => {
  assert.deepEqual(findLookalikes('\ufeffcluster:\n\t\n\t# note\n  name: a\n', 2), []);
  assert.deepEqual(findLookalikes('a: 1\n\u200bb: 2\n', 2).map((c) => c.place), ['indentation']);
});

test('only the characters the errors depend on are culprits; all of them explain every error', () => {
  // The tab inside the block scalar is text there; only the no-break space breaks the file.
  const text = 'cluster:\n\u00a0 name: beijing\n  role: host\nscript: |\n  \techo hi\n';
  const candidates = findLookalikes(text, 2);
  assert.equal(candidates.length, 2);
  const verdict = judgeLookalikes(text, candidates, false);
  assert.deepEqual(verdict.culprits.map((c) => c.char), ['\u00a0']);
  assert.equal(verdict.explainsAll, true);
  assert.equal(errorCount(replaceLookalikes(text, verdict.culprits)), 0);
});

test('with another error besides the look-alike, the look-alike is named but its fix is not safe', () => {
  const files = { 'values.yaml': 'cluster:\n  cniType: flannel\n\u00a0 name: beijing\n  connectorPublicAddresses: [10.20.8.24\n' };
  const { findings } = lint(files);
  assert.ok(findings.every((f) => f.rule === 'values-syntax'), findings.map(describe).join('; '));
  const named = findings.filter((f) => f.message.includes('U+00A0'));
  assert.equal(named.length, 1);
  assert.deepEqual(named[0].fixes.map((f) => f.safe), [false]);
  // The parser's own errors stay, since the look-alike does not explain them all.
  assert.ok(findings.length > 1);
});

test('a file broken by look-alikes gets only values-syntax findings, names each character in both languages, and --fix makes it parse', () => {
  const text = [
    'cluster:',
    '  name: beijing',
    '\u00a0 role: host',
    '  cniType\uff1aflannel',
    '  connectorPublicAddresses:',
    '  - 10.20.8.24',
    'agent:',
    '  args:',
    '\t\tENABLE_PROXY: "true"',
    '',
  ].join('\n');
  const { findings } = lint({ 'values.yaml': text });
  assert.deepEqual([...new Set(findings.map((f) => f.rule))], ['values-syntax']);
  const messages = findings.map((f) => f.message).join('\n');
  for (const part of ['line 3 has a no-break space (U+00A0)', 'line 4 ends its key with a full-width colon "：" (U+FF1A)', 'line 9 is indented with a tab (U+0009)']) {
    assert.ok(messages.includes(part), `${part} not in\n${messages}`);
  }
  const zh = lint({ 'values.yaml': text }, 'zh-cn').findings.map((f) => f.message).join('\n');
  for (const part of ['第 3 行的缩进中有不间断空格（U+00A0）', '全角冒号“：”（U+FF1A）', '第 9 行用制表符（U+0009）缩进']) assert.ok(zh.includes(part), `${part} not in\n${zh}`);
  assert.ok(findings.filter((f) => /U\+/.test(f.message)).every((f) => f.fixes.length === 1 && f.fixes[0].safe));

  const fixed = fixAll({ 'values.yaml': text })['values.yaml'];
  assert.equal(errorCount(fixed), 0, fixed);
  assert.equal(fixed, text.replace('\u00a0', ' ').replace('\uff1a', ': ').replace('\t\t', '    '));
  assert.deepEqual(lint({ 'values.yaml': fixed }).findings.filter((f) => f.rule === 'values-syntax').map(describe), []);
});

const HA_DOC = resolve(SHARED, 'corpus/wild/values/31-deploy-ha-keepalived-values.yaml');

test('FabEdge\'s HA doc snippet (no-break spaces in the indentation): syntax findings on the reviewed lines only, and --fix repairs it', (t) => {
  if (skipWhenMissing(t, sharedMissing)) return;
  assert.ok(existsSync(HA_DOC), `missing ${HA_DOC}`);
  const text = readFileSync(HA_DOC, 'utf8');
  const { findings } = lint({ 'values.yaml': text });
  assert.deepEqual(findings.map(describe), ['8:2 values-syntax', '28:8 values-syntax', '29:2 values-syntax', '30:2 values-syntax']);
  assert.ok(findings.every((f) => f.message.includes('U+00A0')), findings.map((f) => f.message).join('\n'));
  const fixed = fixAll({ 'values.yaml': text })['values.yaml'];
  assert.equal(errorCount(fixed), 0);
  assert.deepEqual(lint({ 'values.yaml': fixed }).findings.map((f) => `${describe(f)} ${f.message}`), []);
});

test('in a file that parses, a look-alike that moves or renames a key is a warning whose fix waits for a person', () => {
  const moved = 'cluster:\n  name: beijing\n  cniType: flannel\n  connectorPublicAddresses: [10.20.8.24]\n\u00a0 role: member\n';
  const { findings } = lint({ 'values.yaml': moved });
  // YAML reads "\u00a0 role" as a top-level key: the schema rule would call it unknown, values-syntax says why.
  assert.deepEqual(findings.filter((f) => f.rule === 'values-syntax' || f.rule === 'values-schema').map(describe), ['5:1 values-syntax']);
  const [finding] = findings.filter((f) => f.rule === 'values-syntax');
  assert.equal(finding.severity, 'warning');
  assert.match(finding.message, /^Helm reads this file differently than it looks: line 5 has a no-break space \(U\+00A0\) in its indentation/);
  assert.deepEqual(finding.fixes.map((f) => [f.safe, f.edits[0].newText]), [[false, ' ']]);

  const renamed = lint({ 'values.yaml': 'cluster:\n  cni\u200bType: flannel\n  connectorPublicAddresses: [10.20.8.24]\n' }).findings;
  assert.deepEqual(renamed.filter((f) => f.rule === 'values-syntax' || f.rule === 'values-schema').map((f) => `${describe(f)} ${f.severity}`), ['2:6 values-syntax warning']);
});

test('look-alikes that change no key of a parsing file are left alone: block scalar tabs, Chinese values, a BOM', () => {
  const text = [
    '\ufeffcluster:',
    '  name: beijing',
    '  region: 北京：海淀',
    '  cniType: flannel',
    '  connectorPublicAddresses: [10.20.8.24]',
    'operator:',
    '  endpointIDFormat: |',
    '    \tC=CN, O=fabedge.io, CN={node}',
    '',
  ].join('\n');
  assert.deepEqual(lint({ 'values.yaml': text }).findings.filter((f) => f.rule === 'values-syntax').map(describe), []);
});
