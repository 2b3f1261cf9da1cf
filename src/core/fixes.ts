import type { FileEdit, Finding, Fix } from './findings';
import { comparePositions, isEmptyRange } from './text';

/** Two edits conflict when they touch the same file and their ranges overlap (or both insert at one point). */
export function editsConflict(a: FileEdit, b: FileEdit): boolean {
  if (a.file !== b.file) return false;
  if (isEmptyRange(a.range) && isEmptyRange(b.range)) return comparePositions(a.range.start, b.range.start) === 0;
  return !(comparePositions(a.range.end, b.range.start) <= 0 || comparePositions(b.range.end, a.range.start) <= 0);
}

/**
 * Picks one fix per finding (the first that `pick` accepts) and keeps only fixes that do not
 * conflict with one already chosen, so the edits can be applied together. The findings left
 * out are fixed in a later round, once the text has moved.
 */
export function combineFixes(findings: readonly Finding[], pick: (fix: Fix) => boolean): FileEdit[] {
  const chosen: FileEdit[] = [];
  for (const finding of findings) {
    const fix = finding.fixes.find(pick);
    if (!fix || fix.edits.some((edit) => chosen.some((c) => editsConflict(c, edit)))) continue;
    chosen.push(...fix.edits);
  }
  return chosen;
}
