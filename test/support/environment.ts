/**
 * Tests that need something of the machine (../shared, root, Debian's nginx, a network
 * namespace) skip with a reason on a developer machine that lacks it; under CI (`CI` set)
 * nothing may be missing, so there the same test fails with that reason instead.
 */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';

export const IN_CI = Boolean(process.env.CI);

/**
 * `missing` says what the test lacks here, or is false when it has everything. Returns true once
 * the test is marked skipped (the test then returns at once); under CI it fails the test instead.
 */
export function skipWhenMissing(t: TestContext, missing: string | false): boolean {
  if (!missing) return false;
  assert.ok(!IN_CI, `${missing}: under CI (the CI variable is set) this test must run, not skip`);
  t.skip(missing);
  return true;
}
