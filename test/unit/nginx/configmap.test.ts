import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractConfigMapConfigs } from '../../../src/core/nginx/configmap';
import { makeConfigMapFiles } from '../../../src/core/nginx/includes';
import { lintPaths } from '../../../src/core/workspace/lintPaths';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';
import { LineIndex } from '../../../src/core/text';

const YAML = [
  '---',
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: other',
  'data:',
  '  app.properties: |',
  '    a=b',
  '---',
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: proxy',
  'data:',
  '  "nginx.conf": |-',
  '      events {}',
  '',
  '      stream {',
  '          server { listen 500; proxy_pass 10.0.0.1:500; }',
  '      }',
  '  stream.conf: |2',
  '      # indented by the indicator: two spaces of content indentation kept',
  '  notes: plain text',
  '',
].join('\n');

test('ConfigMap entries: nginx.conf and *.conf block scalars, indentation removed line by line', () => {
  const configs = extractConfigMapConfigs(YAML);
  assert.deepEqual(
    configs.map((c) => [c.key, c.firstLine, c.indent]),
    [
      ['nginx.conf', 15, 6],
      ['stream.conf', 21, 4],
    ],
  );
  assert.equal(configs[0].text, 'events {}\n\nstream {\n    server { listen 500; proxy_pass 10.0.0.1:500; }\n}\n');
  assert.equal(configs[1].text, '  # indented by the indicator: two spaces of content indentation kept\n');
});

test('every position of the embedded text maps back to the same character of the YAML file', () => {
  const [file] = makeConfigMapFiles('/ws/cm.yaml', YAML, '1.22');
  const yaml = new LineIndex(YAML);
  for (const word of ['events', 'stream', 'listen', '500;', '10.0.0.1:500']) {
    const offset = file.text.indexOf(word);
    const range = file.rangeOf(offset, offset + word.length);
    assert.equal(YAML.slice(yaml.offsetAt(range.start), yaml.offsetAt(range.end)), word);
  }
  assert.equal(file.id, '/ws/cm.yaml#nginx.conf');
  assert.equal(file.embedText('a\nb\n'), 'a\n      b\n');
});

test('findings and fixes in a ConfigMap land in the YAML file', () => {
  const fs = new MemoryFileSystem({ '/ws/cm.yaml': YAML });
  const result = lintPaths(fs, ['/ws'], { ...DEFAULT_SETTINGS, proxyFiles: ['/ws/cm.yaml'] }, { locale: 'en' });
  const udp = result.findings.find((f) => f.rule === 'proxy-udp');
  assert.ok(udp);
  assert.equal(udp.file, '/ws/cm.yaml');
  assert.deepEqual(udp.range.start, { line: 18, character: 26 });
  assert.equal(udp.fixes[0].edits[0].range.start.character, 29);
});
