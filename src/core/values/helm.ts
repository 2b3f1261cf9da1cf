/** How Helm reads a values file: its YAML reader, and the `int` and truthiness the FabEdge templates apply. */

/** The YAML options that match Helm's reader (go-yaml v2 is YAML 1.1; duplicate keys do not fail). */
export const HELM_YAML_OPTIONS = { version: '1.1', uniqueKeys: false, keepSourceTokens: false, prettyErrors: false } as const;

/** Reads an int the way Helm's `int` does for the values FabEdge templates: numbers and numeric strings. */
export function toInt(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number(value.trim());
  return undefined;
}

/** Helm's truthiness for a bool-typed value. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}
