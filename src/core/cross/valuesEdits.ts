/**
 * Minimal edits of values files for the cross-file fixes: they change only the characters that
 * must change, so comments, quoting and indentation stay as the user wrote them. Each returns
 * undefined when the text is written in a way it cannot edit safely (the fix is then not offered).
 */
import { isScalar, isSeq, Scalar, type Node, type Pair } from 'yaml';
import type { FileEdit } from '../findings';
import { pairAt } from '../values/layout';
import { valueStart, type ListField, type ScalarField, type ValueEntry, type ValuesDocument } from '../values/model';

function edit(doc: ValuesDocument, start: number, end: number, newText: string): FileEdit {
  return { file: doc.file, range: doc.lines.rangeOf(start, end), newText };
}

/**
 * An address as a YAML scalar in the style of `like`: quoted like it when it is quoted; IPv6
 * always quoted, because YAML 1.1 may read colon-separated digits as a base-60 number.
 */
function addressScalar(address: string, like?: Scalar): string {
  if (like?.type === Scalar.QUOTE_SINGLE) return `'${address}'`;
  if (like?.type === Scalar.QUOTE_DOUBLE || address.includes(':') || !/^[A-Za-z0-9._-]+$/.test(address)) return JSON.stringify(address);
  return address;
}

/** Replaces one address entry: inside a comma-separated string, or the list item in its quoting style. */
export function replaceEntry(doc: ValuesDocument, entry: ValueEntry, address: string): FileEdit | undefined {
  if (!entry.offsets || !entry.node) return undefined;
  if (entry.fromString) {
    if (valueStart(entry.node, doc.text) === undefined) return undefined;
    const [start, end] = entry.offsets;
    // Keep blanks the user had around the entry; values-* rules report those separately.
    const lead = /^\s*/.exec(entry.text)?.[0].length ?? 0;
    const trail = /\s*$/.exec(entry.text)?.[0].length ?? 0;
    return edit(doc, start + lead, end - trail, address);
  }
  const range = entry.node.range;
  if (!range) return undefined;
  return edit(doc, range[0], range[1], addressScalar(address, entry.node));
}

/** Inserts an address before the first entry of a list or comma-separated string. */
export function insertFirstEntry(doc: ValuesDocument, field: ListField, address: string, comment = ''): FileEdit | undefined {
  const first = field.entries[0];
  if (!first?.offsets || !first.node) return undefined;
  if (field.shape === 'string') {
    if (valueStart(first.node, doc.text) === undefined || address.includes(',')) return undefined;
    return edit(doc, first.offsets[0], first.offsets[0], `${address},`);
  }
  if (field.shape !== 'list' || !isSeq(field.node) || !first.node.range) return undefined;
  const itemStart = first.node.range[0];
  if (field.node.flow) return edit(doc, itemStart, itemStart, `${addressScalar(address, first.node)}, `);
  // A block item: repeat the first item's `  - ` prefix on a new line above it.
  const lineStart = doc.text.lastIndexOf('\n', itemStart - 1) + 1;
  const prefix = doc.text.slice(lineStart, itemStart);
  if (!/^[ \t]*-[ \t]+$/.test(prefix)) return undefined;
  return edit(doc, lineStart, lineStart, `${prefix}${addressScalar(address, first.node)}${comment ? `  ${comment}` : ''}\n`);
}

/** Removes one entry: `a,` from a string, or the list item (its whole line for a block list). */
export function removeEntry(doc: ValuesDocument, field: ListField, entry: ValueEntry): FileEdit | undefined {
  if (!entry.offsets || !entry.node || field.entries.length < 2) return undefined;
  const index = field.entries.indexOf(entry);
  if (index < 0) return undefined;
  if (field.shape === 'string') {
    if (valueStart(entry.node, doc.text) === undefined) return undefined;
    const [start, end] = entry.offsets;
    // Take the comma after the entry, or before it for the last one.
    return index < field.entries.length - 1 ? edit(doc, start, end + 1, '') : edit(doc, start - 1, end, '');
  }
  if (field.shape !== 'list' || !isSeq(field.node) || !entry.node.range) return undefined;
  const [start, end] = entry.node.range;
  if (field.node.flow) {
    const next = field.entries[index + 1]?.offsets;
    const previous = field.entries[index - 1]?.offsets;
    if (next) return edit(doc, start, next[0], '');
    return previous ? edit(doc, previous[1], end, '') : undefined;
  }
  const lineStart = doc.text.lastIndexOf('\n', start - 1) + 1;
  if (!/^[ \t]*-[ \t]+$/.test(doc.text.slice(lineStart, start))) return undefined;
  let lineEnd = doc.text.indexOf('\n', end);
  lineEnd = lineEnd === -1 ? doc.text.length : lineEnd + 1;
  const rest = doc.text.slice(end, lineEnd);
  if (!/^[ \t]*(#.*)?\r?\n?$/.test(rest)) return undefined;
  return edit(doc, lineStart, lineEnd, '');
}

/** The comment after a block list item on its line (`- 10.0.0.1  # nginx`), to move it along. */
function itemComment(doc: ValuesDocument, entry: ValueEntry): string {
  const end = entry.node?.range?.[1];
  if (end === undefined || entry.fromString) return '';
  const lineEnd = doc.text.indexOf('\n', end);
  return /#.*$/.exec(doc.text.slice(end, lineEnd === -1 ? doc.text.length : lineEnd).trimEnd())?.[0] ?? '';
}

/** Moves an entry to the front (strongSwan dials the first), with its comment in a block list. */
export function moveToFirst(doc: ValuesDocument, field: ListField, entry: ValueEntry): FileEdit[] | undefined {
  if (field.entries[0] === entry) return [];
  const insert = insertFirstEntry(doc, field, entry.text.trim(), itemComment(doc, entry));
  const remove = removeEntry(doc, field, entry);
  return insert && remove ? [insert, remove] : undefined;
}

/** Sets an integer scalar (a port) keeping its quoting: `45000` → `500`, `"45000"` → `"500"`. */
export function setInteger(doc: ValuesDocument, field: ScalarField, value: number): FileEdit | undefined {
  const node = field.node;
  if (!isScalar(node) || !node.range) return undefined;
  const [start, end] = node.range;
  if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) {
    const quote = node.type === Scalar.QUOTE_DOUBLE ? '"' : "'";
    return edit(doc, start, end, `${quote}${value}${quote}`);
  }
  return edit(doc, start, end, String(value));
}

/**
 * Adds `key: value` as the next sibling of the pair at `after` (same indentation), on a new
 * line after the sibling's last line, so a comment above the sibling stays with it.
 */
export function insertSiblingAfter(doc: ValuesDocument, after: readonly string[], key: string, value: string): FileEdit | undefined {
  const pair: Pair | undefined = pairAt(doc.yaml, after);
  const keyNode = pair?.key as Node | undefined;
  if (!pair || !keyNode?.range) return undefined;
  const keyStart = keyNode.range[0];
  const lineStart = doc.text.lastIndexOf('\n', keyStart - 1) + 1;
  const indent = doc.text.slice(lineStart, keyStart);
  if (!/^[ \t]*$/.test(indent)) return undefined;
  const valueNode = pair.value as Node | null;
  const lastEnd = lastContentEnd(valueNode) ?? keyNode.range[1];
  const lineEnd = doc.text.indexOf('\n', Math.max(lastEnd - 1, keyStart));
  const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
  if (lineEnd === -1) return edit(doc, doc.text.length, doc.text.length, `${eol}${indent}${key}: ${value}`);
  const at = doc.text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  return edit(doc, at, at, `${eol}${indent}${key}: ${value}`);
}

/** Where a value's last scalar ends (a block list's range runs on over trailing comments). */
function lastContentEnd(node: Node | null): number | undefined {
  if (!node?.range) return undefined;
  if (isSeq(node) && !node.flow) {
    const last = node.items[node.items.length - 1] as Node | undefined;
    return lastContentEnd(last ?? null) ?? node.range[1];
  }
  return node.range[1];
}
