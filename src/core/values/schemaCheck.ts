/**
 * Checks a parsed values document against one of our JSON Schemas by walking the `yaml` AST, so
 * that every problem keeps the exact source range of its key or value.
 *
 * Only the keywords our schemas use for structure are evaluated: `$ref` (local), `type`,
 * `properties`, `patternProperties`, `additionalProperties`, `items` and `enum` (plus our
 * `x-enum-ignore-case` and `x-passthrough`). Formats and ranges (`pattern`, `minimum`, …) are left to the dedicated
 * values rules, which explain them far better than a generic schema message could.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import { ENUM_IGNORE_CASE, type JsonSchema } from './schemas';
import { isRecord } from '../records';

export type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'null';

export type PathSegment = string | number;

interface IssueBase {
  /** Path of the key or value, from the document root. */
  path: PathSegment[];
  /** Offsets of the node to underline: the key for unknown keys, the value otherwise. */
  start: number;
  end: number;
}

export interface UnknownKeyIssue extends IssueBase {
  kind: 'unknown-key';
  key: string;
  /** The closest key the schema allows here, if one is close enough. */
  suggestion?: string;
  /** The chart hands this object's keys on (as agent flags, say) instead of ignoring unknown ones. */
  passthrough: boolean;
}

export interface TypeIssue extends IssueBase {
  kind: 'type';
  expected: JsonType[];
  actual: JsonType;
}

export interface EnumIssue extends IssueBase {
  kind: 'enum';
  allowed: (string | number | boolean | null)[];
  value: string | number | boolean;
}

export type SchemaIssue = UnknownKeyIssue | TypeIssue | EnumIssue;

/** Our keyword for objects whose keys the chart passes on verbatim (L4 `agent.args`). */
const PASSTHROUGH = 'x-passthrough';

// ---- schema accessors -------------------------------------------------------------------------

function asSchema(value: unknown): JsonSchema | undefined {
  return isRecord(value) ? value : undefined;
}

const JSON_TYPES: readonly JsonType[] = ['string', 'integer', 'number', 'boolean', 'array', 'object', 'null'];

function typesOf(schema: JsonSchema): JsonType[] | undefined {
  const raw = schema.type;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const types = JSON_TYPES.filter((t) => list.includes(t));
  return types.length > 0 ? types : undefined;
}

function propertiesOf(schema: JsonSchema): Record<string, unknown> {
  return isRecord(schema.properties) ? schema.properties : {};
}

/** Follows local `$ref`s (`#/definitions/x`, any JSON pointer into the same document). */
export function resolveRef(schema: JsonSchema, root: JsonSchema, depth = 0): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string' || depth > 32) return schema;
  if (!ref.startsWith('#')) throw new Error(`only local $ref is supported: ${ref}`);
  let target: unknown = root;
  for (const raw of ref.slice(1).split('/').filter((part) => part !== '')) {
    const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    target = isRecord(target) ? target[part] : undefined;
  }
  const resolved = asSchema(target);
  if (!resolved) throw new Error(`unresolved $ref: ${ref}`);
  return resolveRef(resolved, root, depth + 1);
}

/** The schema for a key of an object schema, or undefined when the key is not allowed there. */
function childSchema(schema: JsonSchema, key: string, root: JsonSchema): JsonSchema | 'unknown' | undefined {
  // The operator lowercases agent.args keys and turns `_` into `-`, so ENABLE_PROXY and enable-proxy are one flag.
  const lookup = schema[PASSTHROUGH] === true ? key.toUpperCase().replace(/-/g, '_') : key;
  const own = asSchema(propertiesOf(schema)[lookup]);
  if (own) return resolveRef(own, root);
  if (isRecord(schema.patternProperties)) {
    for (const [pattern, sub] of Object.entries(schema.patternProperties)) {
      const subSchema = asSchema(sub);
      if (subSchema && new RegExp(pattern, 'u').test(key)) return resolveRef(subSchema, root);
    }
  }
  const additional = schema.additionalProperties;
  if (additional === false) return 'unknown';
  const additionalSchema = asSchema(additional);
  return additionalSchema ? resolveRef(additionalSchema, root) : undefined;
}

// ---- values -----------------------------------------------------------------------------------

type Scalar = string | number | boolean | null;

function scalarValue(value: unknown): Scalar {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  // YAML 1.1 timestamps and binaries reach Helm as strings (sigs.k8s.io/yaml converts to JSON).
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function typeOfScalar(value: Scalar): JsonType {
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'string';
}

function typeMatches(actual: JsonType, expected: readonly JsonType[]): boolean {
  return expected.includes(actual) || (actual === 'integer' && expected.includes('number'));
}

// ---- did you mean -----------------------------------------------------------------------------

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_unused, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The candidate closest to `key`, if it is close enough to be a typo. Case is ignored first
 * (`cnitype` → `cniType`), and the allowance grows with the key's length so that short keys do
 * not attract unrelated suggestions.
 */
export function suggestKey(key: string, candidates: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const limit = lower.length <= 4 ? 1 : lower.length <= 10 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    // The distance is at least the difference in length: skipping those keeps a megabyte-long key from costing a matrix of its length.
    if (Math.abs(candidate.length - lower.length) > Math.min(limit, bestDistance)) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

// ---- the walk ---------------------------------------------------------------------------------

function keyText(pair: Pair): string | undefined {
  if (!isScalar(pair.key)) return undefined;
  const value = scalarValue(pair.key.value);
  return value === null ? undefined : String(value);
}

/** Checks the first document of a values file against a layout's schema. */
export function checkAgainstSchema(doc: Document, root: JsonSchema): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const walk = (node: Node | null | undefined, rawSchema: JsonSchema, path: PathSegment[], reportAt?: Node): void => {
    if (!node) return;
    const at = reportAt ?? node;
    if (isAlias(node)) {
      // An alias is checked as its anchor's value but reported where the alias is written.
      const target = node.resolve(doc);
      if (target && !isAlias(target)) walk(target, rawSchema, path, at);
      return;
    }
    const schema = resolveRef(rawSchema, root);
    const range = at.range;
    if (!range) return;
    const [start, end] = [range[0], range[1]];

    let actual: JsonType;
    let scalar: Scalar = null;
    if (isMap(node)) actual = 'object';
    else if (isSeq(node)) actual = 'array';
    else if (isScalar(node)) {
      scalar = scalarValue(node.value);
      actual = typeOfScalar(scalar);
    } else return;

    // `key: null` (or `key:`) is how Helm users delete a chart default, so it is never a type error.
    if (actual === 'null') return;

    const expected = typesOf(schema);
    if (expected && !typeMatches(actual, expected)) {
      issues.push({ kind: 'type', path, start, end, expected, actual });
      return;
    }

    if (scalar !== null && Array.isArray(schema.enum)) {
      const allowed = schema.enum.filter((v): v is Scalar => v === null || ['string', 'number', 'boolean'].includes(typeof v));
      const ignoreCase = schema[ENUM_IGNORE_CASE] === true;
      const same = (v: Scalar) => v === scalar || (ignoreCase && typeof v === 'string' && typeof scalar === 'string' && v.toLowerCase() === scalar.toLowerCase());
      if (!allowed.some(same)) issues.push({ kind: 'enum', path, start, end, allowed, value: scalar });
      return;
    }

    if (isMap(node)) {
      const present = new Set(node.items.map(keyText).filter((k): k is string => k !== undefined));
      for (const pair of node.items) {
        const key = keyText(pair);
        // `<<` is a YAML 1.1 merge key, not a value Helm sees.
        if (key === undefined || key === '<<') continue;
        const sub = childSchema(schema, key, root);
        if (sub === 'unknown') {
          const keyRange = isScalar(pair.key) ? pair.key.range : undefined;
          if (!keyRange) continue;
          const candidates = Object.keys(propertiesOf(schema)).filter((k) => !present.has(k));
          const suggestion = suggestKey(key, candidates);
          const passthrough = schema[PASSTHROUGH] === true;
          issues.push({ kind: 'unknown-key', path: [...path, key], start: keyRange[0], end: keyRange[1], key, passthrough, ...(suggestion ? { suggestion } : {}) });
        } else if (sub && isValueNode(pair.value)) {
          walk(pair.value, sub, [...path, key]);
        }
      }
    } else if (isSeq(node)) {
      const items = asSchema(schema.items);
      if (!items) return;
      node.items.forEach((item, index) => {
        if (isValueNode(item)) walk(item, items, [...path, index]);
      });
    }
  };
  if (isValueNode(doc.contents)) walk(doc.contents, root, []);
  return issues;
}

function isValueNode(value: unknown): value is Node {
  return isMap(value) || isSeq(value) || isScalar(value) || isAlias(value);
}

/** `cluster.edgeLabels[0]`: how paths appear in messages. */
export function formatPath(path: readonly PathSegment[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}

/** Whether a schema declares this exact path (list indexes step into `items`). */
export function schemaDeclares(root: JsonSchema, path: readonly PathSegment[]): boolean {
  let schema: JsonSchema = resolveRef(root, root);
  for (const part of path) {
    let next: JsonSchema | undefined;
    if (typeof part === 'number') {
      next = asSchema(schema.items);
    } else {
      const own = asSchema(propertiesOf(schema)[part]);
      next = own;
    }
    if (!next) return false;
    schema = resolveRef(next, root);
  }
  return true;
}

/** Paths (up to `maxDepth` keys deep) where a schema declares a property named `key`. */
export function pathsOfKey(root: JsonSchema, key: string, maxDepth = 3): string[][] {
  const found: string[][] = [];
  const visit = (schema: JsonSchema, path: string[]) => {
    if (path.length >= maxDepth) return;
    for (const [name, sub] of Object.entries(propertiesOf(schema))) {
      const child = asSchema(sub);
      if (!child) continue;
      if (name === key) found.push([...path, name]);
      visit(resolveRef(child, root), [...path, name]);
    }
  };
  visit(resolveRef(root, root), []);
  return found;
}
