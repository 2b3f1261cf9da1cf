/**
 * Issue 17, item 4: every rule a finding can name has a page in both languages, shipped with the
 * package, whose links lead to pages that are there too (the Markdown preview follows them offline).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { REPORTED_RULES } from '../../../src/core/engine';
import { findPackageRoot, rulePage } from '../../../src/core/rules/docs';

const ROOT = resolve(__dirname, '../../..');
const FOLDERS = ['docs/rules', 'docs/zh-cn/rules'];

test('every rule a finding can name, internal-error, file-not-checked and config-file included, has a page in English and Chinese', () => {
  const ids = REPORTED_RULES.map((meta) => meta.id);
  for (const id of ['internal-error', 'file-not-checked', 'config-file']) assert.ok(ids.includes(id), id);
  for (const folder of FOLDERS) {
    for (const id of ids) {
      const page = join(ROOT, folder, `${id}.md`);
      assert.ok(existsSync(page), `${folder}/${id}.md is missing`);
      assert.match(readFileSync(page, 'utf8'), new RegExp(`^# ${id}\\n`), `${folder}/${id}.md`);
    }
    // And no page for a rule that no longer exists.
    assert.deepEqual(readdirSync(join(ROOT, folder)).map((f) => f.replace(/\.md$/, '')).sort(), [...ids].sort(), folder);
  }
});

test('the pages link only to pages that are there, never to the repository URL that does not exist', () => {
  for (const folder of FOLDERS) {
    for (const file of readdirSync(join(ROOT, folder))) {
      const text = readFileSync(join(ROOT, folder, file), 'utf8');
      assert.doesNotMatch(text, /github\.com\/FabEdge\/fabedge-vscode/, `${folder}/${file}`);
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
        assert.ok(existsSync(resolve(ROOT, folder, target)), `${folder}/${file} links to ${target}, which is not there`);
      }
    }
  }
});

test('a page is found beside the bundles and from the sources, in the language asked, else in English', () => {
  assert.equal(findPackageRoot(join(ROOT, 'dist')), ROOT);
  assert.equal(findPackageRoot(join(ROOT, 'src', 'server')), ROOT);
  assert.equal(rulePage(ROOT, 'proxy-udp', 'zh-cn'), join(ROOT, 'docs/zh-cn/rules/proxy-udp.md'));
  assert.equal(rulePage(ROOT, 'proxy-udp', 'en'), join(ROOT, 'docs/rules/proxy-udp.md'));
  assert.equal(rulePage(ROOT, 'no-such-rule', 'en'), undefined);
  assert.equal(rulePage(ROOT, '../../package', 'en'), undefined, 'an id is never a path');
  assert.equal(rulePage(undefined, 'proxy-udp', 'en'), undefined);
  assert.equal(dirname(rulePage(ROOT, 'config-file', 'zh-cn') ?? ''), join(ROOT, 'docs/zh-cn/rules'));
});
