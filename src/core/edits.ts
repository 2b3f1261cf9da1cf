import type { FileEdit } from './findings';
import { LineIndex } from './text';

/**
 * Applies edits to one text. Edits are applied from the end so earlier offsets stay valid;
 * overlapping edits are dropped (the later one in the text loses) and reported back.
 */
export function applyEdits(text: string, edits: readonly Pick<FileEdit, 'range' | 'newText'>[]): { text: string; skipped: number } {
  const lines = new LineIndex(text);
  const spans = edits
    .map((edit) => ({ start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end), newText: edit.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const kept: typeof spans = [];
  let skipped = 0;
  for (const span of spans) {
    const previous = kept[kept.length - 1];
    if (previous && span.start < previous.end) skipped++;
    else kept.push(span);
  }
  let result = text;
  for (let i = kept.length - 1; i >= 0; i--) {
    const { start, end, newText } = kept[i];
    result = result.slice(0, start) + newText + result.slice(end);
  }
  return { text: result, skipped };
}

/** Groups edits by file. */
export function editsByFile(edits: readonly FileEdit[]): Map<string, FileEdit[]> {
  const byFile = new Map<string, FileEdit[]>();
  for (const edit of edits) {
    const list = byFile.get(edit.file) ?? [];
    list.push(edit);
    byFile.set(edit.file, list);
  }
  return byFile;
}
