import type { FileEdit, Finding, Fix } from './findings';
import type { Range } from './text';

function before(a: Range['end'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** Two edits conflict when they touch the same file and their ranges overlap (or both insert at one point). */
export function editsConflict(a: FileEdit, b: FileEdit): boolean {
  if (a.file !== b.file) return false;
  const samePoint = (r: Range) => r.start.line === r.end.line && r.start.character === r.end.character;
  if (samePoint(a.range) && samePoint(b.range)) return a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;
  return !(before(a.range.end, b.range.start) || before(b.range.end, a.range.start));
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
