import type { CodeAction, CodeActionParams, Diagnostic, Range } from 'vscode-languageserver';
import { CodeActionKind } from '../lsp/values';
import type { Finding } from '../../core/findings';
import { combineFixes } from '../../core/fixes';
import { localize, type Locale } from '../../core/l10n';
import { suppressionEdit } from '../../core/suppression';
import { SHOW_RULE_DOCUMENTATION_COMMAND } from '../../shared/protocol';
import { editAction, sameFinding, toCodeAction } from '../lsp/convert';
import type { UriMapper } from '../lsp/uris';

/** The code action kind for "fix all" on save: `editor.codeActionsOnSave: { "source.fixAll.fabedge": "explicit" }`. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.fabedge`;

const TITLE = {
  fixAll: { en: 'Fix all safely fixable FabEdge problems', 'zh-cn': '修复所有可安全修复的 FabEdge 问题' },
  fixRule: { en: 'Fix all {rule} problems in this file', 'zh-cn': '修复此文件中所有 {rule} 问题' },
  disableLine: { en: 'Disable {rule} for this line', 'zh-cn': '在此行禁用 {rule}' },
  showDocumentation: { en: 'Show documentation for {rule}', 'zh-cn': '显示 {rule} 的文档' },
};

export interface CodeActionsHost {
  uris: UriMapper;
  locale(): Locale;
  /** The findings published for a file: the editor's diagnostics are matched against them. */
  findingsIn(path: string): readonly Finding[];
  /** A file's text (the editor's, else the disk's); undefined when it cannot be read. */
  readText(path: string): string | undefined;
  /** Whether a rule has a page to show. */
  hasPage(rule: string): boolean;
  /** Whether the client has `SHOW_RULE_DOCUMENTATION_COMMAND` (VS Code's does). */
  opensRuleDocumentation(): boolean;
  /** Code actions of other features for the same place, offered after the fixes. */
  refactorings(uri: string, range: Range, diagnostics: readonly Diagnostic[]): CodeAction[];
}

/**
 * The code actions on FabEdge's findings: each finding's fixes, fixing every finding of its rule
 * in the file, a suppression comment for its line, and its rule's page; and, asked for
 * `source.fixAll`, every safe fix of the file at once.
 */
export class CodeActions {
  constructor(private readonly host: CodeActionsHost) {}

  actions(params: CodeActionParams): CodeAction[] {
    const { uris } = this.host;
    const locale = this.host.locale();
    const path = uris.toPath(params.textDocument.uri);
    const findings = this.host.findingsIn(path);
    const only = params.context.only;
    if (only?.some((kind) => FIX_ALL_KIND.startsWith(kind) && kind.startsWith(CodeActionKind.Source))) {
      const edits = combineFixes(findings, (fix) => fix.safe);
      return edits.length > 0 ? [editAction(localize(TITLE.fixAll, locale), FIX_ALL_KIND, edits, uris)] : [];
    }
    const actions: CodeAction[] = [];
    const refactorings = this.host.refactorings(params.textDocument.uri, params.range, params.context.diagnostics);
    for (const diagnostic of params.context.diagnostics) {
      const finding = findings.find((f) => sameFinding(diagnostic, f));
      if (!finding) continue;
      for (const fix of finding.fixes) actions.push(toCodeAction(fix, diagnostic, uris));
      const sameRule = findings.filter((f) => f.rule === finding.rule && f.fixes.length > 0);
      if (sameRule.length > 1) {
        const edits = combineFixes(sameRule, () => true);
        actions.push(editAction(localize(TITLE.fixRule, locale, { rule: finding.rule }), CodeActionKind.QuickFix, edits, uris));
      }
      const text = this.host.readText(path);
      if (text !== undefined) {
        const edit = suppressionEdit(path, text, finding.range.start.line, finding.rule);
        actions.push(editAction(localize(TITLE.disableLine, locale, { rule: finding.rule }), CodeActionKind.QuickFix, [edit], uris, diagnostic));
      }
    }
    actions.push(...refactorings);
    if (this.host.opensRuleDocumentation()) {
      const rules = new Set(params.context.diagnostics.filter((d) => findings.some((f) => sameFinding(d, f)) && this.host.hasPage(String(d.code))).map((d) => String(d.code)));
      for (const rule of rules) {
        const title = localize(TITLE.showDocumentation, locale, { rule });
        actions.push({ title, kind: CodeActionKind.QuickFix, command: { title, command: SHOW_RULE_DOCUMENTATION_COMMAND, arguments: [rule] } });
      }
    }
    return actions;
  }
}
