/** Every user-facing text exists in English and Simplified Chinese. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const readJson = (rel: string): Record<string, unknown> => JSON.parse(readFileSync(join(ROOT, rel), 'utf8')) as Record<string, unknown>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

test('package.nls.json and package.nls.zh-cn.json have the same keys, and the manifest uses only those', () => {
  const en = readJson('package.nls.json');
  const zh = readJson('package.nls.zh-cn.json');
  assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  for (const [key, value] of Object.entries(zh)) assert.ok(typeof value === 'string' && value.trim() !== '', `empty Chinese text for ${key}`);
  const manifest = readFileSync(join(ROOT, 'package.json'), 'utf8');
  const used = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
  assert.ok(used.length > 0);
  for (const key of used) assert.ok(key in en, `package.json uses %${key}% but package.nls.json lacks it`);
});

test('every setting under fabedge.* has a markdownDescription', () => {
  const manifest = readJson('package.json') as { contributes: { configuration: { properties: Record<string, { markdownDescription?: string }> } } };
  for (const [key, property] of Object.entries(manifest.contributes.configuration.properties)) {
    assert.ok(key.startsWith('fabedge.'), key);
    assert.match(property.markdownDescription ?? '', /^%.+%$/, `${key} needs a localized markdownDescription`);
  }
});

test('every vscode.l10n.t text in the client has a Chinese translation, and the bundles agree', () => {
  const zh = readJson('l10n/bundle.l10n.zh-cn.json');
  const en = readJson('l10n/bundle.l10n.json');
  assert.deepEqual(Object.keys(en).sort(), Object.keys(zh).sort());
  const used = new Set<string>();
  for (const file of sourceFiles(join(ROOT, 'src/client'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) used.add(match[1].replace(/\\'/g, "'"));
  }
  assert.ok(used.size > 0);
  for (const text of used) assert.ok(text in zh, `no Chinese for "${text}"`);
  for (const key of Object.keys(zh)) assert.ok(used.has(key), `unused translation "${key}"`);
});

test('every rule page exists in both languages', () => {
  const enDir = join(ROOT, 'docs/rules');
  const zhDir = join(ROOT, 'docs/zh-cn/rules');
  const en = existsSync(enDir) ? readdirSync(enDir).filter((f) => f.endsWith('.md')).sort() : [];
  const zh = existsSync(zhDir) ? readdirSync(zhDir).filter((f) => f.endsWith('.md')).sort() : [];
  assert.deepEqual(zh, en);
});
