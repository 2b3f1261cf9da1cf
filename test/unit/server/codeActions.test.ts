import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Fix } from '../../../src/core/findings';
import type { Locale } from '../../../src/core/l10n';
import type { Range } from '../../../src/core/text';
import { CodeActions, FIX_ALL_KIND, type CodeActionsHost } from '../../../src/server/features/codeActions';
import { toDiagnostic } from '../../../src/server/lsp/convert';
import { UriMapper } from '../../../src/server/lsp/uris';
import { SHOW_RULE_DOCUMENTATION_COMMAND } from '../../../src/shared/protocol';

const FILE = '/ws/nginx.conf';
const URI = 'file:///ws/nginx.conf';
const TEXT = 'stream {\n  server {\n    listen 500 udp;\n    listen 4500 udp;\n  }\n}\n';

function lineRange(line: number): Range {
  return { start: { line, character: 4 }, end: { line, character: 19 } };
}

function fix(title: string, line: number, newText: string, safe: boolean): Fix {
  return { title, safe, edits: [{ file: FILE, range: lineRange(line), newText }] };
}

function finding(rule: string, line: number, fixes: Fix[]): Finding {
  return { rule, severity: 'warning', message: `${rule} on line ${line + 1}`, file: FILE, range: lineRange(line), related: [], fixes };
}

const uris = new UriMapper();
uris.addFolder('file:///ws');

function codeActions(findings: readonly Finding[], overrides: Partial<CodeActionsHost> = {}, locale: Locale = 'en'): CodeActions {
  return new CodeActions({
    uris,
    locale: () => locale,
    findingsIn: (path) => (path === FILE ? findings : []),
    readText: (path) => (path === FILE ? TEXT : undefined),
    hasPage: (rule) => rule !== 'no-page',
    opensRuleDocumentation: () => true,
    refactorings: () => [],
    ...overrides,
  });
}

function diagnostic(f: Finding): Diagnostic {
  return toDiagnostic(f, uris, () => undefined);
}

function ask(actions: CodeActions, diagnostics: Diagnostic[], only?: string[]): CodeAction[] {
  const range = diagnostics[0]?.range ?? lineRange(0);
  return actions.actions({ textDocument: { uri: URI }, range, context: { diagnostics, ...(only ? { only } : {}) } });
}

const titles = (actions: CodeAction[]) => actions.map((a) => a.title);

test('a finding gets its fixes, a fix of every finding of its rule, a suppression comment and its page, in that order', () => {
  const first = finding('proxy-rule', 2, [{ ...fix('Use UDP 500', 2, 'listen 1.2.3.4:500 udp;', true), preferred: true }]);
  const second = finding('proxy-rule', 3, [fix('Use UDP 4500', 3, 'listen 1.2.3.4:4500 udp;', false)]);
  const actions = ask(codeActions([first, second]), [diagnostic(first)]);
  assert.deepEqual(titles(actions), ['Use UDP 500', 'Fix all proxy-rule problems in this file', 'Disable proxy-rule for this line', 'Show documentation for proxy-rule']);
  const [quickFix, fixRule, disable, page] = actions;
  assert.equal(quickFix.isPreferred, true);
  assert.deepEqual(quickFix.diagnostics, [diagnostic(first)]);
  assert.deepEqual(quickFix.edit?.changes?.[URI], [{ range: lineRange(2), newText: 'listen 1.2.3.4:500 udp;' }]);
  // Fixing the rule takes every finding's fix, safe or not.
  assert.equal(fixRule.edit?.changes?.[URI]?.length, 2);
  assert.deepEqual(disable.edit?.changes?.[URI], [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: '    # fabedge-disable-next-line proxy-rule\n' }]);
  assert.deepEqual(page.command, { title: 'Show documentation for proxy-rule', command: SHOW_RULE_DOCUMENTATION_COMMAND, arguments: ['proxy-rule'] });
  assert.ok(actions.every((a) => a.kind === CodeActionKind.QuickFix));
});

test('the titles speak the display language', () => {
  const only = finding('proxy-rule', 2, [fix('Use UDP 500', 2, 'x', true)]);
  assert.deepEqual(titles(ask(codeActions([only], {}, 'zh-cn'), [diagnostic(only)])), ['Use UDP 500', '在此行禁用 proxy-rule', '显示 proxy-rule 的文档']);
});

test('a diagnostic that no published finding made gets nothing; a rule without a page, or a client without the command, gets no page action', () => {
  const published = finding('proxy-rule', 2, []);
  const stale = { ...diagnostic(published), message: 'an older message' };
  assert.deepEqual(ask(codeActions([published]), [stale]), []);
  const noPage = finding('no-page', 2, []);
  assert.deepEqual(titles(ask(codeActions([noPage]), [diagnostic(noPage)])), ['Disable no-page for this line']);
  assert.deepEqual(titles(ask(codeActions([published], { opensRuleDocumentation: () => false }), [diagnostic(published)])), ['Disable proxy-rule for this line']);
  // A file that cannot be read gets no suppression comment.
  assert.deepEqual(titles(ask(codeActions([published], { readText: () => undefined, opensRuleDocumentation: () => false }), [diagnostic(published)])), []);
});

test('other features\' actions come after the fixes and before the pages', () => {
  const only = finding('proxy-rule', 2, []);
  const refactoring: CodeAction = { title: 'Generate', kind: `${CodeActionKind.Refactor}.test` };
  const seen: { uri: string; diagnostics: readonly Diagnostic[] }[] = [];
  const actions = ask(codeActions([only], {
    refactorings: (uri, _range, diagnostics) => {
      seen.push({ uri, diagnostics });
      return [refactoring];
    },
  }), [diagnostic(only)]);
  assert.deepEqual(titles(actions), ['Disable proxy-rule for this line', 'Generate', 'Show documentation for proxy-rule']);
  assert.deepEqual(seen, [{ uri: URI, diagnostics: [diagnostic(only)] }]);
});

test('fix-all on save applies the safe fixes of the whole file as one action, and nothing else', () => {
  const safe = finding('rule-a', 2, [fix('safe', 2, 'listen 1.2.3.4:500 udp;', true)]);
  const unsafe = finding('rule-b', 3, [fix('unsafe', 3, 'listen 1.2.3.4:4500 udp;', false)]);
  const actions = codeActions([safe, unsafe]);
  for (const only of [[CodeActionKind.SourceFixAll], [CodeActionKind.Source], [FIX_ALL_KIND]]) {
    const [fixAll, ...rest] = ask(actions, [], only);
    assert.deepEqual(rest, [], only.join());
    assert.equal(fixAll.title, 'Fix all safely fixable FabEdge problems');
    assert.equal(fixAll.kind, FIX_ALL_KIND);
    assert.deepEqual(fixAll.edit?.changes?.[URI], [{ range: lineRange(2), newText: 'listen 1.2.3.4:500 udp;' }]);
  }
  assert.deepEqual(ask(codeActions([unsafe]), [], [CodeActionKind.SourceFixAll]), [], 'no safe fix: no action');
  // Another source action is not ours.
  assert.deepEqual(ask(actions, [], [CodeActionKind.SourceOrganizeImports]), []);
});
