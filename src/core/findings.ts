import type { Range } from './text';

export const SEVERITIES = ['error', 'warning', 'info', 'hint'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A text edit in one file; files are absolute paths with `/` separators. */
export interface FileEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface Fix {
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
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  related: RelatedLocation[];
  fixes: Fix[];
}
