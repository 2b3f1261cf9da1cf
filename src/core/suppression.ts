import type { FileEdit } from './findings';

/** The comment that silences findings on the next line, in YAML and nginx files alike. */
const DISABLE_NEXT_LINE = 'fabedge-disable-next-line';

const DIRECTIVE = new RegExp(`#\\s*${DISABLE_NEXT_LINE}(?:\\s+([\\w\\-, ]+))?\\s*$`);

/**
 * Maps a line number to the rule ids suppressed on it (`*` when the comment names no rule).
 * Comments are recognised only at the start of a line, so `#` inside nginx words or YAML strings
 * never counts.
 */
export function suppressedLines(text: string): Map<number, Set<string>> {
  const result = new Map<number, Set<string>>();
  // Most files have no such comment: no need to split them into lines to find that out.
  if (!text.includes(DISABLE_NEXT_LINE)) return result;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i].trim();
    if (!trimmed.startsWith('#')) continue;
    const match = DIRECTIVE.exec(trimmed);
    if (!match) continue;
    const ids = (match[1] ?? '').split(/[\s,]+/).filter(Boolean);
    result.set(i + 1, new Set(ids.length > 0 ? ids : ['*']));
  }
  return result;
}

/** The comment line to insert above `indent`ed code to silence one rule. */
function suppressionComment(ruleId: string, indent: string, eol: string): string {
  return `${indent}# ${DISABLE_NEXT_LINE} ${ruleId}${eol}`;
}

/**
 * The edit that silences `ruleId` on `line`: a comment line above it with the same indentation,
 * or the rule added to a `fabedge-disable-next-line` comment already there.
 */
export function suppressionEdit(file: string, text: string, line: number, ruleId: string): FileEdit {
  const lines = text.split('\n');
  const target = lines[line] ?? '';
  const previous = line > 0 ? lines[line - 1].replace(/\r$/, '') : undefined;
  if (previous !== undefined) {
    const match = DIRECTIVE.exec(previous.trim());
    if (match && previous.trim().startsWith('#')) {
      const end = previous.length;
      return { file, range: { start: { line: line - 1, character: end }, end: { line: line - 1, character: end } }, newText: match[1] ? `, ${ruleId}` : ` ${ruleId}` };
    }
  }
  const indent = /^[ \t]*/.exec(target)?.[0] ?? '';
  const eol = target.endsWith('\r') ? '\r\n' : '\n';
  return { file, range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: suppressionComment(ruleId, indent, eol) };
}
