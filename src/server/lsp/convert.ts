import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { CodeActionKind, DiagnosticSeverity } from './values';
import type { FileEdit, Finding, Fix, Severity } from '../../core/findings';
import type { UriMapper } from './uris';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const DIAGNOSTIC_SOURCE = 'fabedge';

/** `docsLink`: the URI of a rule's page, when the package has one; a finding without a page links nowhere. */
export function toDiagnostic(finding: Finding, uris: UriMapper, docsLink: (rule: string) => string | undefined): Diagnostic {
  const href = docsLink(finding.rule);
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.rule,
    ...(href ? { codeDescription: { href } } : {}),
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    ...(finding.related.length > 0
      ? { relatedInformation: finding.related.map((r) => ({ location: { uri: uris.toUri(r.file), range: r.range }, message: r.message })) }
      : {}),
  };
}

export function toCodeAction(fix: Fix, diagnostic: Diagnostic | undefined, uris: UriMapper): CodeAction {
  const action = editAction(fix.title, CodeActionKind.QuickFix, fix.edits, uris, diagnostic);
  return fix.preferred ? { ...action, isPreferred: true } : action;
}

export function editAction(title: string, kind: string, edits: readonly FileEdit[], uris: UriMapper, diagnostic?: Diagnostic): CodeAction {
  const changes: Record<string, { range: FileEdit['range']; newText: string }[]> = {};
  for (const edit of edits) {
    const uri = uris.toUri(edit.file);
    (changes[uri] ??= []).push({ range: edit.range, newText: edit.newText });
  }
  return { title, kind, ...(diagnostic ? { diagnostics: [diagnostic] } : {}), edit: { changes } };
}

/** Whether an editor diagnostic is the one a finding produced. */
export function sameFinding(diagnostic: Diagnostic, finding: Finding): boolean {
  return (
    diagnostic.code === finding.rule &&
    diagnostic.message === finding.message &&
    diagnostic.range.start.line === finding.range.start.line &&
    diagnostic.range.start.character === finding.range.start.character &&
    diagnostic.range.end.line === finding.range.end.line &&
    diagnostic.range.end.character === finding.range.end.character
  );
}
