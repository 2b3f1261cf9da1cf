/**
 * Every snippet, with its tabstops filled in, must be a file our tools accept: values snippets
 * (served by the language server) parse as YAML and pass the rules, nginx snippets (contributed
 * for the nginx language) parse with our parser (and with `nginx -t` where Debian's nginx is
 * installed and we run as root).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lintValuesDocument } from '../../../src/core/engine';
import { parseValuesDocument } from '../../../src/core/values/parse';
import { parseNginx } from '../../../src/core/nginx/parser';
import { lintPaths } from '../../../src/core/workspace/lintPaths';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';
import { findNginx, gluedPrefix, makeDir, removeDir, runNginxT } from '../nginx-parser/oracle';
import { expandSnippet } from '../../../src/server/features/valuesSnippets';
import { skipWhenMissing } from '../../support/environment';

const ROOT = resolve(__dirname, '../../..');

interface Snippet {
  prefix: string;
  body: string[];
  description: string[];
}

function load(file: string): Map<string, Snippet> {
  const data = JSON.parse(readFileSync(resolve(ROOT, 'snippets', file), 'utf8')) as Record<string, Snippet>;
  return new Map(Object.values(data).map((s) => [s.prefix, s]));
}

const yamlSnippets = load('values.json');
const nginxSnippets = load('nginx.json');

test('the snippet expander follows VS Code snippet syntax', () => {
  assert.equal(expandSnippet('a ${1:x} $1 ${2|p,q|} \\$v ${1} $0'), 'a x x p $v x ');
});

test('the expected snippets exist, with English and Chinese descriptions', () => {
  assert.deepEqual([...yamlSnippets.keys()].sort(), ['fabedge-values-0.3', 'fabedge-values-host', 'fabedge-values-member', 'fabedge-values-proxy']);
  assert.deepEqual([...nginxSnippets.keys()].sort(), ['fabedge-proxy', 'fabedge-proxy-ha', 'fabedge-proxy-port']);
  for (const snippet of [...yamlSnippets.values(), ...nginxSnippets.values()]) {
    assert.equal(snippet.description.length, 2, snippet.prefix);
    assert.match(snippet.description[0], /^[\x20-\x7e–]+$/, `${snippet.prefix}: English first`);
    assert.match(snippet.description[1], /[\u4e00-\u9fff]/, `${snippet.prefix}: Chinese second`);
  }
  for (const snippet of yamlSnippets.values()) {
    assert.ok(!snippet.body.some((line) => line.includes('\t')), `${snippet.prefix}: YAML forbids tabs`);
  }
});

const EXPECTED_LAYOUT: Record<string, string> = {
  'fabedge-values-host': 'L4',
  'fabedge-values-member': 'L4',
  'fabedge-values-proxy': 'L4',
  'fabedge-values-0.3': 'L1b',
};

for (const [prefix, snippet] of yamlSnippets) {
  test(`values snippet ${prefix} parses and passes the rules`, () => {
    const text = expandSnippet(snippet.body.join('\n'));
    const doc = parseValuesDocument('/ws/values.yaml', text);
    assert.deepEqual(doc.yaml.errors.map((e) => e.message), []);
    assert.equal(doc.layout.id, EXPECTED_LAYOUT[prefix]);
    const findings = lintValuesDocument(doc, { locale: 'en' });
    const bad = findings.filter((f) => f.severity === 'error' || f.rule === 'values-schema');
    assert.deepEqual(bad.map((f) => `${f.rule}: ${f.message}`), []);
  });
}

/** A snippet meant for inside `stream {}` is checked inside one. */
function asConfig(prefix: string): string {
  const text = expandSnippet(nginxSnippets.get(prefix)?.body.join('\n') ?? '');
  return text.trimStart().startsWith('stream') ? text : `stream {\n${text}\n}\n`;
}

for (const prefix of nginxSnippets.keys()) {
  test(`nginx snippet ${prefix} parses without errors`, () => {
    const result = parseNginx(asConfig(prefix));
    assert.deepEqual(result.errors.map((e) => e.message), []);
    assert.ok(result.directives.some((d) => d.name === 'stream'));
  });
}

test('snippets together: each proxy snippet with its values snippet has no error finding', () => {
  const pairs: [string, string][] = [
    ['fabedge-proxy', 'fabedge-values-host'],
    ['fabedge-proxy-port', 'fabedge-values-proxy'],
    ['fabedge-proxy-ha', 'fabedge-values-host'],
  ];
  for (const [nginx, values] of pairs) {
    const fs = new MemoryFileSystem();
    fs.set('/ws/nginx/nginx.conf', `worker_processes auto;\nevents {}\n${asConfig(nginx)}`);
    // The host snippet's sample address is the chart's; with nginx in front a user puts the
    // proxy's there, as the snippet's comment says (otherwise no tunnel comes up: an error).
    fs.set('/ws/values.yaml', expandSnippet(yamlSnippets.get(values)?.body.join('\n') ?? '').replace('10.22.46.48', '10.20.8.24'));
    const { findings } = lintPaths(fs, ['/ws'], DEFAULT_SETTINGS, { locale: 'en' });
    const errors = findings.filter((f) => f.severity === 'error');
    assert.deepEqual(errors.map((f) => `${nginx}+${values} ${f.rule}: ${f.message}`), []);
  }
});

const nginxBinary = findNginx();
test('nginx -t accepts every nginx snippet', async (t) => {
  if (skipWhenMissing(t, nginxBinary ? false : 'Debian nginx with the stream module not available (or not root)')) return;
  for (const prefix of nginxSnippets.keys()) {
    const dir = makeDir();
    try {
      // nginx -t binds the listen sockets, so the sample proxy address becomes loopback.
      const config = asConfig(prefix).replace(/listen 10\.20\.8\.24:/g, 'listen 127.0.0.1:');
      const verdict = await runNginxT(nginxBinary ?? '', dir, `${gluedPrefix(dir)}\nevents {}\n${config}`);
      assert.equal(verdict.rc, 0, `${prefix}: ${verdict.stderr}`);
    } finally {
      removeDir(dir);
    }
  }
});
