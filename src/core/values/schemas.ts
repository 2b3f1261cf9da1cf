/**
 * The JSON Schemas of the FabEdge values layouts (schemas/values-<layout>.schema.json).
 *
 * The files are imported so that esbuild bundles them: the extension, the server and the CLI
 * never read or fetch a schema at run time. Each file carries English texts in the standard
 * keywords and Chinese texts in parallel `x-<keyword>-zh-cn` keywords; `valuesSchema` swaps
 * them for a locale and `helmValuesSchema` produces the `values.schema.json` Helm validates.
 */
import type { Locale } from '../l10n';
import type { LayoutId } from './layout';
import L1 from '../../../schemas/values-L1.schema.json';
import L1b from '../../../schemas/values-L1b.schema.json';
import L2 from '../../../schemas/values-L2.schema.json';
import L3 from '../../../schemas/values-L3.schema.json';
import L4 from '../../../schemas/values-L4.schema.json';
import { isRecord } from '../records';

/**
 * A JSON Schema node. Kept as an open record because schemas are data; read keywords through
 * the accessors in schemaCheck.ts rather than trusting a static shape.
 */
export interface JsonSchema {
  readonly [keyword: string]: unknown;
}

export const SCHEMA_LAYOUTS: readonly LayoutId[] = ['L1', 'L1b', 'L2', 'L3', 'L4'];

/** URI scheme of our in-memory schemas; nothing outside this module resolves it. */
const SCHEMA_SCHEME = 'fabedge-schema';

const RAW: Record<LayoutId, JsonSchema> = { L1, L1b, L2, L3, L4 };

/** Prefix and suffix of the keywords that carry a translation, e.g. `x-description-zh-cn`. */
const TRANSLATION = /^x-(.+)-(zh-cn)$/;

/** Our own keyword: compare `enum` case-insensitively (the L4 chart lowercases `cniType`). */
export const ENUM_IGNORE_CASE = 'x-enum-ignore-case';

/** The schema exactly as written, English texts and `x-…-zh-cn` keywords included. */
export function rawValuesSchema(layout: LayoutId): JsonSchema {
  return RAW[layout];
}

export function schemaUri(layout: LayoutId, locale: Locale): string {
  return `${SCHEMA_SCHEME}://values/${layout}?locale=${locale}`;
}

/** The layout and locale of one of our schema URIs; undefined for any other URI. */
export function parseSchemaUri(uri: string): { layout: LayoutId; locale: Locale } | undefined {
  const match = /^fabedge-schema:\/\/values\/([A-Za-z0-9]+)(?:\?locale=([a-z-]+))?$/.exec(uri);
  if (!match) return undefined;
  const layout = SCHEMA_LAYOUTS.find((id) => id === match[1]);
  const locale: Locale | undefined = match[2] === undefined || match[2] === 'en' ? 'en' : match[2] === 'zh-cn' ? 'zh-cn' : undefined;
  return layout && locale ? { layout, locale } : undefined;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isJsonObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep copy that applies `visit` to every object, children first. */
function transform(value: unknown, visit: (node: Record<string, Json>) => void): Json {
  if (Array.isArray(value)) return value.map((item) => transform(item, visit));
  if (isRecord(value)) {
    const copy: Record<string, Json> = {};
    for (const [key, child] of Object.entries(value)) copy[key] = transform(child, visit);
    visit(copy);
    return copy;
  }
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  throw new TypeError(`not JSON: ${typeof value}`);
}

/** Moves the texts of a locale into the standard keywords and drops every translation keyword. */
function localizeNode(node: Record<string, Json>, locale: Locale): void {
  for (const key of Object.keys(node)) {
    const match = TRANSLATION.exec(key);
    if (!match) continue;
    if (match[2] === locale) node[match[1]] = node[key];
    delete node[key];
  }
}

const localized = new Map<string, JsonSchema>();

/**
 * The schema of a layout with its texts in one locale, as editors use it. `markdownDescription`
 * mirrors `description` because the texts use Markdown code spans, and yaml-language-server
 * escapes a plain `description` before showing it.
 */
export function valuesSchema(layout: LayoutId, locale: Locale): JsonSchema {
  const key = `${layout}/${locale}`;
  let schema = localized.get(key);
  if (!schema) {
    const result = transform(RAW[layout], (node) => {
      localizeNode(node, locale);
      if (typeof node.description === 'string') node.markdownDescription = node.description;
    });
    const editorSchema = asSchema(result);
    // yaml-language-server heads every hover with the closest title, which would be the
    // document's for every key; without it a hover shows just the key's own description.
    const { title: _title, ...rest } = editorSchema;
    schema = Object.freeze(rest);
    localized.set(key, schema);
  }
  return schema;
}

/** `[Cc][Aa]…` for every letter: a case-insensitive pattern that ECMAScript and Go's RE2 both read. */
function caseInsensitiveAlternatives(values: readonly string[]): string {
  const escape = (ch: string) => (/[A-Za-z]/.test(ch) ? `[${ch.toUpperCase()}${ch.toLowerCase()}]` : ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
  return `^(${values.map((value) => [...value].map(escape).join('')).join('|')})$`;
}

/** Keywords editors understand but Helm's validators do not need. */
const EDITOR_ONLY = new Set(['enumDescriptions', 'markdownDescription', 'markdownEnumDescriptions', '$id']);

/**
 * The `values.schema.json` for a chart of this layout. Helm validates the merged values (the
 * chart defaults plus the user's files) against it on install, upgrade, lint and template, so
 * it must accept the chart's own defaults: nothing is `required` (L4's `cniType` is absent from
 * the defaults), and `global`, which Helm may add, is allowed at the top level.
 */
export function helmValuesSchema(layout: LayoutId): JsonSchema {
  const result = transform(RAW[layout], (node) => {
    localizeNode(node, 'en');
    for (const key of Object.keys(node)) {
      if (EDITOR_ONLY.has(key) || key.startsWith('x-')) delete node[key];
    }
  });
  // The raw node still knows which enums ignore case; the transform above already dropped the flag.
  applyIgnoreCase(RAW[layout], result);
  return asSchema(result);
}

function asSchema(value: Json): JsonSchema {
  if (!isRecord(value)) throw new TypeError('a schema must be an object');
  return value;
}

function applyIgnoreCase(raw: unknown, out: Json): void {
  if (Array.isArray(raw) && Array.isArray(out)) {
    raw.forEach((item, i) => applyIgnoreCase(item, out[i]));
    return;
  }
  if (!isRecord(raw) || !isJsonObject(out)) return;
  const outNode = out;
  const values = Array.isArray(raw.enum) ? raw.enum.filter((v): v is string => typeof v === 'string') : [];
  if (raw[ENUM_IGNORE_CASE] === true && values.length > 0) {
    // Helm's validators have no case-insensitive enum, so the exported schema uses a pattern.
    delete outNode.enum;
    outNode.pattern = caseInsensitiveAlternatives(values);
  }
  for (const [key, child] of Object.entries(raw)) {
    if (key in outNode) applyIgnoreCase(child, outNode[key]);
  }
}

const TITLES = new Set(SCHEMA_LAYOUTS.map((layout) => RAW[layout].title));

/**
 * Whether a parsed JSON schema is one of ours: a `values.schema.json` the export wrote (now or by
 * an earlier version, however reformatted or moved) or a copy of a bundled schema. Each of them
 * carries its layout's title, and no other schema does.
 */
export function isFabEdgeValuesSchema(schema: unknown): boolean {
  return isRecord(schema) && typeof schema.title === 'string' && TITLES.has(schema.title);
}

/** The text of `values.schema.json` for a chart of this layout. */
export function helmValuesSchemaText(layout: LayoutId): string {
  return `${JSON.stringify(helmValuesSchema(layout), null, 2)}\n`;
}
