/**
 * Minimal text edits on nginx files for quick fixes: they touch only the characters that must
 * change, keep comments and formatting, and go through `NginxFile.rangeOf` so that edits inside
 * a ConfigMap land at the right place of the YAML file.
 */
import type { Arg, Directive } from './ast';
import type { FileEdit } from '../findings';
import type { Range } from '../text';
import type { NginxFile, NginxNode } from './model';

export function nodeRange(node: NginxNode): Range {
  return node.file.rangeOf(node.directive.start, node.directive.end);
}

export function argRange(file: NginxFile, arg: Arg): Range {
  return file.rangeOf(arg.start, arg.end);
}

export function insertAt(file: NginxFile, offset: number, text: string): FileEdit {
  return { file: file.path, range: file.rangeOf(offset, offset), newText: file.embedText(text) };
}

export function replaceSpan(file: NginxFile, start: number, end: number, text: string): FileEdit {
  return { file: file.path, range: file.rangeOf(start, end), newText: file.embedText(text) };
}

/** The whitespace that starts the line holding `offset`. */
export function indentAt(file: NginxFile, offset: number): string {
  const lineStart = file.text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(file.text.slice(lineStart))?.[0] ?? '';
}

/**
 * Deletes a statement. When it is alone on its line (comments after it excepted) the whole line
 * goes; otherwise only the statement and the blanks after it.
 */
export function removeDirective(file: NginxFile, directive: Directive): FileEdit {
  const text = file.text;
  const lineStart = text.lastIndexOf('\n', directive.start - 1) + 1;
  let lineEnd = text.indexOf('\n', directive.end);
  if (lineEnd === -1) lineEnd = text.length;
  const before = text.slice(lineStart, directive.start);
  const after = text.slice(directive.end, lineEnd);
  if (before.trim() === '' && after.trim() === '') {
    return { file: file.path, range: file.rangeOf(lineStart, Math.min(lineEnd + 1, text.length)), newText: '' };
  }
  let end = directive.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return { file: file.path, range: file.rangeOf(directive.start, end), newText: '' };
}

/** Deletes a setting together with the duplicates nginx would reject, so that none of them takes its place. */
export function removeSetting(setting: { node: NginxNode; duplicates?: readonly NginxNode[] }): FileEdit[] {
  return [setting.node, ...(setting.duplicates ?? [])].map((node) => removeDirective(node.file, node.directive));
}
