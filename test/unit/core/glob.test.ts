import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchesAnyGlob } from '../../../src/core/glob';

test('workspace globs: ** across folders, * within one, a bare name anywhere, braces and classes', () => {
  const cases: [string, string, boolean][] = [
    ['**/build/**', '/ws/app/build/values.yaml', true],
    ['**/build/**', '/ws/app/builds/values.yaml', false],
    ['deploy/*.yaml', '/ws/deploy/a.yaml', true],
    ['deploy/*.yaml', '/ws/deploy/sub/a.yaml', false],
    ['values-*.yaml', '/ws/any/where/values-prod.yaml', true],
    ['values-*.yaml', '/ws/values.yaml', false],
    ['*.{conf,nginx}', '/ws/proxy.nginx', true],
    ['*.{conf,nginx}', '/ws/proxy.txt', false],
    ['site-[0-9].conf', '/ws/site-7.conf', true],
    ['site-[!0-9].conf', '/ws/site-7.conf', false],
    ['a?.yaml', '/ws/ab.yaml', true],
    ['a?.yaml', '/ws/a/b.yaml', false],
  ];
  for (const [glob, path, expected] of cases) assert.equal(matchesAnyGlob(path, [glob]), expected, `${glob} on ${path}`);
});

test('a glob used many times keeps answering for each path on its own', () => {
  const globs = ['**/tmp/**'];
  const paths = ['/ws/tmp/a.yaml', '/ws/x/a.yaml', '/ws/tmp/b.yaml', '/ws/tmpx/b.yaml'];
  for (let round = 0; round < 3; round++) {
    assert.deepEqual(paths.map((path) => matchesAnyGlob(path, globs)), [true, false, true, false]);
  }
  assert.equal(matchesAnyGlob('/ws/a.yaml', []), false);
  assert.equal(matchesAnyGlob('/ws/a.yaml', ['*.conf', '*.yaml']), true);
});
