import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelines, readYamlSettings, schemaChoice, type SchemaReader } from '../../../src/server/features/schemaChoice';
import { helmValuesSchemaText, rawValuesSchema } from '../../../src/core/values/schemas';

const VALUES = 'cluster:\n  name: beijing\n';

/** A disk of schema files: ours as exported, ours re-indented, a copy of a bundled one, someone else's, and broken JSON. */
const FILES: Record<string, string> = {
  '/ws/chart/values.schema.json': helmValuesSchemaText('L4'),
  '/ws/copies/compact.json': JSON.stringify(JSON.parse(helmValuesSchemaText('L3'))),
  '/ws/copies/bundled.json': JSON.stringify(rawValuesSchema('L1')),
  '/ws/other/deployment.json': '{"type":"object","title":"Deployment"}',
  '/ws/other/broken.json': '{"type":',
  '/ws/other/list.json': '[]',
};
const read: SchemaReader = (path) => FILES[path];
const NO_SETTINGS = readYamlSettings(undefined);

function choice(text: string, path = '/ws/chart/values.yaml', settings = NO_SETTINGS) {
  return schemaChoice(path, text, settings, ['/ws'], read);
}

test('a modeline among the comments heading the file, as yaml-language-server reads it', () => {
  assert.deepEqual(modelines('# yaml-language-server: $schema=./a.json\ncluster: {}\n'), [{ line: 0, reference: './a.json' }]);
  assert.deepEqual(modelines('\n# a comment\n\n#  yaml-language-server :  $schema=none  \n---\ncluster: {}\n'), [{ line: 3, reference: 'none' }]);
  assert.deepEqual(modelines('%YAML 1.1\n---\n# $schema: https://example.com/s.json\nx: 1\n'), [{ line: 2, reference: 'https://example.com/s.json' }]);
  assert.deepEqual(modelines('\uFEFF# yaml-language-server: $schema=a.json\n'), [{ line: 0, reference: 'a.json' }]);
  // After the first content line, in a value, or without the `yaml-language-server:` prefix: no modeline.
  assert.deepEqual(modelines('cluster: {}\n# yaml-language-server: $schema=./a.json\n'), []);
  assert.deepEqual(modelines('# schema: $schema=./a.json\n# yaml-language-server: no schema here\nx: 1\n'), []);
  assert.deepEqual(modelines('x: "# yaml-language-server: $schema=./a.json"\n'), []);
});

test('no modeline and no yaml.schemas entry: no choice', () => {
  assert.equal(choice(VALUES), undefined);
  assert.equal(choice(`# a comment\n${VALUES}`), undefined);
});

test('our exported schema, re-indented or copied elsewhere, and a bundled schema are ours', () => {
  assert.deepEqual(choice(`# yaml-language-server: $schema=values.schema.json\n${VALUES}`), { source: 'modeline', reference: 'values.schema.json', kind: 'fabedge', path: '/ws/chart/values.schema.json' });
  assert.equal(choice(`# yaml-language-server: $schema=./values.schema.json\n${VALUES}`)?.kind, 'fabedge');
  assert.equal(choice(`# yaml-language-server: $schema=../copies/compact.json\n${VALUES}`)?.kind, 'fabedge');
  assert.equal(choice(`# yaml-language-server: $schema=/ws/copies/bundled.json\n${VALUES}`)?.kind, 'fabedge');
  assert.equal(choice(`# yaml-language-server: $schema=file:///ws/chart/values.schema.json\n${VALUES}`)?.kind, 'fabedge');
});

test('none, a remote URL, another schema and a file that cannot be read', () => {
  assert.deepEqual(choice(`# yaml-language-server: $schema=none\n${VALUES}`), { source: 'modeline', reference: 'none', kind: 'none' });
  assert.equal(choice(`# yaml-language-server: $schema=NONE\n${VALUES}`)?.kind, 'none');
  assert.deepEqual(choice(`# yaml-language-server: $schema=https://example.com/values.schema.json\n${VALUES}`), { source: 'modeline', reference: 'https://example.com/values.schema.json', kind: 'remote' });
  assert.deepEqual(choice(`# yaml-language-server: $schema=../other/deployment.json\n${VALUES}`), { source: 'modeline', reference: '../other/deployment.json', kind: 'local', path: '/ws/other/deployment.json' });
  for (const reference of ['../other/broken.json', '../other/list.json', './missing.json']) {
    assert.equal(choice(`# yaml-language-server: $schema=${reference}\n${VALUES}`)?.kind, 'unreadable', reference);
  }
});

test('yaml.schemas: the first entry whose globs match the file, paths relative to the workspace folder', () => {
  const settings = readYamlSettings({
    schemas: {
      'https://json.schemastore.org/github-workflow.json': '.github/workflows/*.yaml',
      'chart/values.schema.json': ['chart/values*.yaml', '!chart/values-test.yaml'],
      'ws/other/deployment.json': ['/deploy/*.yaml'],
      kubernetes: 'k8s/*.yaml',
    },
  });
  assert.deepEqual(choice(VALUES, '/ws/chart/values-prod.yaml', settings), { source: 'yaml.schemas', reference: 'chart/values.schema.json', kind: 'fabedge', path: '/ws/chart/values.schema.json' });
  assert.equal(choice(VALUES, '/ws/chart/values-test.yaml', settings), undefined, 'excluded with !');
  assert.equal(choice(VALUES, '/ws/a/deploy/values.yaml', settings)?.kind, 'local', 'a path that starts with the folder name resolves in that folder');
  assert.equal(choice(VALUES, '/ws/k8s/values.yaml', settings)?.kind, 'remote');
  assert.equal(choice(VALUES, '/ws/values.yaml', settings), undefined);
  // A modeline outranks yaml.schemas.
  assert.equal(choice(`# yaml-language-server: $schema=none\n${VALUES}`, '/ws/chart/values-prod.yaml', settings)?.kind, 'none');
});

test('the yaml settings: malformed entries are left out, validate, completion and hover default to on', () => {
  assert.deepEqual(readYamlSettings({ schemas: { 'a.json': 3, 'b.json': ['x.yaml', 4], ' ': 'y.yaml' }, validate: false, hover: 'no' }), {
    schemas: [{ reference: 'b.json', patterns: ['x.yaml'] }],
    validate: false,
    completion: true,
    hover: true,
  });
  assert.deepEqual(readYamlSettings('nonsense'), { schemas: [], validate: true, completion: true, hover: true });
});
