/**
 * The set-ups that must stay silent: the seed document's nginx configuration (read in place from
 * shared/seeds) and the repository's examples/*\/nginx.conf, linted with every rule.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lintPaths } from '../../../src/core/workspace/lintPaths';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { NodeFileSystem } from '../../../src/core/io/nodeFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';
import { skipWhenMissing } from '../../support/environment';

const REPO = resolve(__dirname, '../../..');
const SHARED = process.env.FABEDGE_SHARED ?? resolve(REPO, '../shared');
const SEED = join(SHARED, 'seeds', 'use-nginx-to-proxy-connector.md');

test('the seed document\'s stream block gives no finding', (t) => {
  if (skipWhenMissing(t, existsSync(SEED) ? false : `no seed at ${SEED}`)) return;
  const markdown = readFileSync(SEED, 'utf8');
  const block = /```shell\n(# 省略无关配置\nstream \{[\s\S]*?\n\}\n# 省略无关配置)\n```/.exec(markdown)?.[1];
  assert.ok(block, 'the seed has no nginx block');
  for (const text of [block, `worker_processes 1;\nevents {}\n${block}\n`]) {
    const fs = new MemoryFileSystem({ '/seed/nginx.conf': text });
    const result = lintPaths(fs, ['/seed'], DEFAULT_SETTINGS, { locale: 'en' });
    assert.equal(result.model.nginx.length, 1);
    assert.equal(result.model.nginx[0].stream.servers.length, 2);
    assert.deepEqual(result.findings.map((f) => `${f.rule}: ${f.message}`), []);
  }
});

test('examples/*/nginx.conf give no finding', () => {
  const examples = join(REPO, 'examples');
  const paths = readdirSync(examples).map((name) => join(examples, name, 'nginx.conf')).filter((p) => existsSync(p));
  assert.ok(paths.length >= 2);
  const result = lintPaths(new NodeFileSystem(), paths, DEFAULT_SETTINGS, { locale: 'en' });
  assert.equal(result.model.nginx.length, paths.length);
  assert.deepEqual(result.findings.map((f) => `${f.file}: ${f.rule}: ${f.message}`), []);
});
