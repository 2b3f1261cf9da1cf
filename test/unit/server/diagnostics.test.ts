import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import type { Finding } from '../../../src/core/findings';
import { DiagnosticsPublisher, type DiagnosticsHost } from '../../../src/server/features/diagnostics';
import { UriMapper } from '../../../src/server/lsp/uris';

function finding(file: string, rule: string): Finding {
  return { rule, severity: 'error', message: `${rule} here`, file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, related: [], fixes: [] };
}

const uris = new UriMapper();
uris.addFolder('file:///ws');

function publisher(overrides: Partial<DiagnosticsHost> = {}) {
  const sent: PublishDiagnosticsParams[] = [];
  const diagnostics = new DiagnosticsPublisher({
    uris,
    shown: (byFile) => byFile,
    docsLink: (rule) => `file:///docs/${rule}.md`,
    send: (params) => sent.push(params),
    ...overrides,
  });
  return { diagnostics, sent, uris: () => sent.splice(0).map((p) => p.uri) };
}

test('only the files whose findings are a new array are published again; a file that went is cleared', () => {
  const { diagnostics, sent, uris: published } = publisher();
  const a = [finding('/ws/a.yaml', 'rule-a')];
  const b = [finding('/ws/b.conf', 'rule-b')];
  diagnostics.publish(new Map([['/ws/a.yaml', a], ['/ws/b.conf', b]]));
  assert.equal(sent[0].diagnostics[0].codeDescription?.href, 'file:///docs/rule-a.md');
  assert.deepEqual(published(), ['file:///ws/a.yaml', 'file:///ws/b.conf']);
  // The same arrays: nothing to send.
  diagnostics.publish(new Map([['/ws/a.yaml', a], ['/ws/b.conf', b]]));
  assert.deepEqual(published(), []);
  // An equal but new array is sent: the index hands back the same array when nothing changed.
  diagnostics.publish(new Map([['/ws/a.yaml', [...a]], ['/ws/b.conf', b]]));
  assert.deepEqual(published(), ['file:///ws/a.yaml']);
  diagnostics.publish(new Map([['/ws/b.conf', b]]));
  assert.deepEqual(sent, [{ uri: 'file:///ws/a.yaml', diagnostics: [] }]);
  assert.deepEqual(diagnostics.shownIn('/ws/a.yaml'), []);
  assert.equal(diagnostics.shownIn('/ws/b.conf'), b);
});

test('what is shown may leave findings out; republishing sends what changed in that alone', () => {
  let hideSyntax = false;
  const { diagnostics, uris: published } = publisher({
    shown: (byFile) => new Map([...byFile].map(([file, list]) => [file, hideSyntax ? list.filter((f) => f.rule !== 'values-syntax') : list])),
  });
  const values = [finding('/ws/values.yaml', 'values-syntax'), finding('/ws/values.yaml', 'values-schema')];
  diagnostics.publish(new Map([['/ws/values.yaml', values]]));
  assert.equal(diagnostics.shownIn('/ws/values.yaml').length, 2);
  published();
  hideSyntax = true;
  diagnostics.republish();
  assert.deepEqual(published(), ['file:///ws/values.yaml']);
  assert.deepEqual(diagnostics.shownIn('/ws/values.yaml').map((f) => f.rule), ['values-schema']);
});
