/**
 * Whether two lists hold the same items in the same order: `same` compares items, identity by
 * default. A loop, not every(): this runs for each finding on every check, and closures are garbage.
 */
export function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean = (x, y) => x === y): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
  return true;
}
