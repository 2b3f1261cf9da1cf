/** A plain object as JSON or YAML gives it (not null, not an array): what settings and schemas are read from. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
