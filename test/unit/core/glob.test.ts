import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anchorGlob, anchorGlobs, matchesAnyGlob } from '../../../src/core/glob';
import { combineFolders, resolveFolder } from '../../../src/core/config/settings';
import { discover } from '../../../src/core/workspace/discovery';
import { MemoryFileSystem } from '../../support/memoryFileSystem';

/** Whether a glob written for `folder` matches `path`, as the settings use it. */
function matches(folder: string, glob: string, path: string): boolean {
  return matchesAnyGlob(path, anchorGlobs(folder, [glob]));
}

test('a glob is relative to its folder: test/** does not drop a workspace that lives under /home/me/test/', () => {
  const ws = '/home/me/test/fabedge';
  assert.equal(matches(ws, 'test/**', `${ws}/values.yaml`), false);
  assert.equal(matches(ws, 'test/**', `${ws}/deploy/values.yaml`), false);
  assert.equal(matches(ws, 'test/**', `${ws}/test/values.yaml`), true);
  assert.equal(matches(ws, 'test/**', `${ws}/test`), true, 'the folder itself, so the walk does not enter it');
  assert.equal(matches(ws, 'test/**', `${ws}/a/test/values.yaml`), false, 'test/** names the top-level test folder');
});

test('deploy/*.yaml matches deploy/x.yaml, not a/deploy/x.yaml nor deploy/sub/x.yaml', () => {
  assert.equal(matches('/ws', 'deploy/*.yaml', '/ws/deploy/x.yaml'), true);
  assert.equal(matches('/ws', 'deploy/*.yaml', '/ws/a/deploy/x.yaml'), false);
  assert.equal(matches('/ws', 'deploy/*.yaml', '/ws/deploy/sub/x.yaml'), false);
  assert.equal(matches('/ws', './deploy/*.yaml', '/ws/deploy/x.yaml'), true);
});

test('a glob without "/" matches a name at any depth below the folder; a trailing "/" means a folder anywhere', () => {
  assert.equal(matches('/ws', 'values-*.yaml', '/ws/any/where/values-prod.yaml'), true);
  assert.equal(matches('/ws', 'values-*.yaml', '/ws/values-prod.yaml'), true);
  assert.equal(matches('/ws', 'values-*.yaml', '/ws/values.yaml'), false);
  assert.equal(matches('/ws', 'values-*.yaml', '/elsewhere/values-prod.yaml'), false, 'never outside the folder');
  assert.equal(matches('/ws', 'build/', '/ws/app/build/values.yaml'), true);
  assert.equal(matches('/ws', 'build/', '/ws/app/builds/values.yaml'), false);
  assert.equal(matches('/ws', 'node_modules', '/ws/a/node_modules'), true);
});

test('"../", absolute globs, dot folders and glob characters in folder names', () => {
  assert.equal(matches('/ws/deploy', '../shared/*.conf', '/ws/shared/x.conf'), true);
  assert.equal(matches('/ws/deploy', '../shared/*.conf', '/ws/deploy/shared/x.conf'), false);
  assert.equal(matches('/ws', '/etc/nginx/**', '/etc/nginx/conf.d/a.conf'), true);
  assert.equal(matches('/ws', '.github/**', '/ws/.github/workflows/ci.yaml'), true);
  assert.equal(matches('/ws', '**/*.yaml', '/ws/.hidden/x.yaml'), true);
  for (const folder of ['/srv/app (old)', '/srv/[1]', '/srv/{a,b}', '/srv/a*b', '/srv/a+b!', '/srv/@x']) {
    assert.equal(matches(folder, 'deploy/*.yaml', `${folder}/deploy/x.yaml`), true, folder);
  }
  assert.equal(matches('/srv/a*b', 'x.yaml', '/srv/aZZb/x.yaml'), false, 'a * in the folder name is a *');
  assert.equal(anchorGlob('/ws', '   '), undefined);
});

test('braces, classes (with ! as in a shell) and ?', () => {
  const cases: [string, string, boolean][] = [
    ['*.{conf,nginx}', '/ws/proxy.nginx', true],
    ['*.{conf,nginx}', '/ws/proxy.txt', false],
    ['site-[0-9].conf', '/ws/site-7.conf', true],
    ['site-[!0-9].conf', '/ws/site-7.conf', false],
    ['site-[!0-9].conf', '/ws/site-a.conf', true],
    ['a?.yaml', '/ws/ab.yaml', true],
    ['a?.yaml', '/ws/a/b.yaml', false],
  ];
  for (const [glob, path, expected] of cases) assert.equal(matches('/ws', glob, path), expected, `${glob} on ${path}`);
});

test('a glob used many times keeps answering for each path on its own', () => {
  const globs = anchorGlobs('/ws', ['tmp/']);
  const paths = ['/ws/tmp/a.yaml', '/ws/x/a.yaml', '/ws/x/tmp/b.yaml', '/ws/tmpx/b.yaml'];
  for (let round = 0; round < 3; round++) {
    assert.deepEqual(paths.map((path) => matchesAnyGlob(path, globs)), [true, false, true, false]);
  }
  assert.equal(matchesAnyGlob('/ws/a.yaml', []), false);
});

test('each workspace folder keeps its globs: one folder\'s exclude never matches in another', () => {
  const a = resolveFolder('/ws/a', [{ values: { exclude: ['deploy/**'] }, base: '/ws/a' }], true);
  const b = resolveFolder('/ws/b', [{ values: {}, base: '/ws/b' }], true);
  const { settings } = combineFolders([a, b]);
  assert.equal(matchesAnyGlob('/ws/a/deploy/values.yaml', settings.exclude), true);
  assert.equal(matchesAnyGlob('/ws/b/deploy/values.yaml', settings.exclude), false);
});

test('discovery under /home/me/test/ with exclude: ["test/**"] still finds the workspace, and leaves out its test folder', () => {
  const ws = '/home/me/test/fabedge';
  const values = 'cluster:\n  name: beijing\n  role: host\n  cniType: flannel\n  connectorPublicAddresses:\n    - 10.0.0.1\n';
  const fs = new MemoryFileSystem({ [`${ws}/values.yaml`]: values, [`${ws}/test/values.yaml`]: values, [`${ws}/Chart.yaml`]: 'name: fabedge\nversion: 1.0.0\n' });
  const folder = resolveFolder(ws, [{ values: { exclude: ['test/**'] }, base: ws }], true);
  const { files } = discover(fs, [ws], combineFolders([folder]).settings);
  assert.deepEqual(files.map((f) => f.path), [`${ws}/values.yaml`]);
});
