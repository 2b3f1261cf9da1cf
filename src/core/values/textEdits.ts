/**
 * The one module of values-file ranges and text edits, for the values rules and the cross-file
 * rules alike. Each edit changes only the characters that must change, so comments, quoting and
 * indentation stay as the user wrote them; one that returns undefined met text it cannot edit
 * safely (the fix is then not offered).
 */
import { isScalar, isSeq, Scalar, type Node, type Pair } from 'yaml';
import type { FileEdit } from '../findings';
import { isEmptyRange, type Range } from '../text';
import { pairAt } from './layout';
import { valueStart } from './layoutFields';
import type { ListField, ScalarField, ValueEntry, ValuesDocument } from './model';

/** Semantic checks read a structure the parser recovered; after a syntax error they would guess. */
export function hasSyntaxErrors(doc: ValuesDocument): boolean {
  return doc.yaml.errors.length > 0;
}

export function pathText(path: readonly string[]): string {
  return path.join('.');
}

export function edit(doc: ValuesDocument, start: number, end: number, newText: string): FileEdit {
  return { file: doc.file, range: doc.lines.rangeOf(start, end), newText };
}

/**
 * Where a finding about a key goes: the value, else the key; for a key the file does not set,
 * the closest enclosing key it does set, else the start of the file.
 */
export function fieldRange(doc: ValuesDocument, field: Pick<ScalarField | ListField, 'path' | 'valueRange' | 'keyRange' | 'explicit'>): Range {
  if (field.explicit) return field.valueRange && !isEmptyRange(field.valueRange) ? field.valueRange : (field.keyRange as Range);
  return anchorRange(doc, field.path);
}

export function keyRange(doc: ValuesDocument, field: Pick<ScalarField | ListField, 'path' | 'keyRange' | 'explicit'>): Range {
  return field.explicit && field.keyRange ? field.keyRange : anchorRange(doc, field.path);
}

function anchorRange(doc: ValuesDocument, path: readonly string[]): Range {
  for (let n = path.length - 1; n >= 1; n--) {
    const pair = pairAt(doc.yaml, path.slice(0, n));
    const key = pair?.key as Node | undefined;
    if (key?.range) return doc.lines.rangeOf(key.range[0], key.range[1]);
  }
  return doc.lines.rangeOf(0, 0);
}

export function entryRange(doc: ValuesDocument, entry: ValueEntry, field: ListField): Range {
  return entry.range ?? fieldRange(doc, field);
}

const PLAIN_SAFE = /^[A-Za-z0-9_./-][A-Za-z0-9_./=:@,-]*$/;
const YAML11_SPECIAL = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|[-+]?(0[xX][0-9a-fA-F_]+|0[oObB]?[0-9_]+|[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?)|[-+]?\.[0-9_]+|[-+]?[0-9]+(:[0-5]?[0-9])+|\.inf|\.nan)$/;

/** A scalar as YAML text that Helm reads back as this exact string. */
export function yamlString(text: string): string {
  return PLAIN_SAFE.test(text) && !YAML11_SPECIAL.test(text) && !text.includes(': ') ? text : JSON.stringify(text);
}

export function quoted(text: string): string {
  return JSON.stringify(text);
}

/** Replaces one entry's text: in place inside a comma-separated string, or the whole list item in its own quoting style. */
export function replaceEntry(doc: ValuesDocument, entry: ValueEntry, newText: string): FileEdit | undefined {
  if (!entry.offsets || !entry.node) return undefined;
  if (entry.fromString) {
    if (valueStart(entry.node, doc.text) === undefined) return undefined;
    return edit(doc, entry.offsets[0], entry.offsets[1], newText);
  }
  return replaceScalar(doc, entry.node, newText);
}

/** Replaces a scalar's value, keeping its quoting style where that can hold the new text. */
export function replaceScalar(doc: ValuesDocument, node: Scalar, newText: string): FileEdit | undefined {
  if (!node.range) return undefined;
  const [start, end] = [node.range[0], node.range[1]];
  if (node.type === Scalar.QUOTE_DOUBLE) return edit(doc, start, end, JSON.stringify(newText));
  if (node.type === Scalar.QUOTE_SINGLE) return edit(doc, start, end, `'${newText.replace(/'/g, "''")}'`);
  return edit(doc, start, end, yamlString(newText));
}

/** The column of a key: used to indent new lines below it. */
export function columnOf(doc: ValuesDocument, offset: number): number {
  return doc.lines.positionAt(offset).character;
}

/** The offset just after the `:` that follows a key. */
export function afterColon(doc: ValuesDocument, pair: Pair): number | undefined {
  const key = pair.key as Node;
  if (!key.range) return undefined;
  const colon = doc.text.indexOf(':', key.range[1]);
  return colon < 0 ? undefined : colon + 1;
}

/** Comments in a span of text (from `#` after a blank to the end of its line), to carry them over. */
export function commentsIn(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = /(^|\s)(#.*)$/.exec(line);
    if (m && !/["']/.test(line.slice(0, m.index))) out.push(m[2].trimEnd());
  }
  return out;
}

/** How far a block sequence is indented below its key in this file (0 or 2 usually); 2 when none. */
export function sequenceIndent(doc: ValuesDocument): number {
  const m = /^( *)[\w.-]+:[ \t]*(#.*)?\r?\n( *)- /m.exec(doc.text);
  if (!m) return 2;
  return Math.max(0, m[3].length - m[1].length);
}

/** The indentation step of this file's block mappings (2 when it cannot tell). */
export function indentUnit(doc: ValuesDocument): number {
  const m = /^[\w.-]+:[ \t]*(#.*)?\r?\n(?:[ \t]*(?:#.*)?\r?\n)*( +)\S/m.exec(doc.text);
  return m ? m[2].length : 2;
}

export type Cni = 'calico' | 'flannel' | 'unknown';

/**
 * The CNI the chart will render, as far as the file tells: L2/L3 detect it in the cluster when
 * no top-level `cniType` is given, so those files may stay 'unknown'.
 */
export function cniOf(doc: ValuesDocument): Cni {
  const text = doc.values.cniType.text.trim();
  const normal = doc.layout.id === 'L4' ? text.toLowerCase() : text;
  return normal === 'calico' || normal === 'flannel' ? normal : 'unknown';
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

/**
 * Replaces one address entry: inside a comma-separated string (keeping the blanks around it), or
 * the list item, quoted as `addressScalar` does. replaceEntry writes other text and quotes it as
 * `yamlString` does.
 */
export function replaceAddressEntry(doc: ValuesDocument, entry: ValueEntry, address: string): FileEdit | undefined {
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
