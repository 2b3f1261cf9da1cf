/** The comment that silences findings on the next line, in YAML and nginx files alike. */
export const DISABLE_NEXT_LINE = 'fabedge-disable-next-line';

const DIRECTIVE = new RegExp(`#\\s*${DISABLE_NEXT_LINE}(?:\\s+([\\w\\-, ]+))?\\s*$`);

/**
 * Maps a line number to the rule ids suppressed on it (`*` when the comment names no rule).
 * Comments are recognised only at the start of a line, so `#` inside nginx words or YAML strings
 * never counts.
 */
export function suppressedLines(text: string): Map<number, Set<string>> {
  const result = new Map<number, Set<string>>();
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
export function suppressionComment(ruleId: string, indent: string, eol: string): string {
  return `${indent}# ${DISABLE_NEXT_LINE} ${ruleId}${eol}`;
}
