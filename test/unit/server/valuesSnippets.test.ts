import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InsertTextFormat, type TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { valuesSnippetItems } from '../../../src/server/features/valuesSnippets';

/** The snippet items for a document with the cursor where `|` is. */
function itemsAt(text: string, snippetSupport = true, locale: 'en' | 'zh-cn' = 'en') {
  const offset = text.indexOf('|');
  const doc = TextDocument.create('file:///ws/values.yaml', 'yaml', 1, text.slice(0, offset) + text.slice(offset + 1));
  return valuesSnippetItems(doc, doc.positionAt(offset), locale, snippetSupport);
}

test('the four values snippets at the left margin of an empty line or a word being typed', () => {
  for (const text of ['|', 'fab|', 'cluster:\n  name: x\n|\n', 'cluster:\n  name: x\nfabedge-v|  \n']) {
    assert.deepEqual(itemsAt(text).map((item) => item.label).sort(), ['fabedge-values-0.3', 'fabedge-values-host', 'fabedge-values-member', 'fabedge-values-proxy'], JSON.stringify(text));
  }
});

test('no values snippet inside a block, after a key or before other text on the line', () => {
  for (const text of ['cluster:\n  |\n', 'cluster:\n  fab|\n', 'cluster: |\n', '|cluster:\n', 'fab|x: 1\n', '- |\n']) {
    assert.deepEqual(itemsAt(text), [], JSON.stringify(text));
  }
});

test('a snippet replaces the typed word, with tab stops for clients that take snippets and the defaults for the others', () => {
  const [snippet] = itemsAt('a: 1\nfab|').filter((item) => item.label === 'fabedge-values-host');
  const edit = snippet.textEdit as TextEdit;
  assert.deepEqual(edit.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } });
  assert.equal(snippet.insertTextFormat, InsertTextFormat.Snippet);
  assert.match(edit.newText, /^cluster:\n {2}name: \$\{1:beijing\}\n/);
  assert.match(edit.newText, /cniType: \$\{4\|flannel,calico\|\}/);
  const [plain] = itemsAt('fab|', false).filter((item) => item.label === 'fabedge-values-host');
  assert.equal(plain.insertTextFormat, InsertTextFormat.PlainText);
  assert.match((plain.textEdit as TextEdit).newText, /^cluster:\n {2}name: beijing\n[\s\S]*cniType: flannel\n/);
  assert.doesNotMatch((plain.textEdit as TextEdit).newText, /\$/);
});

test('the description speaks the locale; the documentation shows the text', () => {
  const en = itemsAt('|').find((item) => item.label === 'fabedge-values-member');
  const zh = itemsAt('|', true, 'zh-cn').find((item) => item.label === 'fabedge-values-member');
  assert.match(en?.detail ?? '', /member cluster/);
  assert.match(zh?.detail ?? '', /member 集群/);
  assert.match(JSON.stringify(en?.documentation), /role: member/);
});
