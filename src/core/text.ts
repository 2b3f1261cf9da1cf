/** Zero-based line and UTF-16 character, as LSP and VS Code count them. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** A range that starts where it ends: an insertion point. */
export function isEmptyRange(r: Range): boolean {
  return comparePositions(r.start, r.end) === 0;
}

/**
 * Maps UTF-16 offsets of a text to positions and back. Only LF starts a line, as in nginx and
 * in the editor's line model for CRLF files (the CR stays at the end of the line's text).
 */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[pos.line];
    const next = pos.line + 1 < this.lineStarts.length ? this.lineStarts[pos.line + 1] : this.text.length;
    return Math.min(start + Math.max(0, pos.character), next);
  }

  rangeOf(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** Text of a line without its line break (a CR before the LF is kept out too). */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const nextStart = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = nextStart;
    if (end > start && this.text[end - 1] === '\n') end--;
    if (end > start && this.text[end - 1] === '\r') end--;
    return this.text.slice(start, end);
  }
}
