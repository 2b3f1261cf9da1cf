/** Small helpers the values rules share: ranges, anchors and minimal text edits. */
import { Scalar, type Node, type Pair } from 'yaml';
import type { FileEdit } from '../findings';
import { isEmptyRange, type Range } from '../text';
import { pairAt } from './layout';
import { valueStart, type ListField, type ScalarField, type ValueEntry, type ValuesDocument } from './model';

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
