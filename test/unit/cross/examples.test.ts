import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { crossFindings, describe, lintFiles, readFolder, REPO } from './helpers';

for (const example of ['nginx-proxy', 'current-chart']) {
  test(`examples/${example} is silent for the cross-file rules`, () => {
    const { findings } = lintFiles(readFolder(join(REPO, 'examples', example)));
    assert.deepEqual(crossFindings(findings).map(describe), []);
  });
}

test('the seed values with the seed nginx, in separate folders, stay silent', () => {
  const seed = readFolder(join(REPO, 'examples/nginx-proxy'));
  const { findings } = lintFiles({ 'helm/values.yaml': seed['values.yaml'], 'nginx/nginx.conf': seed['nginx.conf'] });
  assert.deepEqual(crossFindings(findings).map(describe), []);
});
