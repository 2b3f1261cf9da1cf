import { sameList } from './lists';
import { comparePositions, type Range } from './text';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A rule's severity as a user sets it, or `off`. */
export type RuleSetting = Severity | 'off';

export const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'error', 'warning', 'info', 'hint'];

/** The rule setting a user wrote (settings, `.fabedge.yaml`, `--rule`), exactly as spelled; undefined when it is none. */
export function parseRuleSetting(value: unknown): RuleSetting | undefined {
  return RULE_SETTINGS.find((setting) => setting === value);
}

/** A text edit in one file; files are absolute paths with `/` separators. */
export interface FileEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface Fix {
  /** The id of the title in the rule's `meta.messages`. */
  messageId?: string;
  title: string;
  edits: FileEdit[];
  /** Safe fixes are applied by `fabedge-lint --fix` and by fix-all; unsafe ones need a person to look. */
  safe: boolean;
  /** Preferred fixes are offered first and bound to auto-fix in the editor. */
  preferred?: boolean;
}

export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

export interface Finding {
  rule: string;
  /**
   * The id of the message in the rule's `meta.messages`. Every finding of a rule has one; the
   * findings the engine makes itself (internal-error, file-not-checked, config-file) have none.
   */
  messageId?: string;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  related: RelatedLocation[];
  fixes: Fix[];
  /**
   * A plain syntax error of the file's language, which any parser of it reports too: an editor
   * whose YAML extension already shows it may leave it out. Derived from the rule and message,
   * so findings equal in those are equal in this.
   */
  plainSyntax?: true;
}

function sameRange(a: Range, b: Range): boolean {
  return a === b || (comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0);
}

function sameEdit(a: FileEdit, b: FileEdit): boolean {
  return a.file === b.file && a.newText === b.newText && sameRange(a.range, b.range);
}

function sameRelated(a: RelatedLocation, b: RelatedLocation): boolean {
  return a.file === b.file && a.message === b.message && sameRange(a.range, b.range);
}

function sameFix(a: Fix, b: Fix): boolean {
  return a.title === b.title && a.safe === b.safe && a.preferred === b.preferred && sameList(a.edits, b.edits, sameEdit);
}

/** Whether two findings say the same thing at the same place with the same fixes. */
export function equalFindings(a: Finding, b: Finding): boolean {
  return (
    a === b ||
    (a.rule === b.rule &&
      a.file === b.file &&
      a.severity === b.severity &&
      a.message === b.message &&
      sameRange(a.range, b.range) &&
      sameList(a.related, b.related, sameRelated) &&
      sameList(a.fixes, b.fixes, sameFix))
  );
}

/**
 * The fresh findings of a file, each one equal to an earlier finding replaced by that earlier
 * object: consumers that compare by identity (the server deciding what to republish) then see
 * what really changed. The earlier list itself when all of them are equal.
 */
export function reuseEqualFindings(fresh: readonly Finding[], earlier: readonly Finding[]): readonly Finding[] {
  // The rules report in a stable order, so the earlier finding at the same place is nearly always the match.
  if (sameList(fresh, earlier, equalFindings)) return earlier;
  const unused = [...earlier];
  return fresh.map((finding) => {
    const index = unused.findIndex((e) => equalFindings(e, finding));
    // Each earlier finding stands in for one fresh finding: duplicates stay duplicates.
    return index === -1 ? finding : unused.splice(index, 1)[0];
  });
}
