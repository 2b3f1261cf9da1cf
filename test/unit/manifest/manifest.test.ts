import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RULES } from '../../../src/core/rules';
import { CHECKED_LANGUAGES } from '../../../src/client/languages';

const ROOT = resolve(__dirname, '../../..');

interface Manifest {
  engines: { vscode: string };
  activationEvents: string[];
  categories: string[];
  capabilities: { untrustedWorkspaces: { supported: boolean | string } };
  contributes: {
    languages: { configuration?: string }[];
    grammars: { path: string; scopeName: string; language: string }[];
    snippets: { path: string }[];
    commands: { command: string }[];
    walkthroughs: { steps: { media: { image?: string; markdown?: string }; completionEvents?: string[] }[] }[];
  };
  devDependencies: Record<string, string>;
  dependencies?: Record<string, string>;
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;

test('the manifest targets VS Code 1.100 and never activates on *', () => {
  assert.equal(manifest.engines.vscode, '^1.100.0');
  assert.ok(!manifest.activationEvents.includes('*'));
  assert.ok(manifest.activationEvents.includes('onLanguage:yaml') && manifest.activationEvents.includes('onLanguage:nginx'));
  assert.deepEqual(manifest.categories, ['Linters', 'Programming Languages']);
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.equal(manifest.devDependencies['yaml-language-server'], '2.0.0', 'pinned exactly');
  assert.equal(manifest.devDependencies['@types/vscode'], '1.100.0', 'no API newer than the engine');
});

test('every file the manifest points at exists', () => {
  const c = manifest.contributes;
  const paths = [
    ...c.languages.flatMap((l) => (l.configuration ? [l.configuration] : [])),
    ...c.grammars.map((g) => g.path),
    ...c.snippets.map((s) => s.path),
    ...c.walkthroughs.flatMap((w) => w.steps.flatMap((s) => [s.media.image, s.media.markdown].filter((p): p is string => !!p))),
  ];
  assert.ok(paths.length >= 5);
  for (const path of paths) assert.ok(existsSync(join(ROOT, path)), `${path} is missing`);
});

test('our nginx grammar has a scope of its own, not the source.nginx of other nginx extensions', () => {
  const [grammar] = manifest.contributes.grammars;
  assert.equal(manifest.contributes.grammars.length, 1);
  assert.equal(grammar.language, 'nginx');
  assert.equal(grammar.scopeName, 'source.nginx.fabedge');
  const file = JSON.parse(readFileSync(join(ROOT, grammar.path), 'utf8')) as { scopeName: string };
  assert.equal(file.scopeName, grammar.scopeName);
});

test('documents of the NGINX language (another nginx extension) are checked as you type too', () => {
  assert.ok(CHECKED_LANGUAGES.includes('NGINX'));
  for (const language of CHECKED_LANGUAGES) assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`), language);
});

test('walkthrough steps complete on commands that exist', () => {
  const ours = new Set(manifest.contributes.commands.map((c) => c.command));
  ours.add('fabedge.showLocations');
  for (const step of manifest.contributes.walkthroughs.flatMap((w) => w.steps)) {
    assert.ok(step.completionEvents && step.completionEvents.length > 0);
    for (const event of step.completionEvents) {
      const command = event.replace(/^onCommand:/, '');
      if (command.startsWith('fabedge.')) assert.ok(ours.has(command), `${event} names no command of ours`);
    }
  }
  const clientSource = readFileSync(join(ROOT, 'src/client/extension.ts'), 'utf8') + readFileSync(join(ROOT, 'src/client/walkthrough.ts'), 'utf8');
  for (const command of ours) assert.ok(clientSource.includes(`'${command}'`) || clientSource.includes('GENERATE_PROXY_COMMAND'), `${command} is not registered`);
});

test('the README lists every rule with a link to its page', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const rule of RULES) assert.ok(readme.includes(`(docs/rules/${rule.meta.id}.md)`), `README lacks ${rule.meta.id}`);
});
