import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { anchorGlobs } from '../../../src/core/glob';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';
import { helmValuesSchemaText } from '../../../src/core/values/schemas';
import { existingSchema, fabedgeChartFolders } from '../../../src/server/features/helmSchema';

const FABEDGE = 'apiVersion: v2\nname: fabedge\nversion: 1.0.0\n';

function disk(files: Record<string, string>): MemoryFileSystem {
  const fs = new MemoryFileSystem();
  for (const [path, text] of Object.entries(files)) fs.set(path, text);
  return fs;
}

test('the chart a values file lives in, beside Chart.yaml or below it (ci/)', () => {
  const fs = disk({
    '/ws/charts/fabedge/Chart.yaml': FABEDGE,
    '/ws/charts/fabedge/values.yaml': '',
    '/ws/charts/fabedge/ci/values-test.yaml': '',
    '/ws/other/fabedge/Chart.yml': FABEDGE,
  });
  assert.deepEqual(fabedgeChartFolders(fs, '/ws/charts/fabedge/values.yaml', ['/ws'], DEFAULT_SETTINGS), ['/ws/charts/fabedge']);
  assert.deepEqual(fabedgeChartFolders(fs, '/ws/charts/fabedge/ci/values-test.yaml', ['/ws'], DEFAULT_SETTINGS), ['/ws/charts/fabedge']);
});

test('outside any chart: every FabEdge chart of the workspace, none in node_modules or excluded folders', () => {
  const fs = disk({
    '/ws/deploy/values-prod.yaml': '',
    '/ws/charts/fabedge/Chart.yaml': FABEDGE,
    '/ws/vendor/fabedge-0.8/Chart.yml': FABEDGE,
    '/ws/charts/ingress/Chart.yaml': 'apiVersion: v2\nname: ingress-nginx\n',
    '/ws/node_modules/x/Chart.yaml': FABEDGE,
    '/ws/old/Chart.yaml': FABEDGE,
  });
  assert.deepEqual(fabedgeChartFolders(fs, '/ws/deploy/values-prod.yaml', ['/ws'], { ...DEFAULT_SETTINGS, exclude: anchorGlobs('/ws', ['old']) }).sort(), ['/ws/charts/fabedge', '/ws/vendor/fabedge-0.8']);
  assert.deepEqual(fabedgeChartFolders(disk({ '/ws/values.yaml': '' }), '/ws/values.yaml', ['/ws'], DEFAULT_SETTINGS), []);
});

test("a values file of another chart is not that chart's to get our schema", () => {
  const fs = disk({ '/ws/ingress/Chart.yaml': 'name: ingress-nginx\n', '/ws/ingress/fabedge-values.yaml': '' });
  assert.deepEqual(fabedgeChartFolders(fs, '/ws/ingress/fabedge-values.yaml', ['/ws'], DEFAULT_SETTINGS), []);
});

test('what values.schema.json already holds in a chart folder', () => {
  const fs = disk({
    '/a/values.schema.json': helmValuesSchemaText('L4'),
    '/b/values.schema.json': helmValuesSchemaText('L3'),
    '/c/values.schema.json': '{"title":"Someone else\'s"}',
    '/d/values.schema.json': 'not json',
  });
  assert.equal(existingSchema(fs, '/a', 'L4'), 'same');
  assert.equal(existingSchema(fs, '/b', 'L4'), 'fabedge');
  assert.equal(existingSchema(fs, '/c', 'L4'), 'other');
  assert.equal(existingSchema(fs, '/d', 'L4'), 'other');
  assert.equal(existingSchema(fs, '/e', 'L4'), 'none');
});
