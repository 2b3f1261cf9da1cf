/**
 * Issue 17, item 1: one configuration. The settings table against package.json, the config file
 * and what it reports, the layering of the editor's settings and the CLI's flags over it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CONFIG_FILE_NAME, configureFolder, findConfigFile, parseConfigText } from '../../../src/core/config/configFile';
import { SETTINGS, combineFolders, readSettingValues, resolveFolder } from '../../../src/core/config/settings';
import { RULE_IDS } from '../../../src/core/engine';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { WorkspaceIndex } from '../../../src/core/workspace/workspaceIndex';
import { configFileSchema } from '../../../src/server/configSchema';

const ROOT = resolve(__dirname, '../../..');
const CLI = resolve(ROOT, 'dist/cli.js');

interface Contributed {
  type: string;
  items?: { type: string };
  scope?: string;
  markdownDescription?: string;
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, Contributed> } } };

test('the settings table holds every resource-scope fabedge.* setting of package.json, each with its type', () => {
  const contributed = Object.entries(manifest.contributes.configuration.properties).filter(([, spec]) => spec.scope === 'resource');
  assert.deepEqual(contributed.map(([name]) => name.replace(/^fabedge\./, '')).sort(), Object.keys(SETTINGS).sort());
  const types = { globs: 'array', text: 'string', flag: 'boolean', rules: 'object' };
  for (const [name, spec] of contributed) {
    const kind = SETTINGS[name.replace(/^fabedge\./, '') as keyof typeof SETTINGS];
    assert.equal(spec.type, types[kind], name);
    if (kind === 'globs') assert.equal(spec.items?.type, 'string', name);
  }
});

test('the schema of .fabedge.yaml is built from the table and package.json, in both languages', () => {
  for (const locale of ['en', 'zh-cn'] as const) {
    const schema = configFileSchema(locale) as { properties: Record<string, { type: string; description: string; properties?: Record<string, { enum: string[] }> }>; additionalProperties: boolean };
    assert.deepEqual(Object.keys(schema.properties).sort(), Object.keys(SETTINGS).sort());
    assert.equal(schema.additionalProperties, false);
    for (const [name, property] of Object.entries(schema.properties)) {
      assert.ok(property.description && !property.description.startsWith('%'), `${name} has a ${locale} description`);
    }
    assert.deepEqual(new Set(Object.keys(schema.properties.rules.properties ?? {})), RULE_IDS);
    assert.deepEqual(schema.properties.rules.properties?.['proxy-udp'].enum, ['off', 'error', 'warning', 'info', 'hint']);
  }
  assert.match((configFileSchema('zh-cn') as { properties: { exclude: { description: string } } }).properties.exclude.description, /glob/);
  assert.notEqual(
    (configFileSchema('zh-cn') as { properties: { exclude: { description: string } } }).properties.exclude.description,
    (configFileSchema('en') as { properties: { exclude: { description: string } } }).properties.exclude.description,
  );
});

test('a config file: what it states well is used, each mistake is placed on its key or entry', () => {
  const text = [
    'exclude:',
    '  - vendor/**',
    '  - 42',
    'chartVersion: 1.0',
    'rules:',
    '  proxy-udp: warning',
    '  proxy-udpp: off',
    '  proxy-timeout: loud',
    'followIncludesOutsideWorkspace: yes',
    'exlude: []',
    '',
  ].join('\n');
  const { values, problems } = parseConfigText('/ws/.fabedge.yaml', text, RULE_IDS);
  assert.deepEqual(values, { exclude: ['vendor/**'], rules: { 'proxy-udp': 'warning' } });
  const placed = problems.map((p) => [p.range.start.line, p.range.start.character, p.message.en.split(' ')[0]]);
  assert.deepEqual(placed, [
    [2, 4, 'Each'],
    [3, 0, '{key}'],
    [6, 2, 'Unknown'],
    [7, 2, 'The'],
    [8, 0, '{key}'],
    [9, 0, 'Unknown'],
  ]);
  for (const problem of problems) assert.ok(problem.message['zh-cn'].length > 0);
});

test('a config file that is no YAML mapping states nothing, says why, and never throws', () => {
  const broken = parseConfigText('/ws/.fabedge.yaml', 'exclude: [a\n', RULE_IDS);
  assert.deepEqual(broken.values, {});
  assert.match(broken.problems[0].message.en, /not valid YAML/);
  assert.match(parseConfigText('/ws/.fabedge.yaml', '- a\n- b\n', RULE_IDS).problems[0].message.en, /must be a mapping/);
  assert.deepEqual(parseConfigText('/ws/.fabedge.yaml', '', RULE_IDS), { path: '/ws/.fabedge.yaml', values: {}, problems: [] });
  assert.deepEqual(parseConfigText('/ws/.fabedge.yaml', '# only a comment\n', RULE_IDS).problems, []);
  // A billion laughs: the aliases are refused, not expanded.
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n');
  const hostile = parseConfigText('/ws/.fabedge.yaml', bomb, RULE_IDS);
  assert.deepEqual(hostile.values, {});
  assert.equal(hostile.problems.length, 1);
  assert.deepEqual(readSettingValues('not a mapping', RULE_IDS).values, {});
});

test('the config file is found in the folder or the nearest folder above it', () => {
  const fs = new MemoryFileSystem({ '/repo/.fabedge.yaml': 'exclude: []\n', '/repo/deploy/values.yaml': 'x: 1\n', '/other/a.yaml': 'x: 1\n' });
  assert.equal(findConfigFile(fs, '/repo/deploy'), `/repo/${CONFIG_FILE_NAME}`);
  assert.equal(findConfigFile(fs, '/repo'), `/repo/${CONFIG_FILE_NAME}`);
  assert.equal(findConfigFile(fs, '/other'), undefined);
  const windows = new MemoryFileSystem({ 'C:/.fabedge.yaml': 'exclude: []\n', '.fabedge.yaml': 'exclude: []\n' });
  assert.equal(findConfigFile(windows, 'C:/work/repo'), 'C:/.fabedge.yaml');
  assert.equal(findConfigFile(new MemoryFileSystem({ '.fabedge.yaml': '' }), 'C:/work'), undefined, 'never a relative path, which would be the current folder\'s');
});

test('layers: the editor\'s settings replace the file\'s lists and merge its rules; CLI globs join; globs start at their own folder', () => {
  const fs = new MemoryFileSystem({ '/repo/.fabedge.yaml': 'exclude: [vendor/**]\nvaluesFiles: [deploy/*.yml]\nrules: { proxy-udp: off, proxy-timeout: info }\nchartVersion: "0.8.0"\n' });
  const editor = configureFolder(fs, '/repo/app', { overrides: { values: { exclude: ['build/**'], rules: { 'proxy-udp': 'warning' } }, base: '/repo/app' }, trusted: true, knownRules: RULE_IDS });
  assert.deepEqual(editor.folder.globs.exclude, ['/repo/app/build/**']);
  assert.deepEqual(editor.folder.globs.valuesFiles, ['/repo/deploy/*.yml'], 'relative to the config file, not to the folder');
  assert.deepEqual(editor.folder.ruleSettings, { 'proxy-udp': 'warning', 'proxy-timeout': 'info' });
  assert.equal(editor.folder.chartVersion, '0.8.0');
  const cli = configureFolder(fs, '/repo/app', { overrides: { values: { exclude: ['build/**'] }, base: '/repo/app', globs: 'add' }, trusted: true, knownRules: RULE_IDS });
  assert.deepEqual(cli.folder.globs.exclude, ['/repo/vendor/**', '/repo/app/build/**']);
});

test('an untrusted workspace never follows includes out of it, whatever its config file says', () => {
  const values = { followIncludesOutsideWorkspace: true };
  assert.equal(resolveFolder('/ws', [{ values, base: '/ws' }], false).followIncludesOutsideWorkspace, false);
  assert.equal(resolveFolder('/ws', [{ values, base: '/ws' }], true).followIncludesOutsideWorkspace, true);
});

test('two workspace folders: each file is checked with its own folder\'s chart version and rule settings', () => {
  const legacy = 'operator:\n  connectorPublicAddresses: 10.20.8.24\n  connectorSubnets: 10.96.0.0/12\n  edgeLabels: node-role.kubernetes.io/edge\ncniType: flannel\n';
  const fs = new MemoryFileSystem({ '/a/values.yaml': legacy, '/b/values.yaml': legacy });
  const a = resolveFolder('/a', [{ values: { rules: { 'values-legacy-layout': 'off' } }, base: '/a' }], true);
  const b = resolveFolder('/b', [{ values: { rules: { 'values-legacy-layout': 'error' } }, base: '/b' }], true);
  const { settings, ruleSettings, folderRuleSettings } = combineFolders([a, b]);
  const index = new WorkspaceIndex(fs, ['/a', '/b'], settings, { locale: 'en', ruleSettings, ...(folderRuleSettings ? { folderRuleSettings } : {}) });
  index.scan();
  const found = index.lint().filter((f) => f.rule === 'values-legacy-layout');
  assert.deepEqual(found.map((f) => [f.file, f.severity]), [['/b/values.yaml', 'error']]);
});

function withTemp(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'fabedge-config-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runIn(cwd: string, args: string[]) {
  assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
  const result = spawnSync(process.execPath, [CLI, '--format', 'json', ...args], { cwd, encoding: 'utf8', env: { ...process.env, LANG: 'C', LC_ALL: '', LANGUAGE: '' } });
  type Report = { files: { file: string; kind: string; layout?: string }[]; diagnostics: { file: string; rule: string; severity: string }[] };
  const report = result.status === 0 || result.status === 1 ? (JSON.parse(result.stdout) as Report) : undefined;
  return { status: result.status, stderr: result.stderr, report };
}

test('fabedge-lint reads .fabedge.yaml from the current folder up, or --config FILE, and its flags add to it', () => {
  withTemp((dir) => {
    cpSync(resolve(ROOT, 'test/fixtures/config/workspace'), join(dir, 'repo'), { recursive: true });
    const repo = join(dir, 'repo');
    const files = (args: string[], cwd = repo) => runIn(cwd, args).report?.files.map((f) => f.file).sort();
    assert.deepEqual(files(['.']), ['deploy/beijing.yml', 'deploy/overrides.yml', 'proxy/edge.cfg']);
    // From a folder below, the same file applies, with its globs relative to it.
    assert.deepEqual(files(['.'], join(repo, 'deploy')), ['beijing.yml', 'overrides.yml']);
    assert.deepEqual(files(['--exclude', 'deploy/overrides.yml', '.']), ['deploy/beijing.yml', 'proxy/edge.cfg']);
    // Another config file: no exclude, no globs of its own; the flags stand in.
    writeFileSync(join(dir, 'other.yaml'), 'rules: { values-required: off }\n');
    assert.deepEqual(files(['--config', '../other.yaml', '--values-files', 'deploy/*.yml', '--nginx-files', 'proxy/*.cfg', '--exclude', 'vendored/', '.']), ['deploy/beijing.yml', 'deploy/overrides.yml', 'proxy/edge.cfg']);
    assert.deepEqual(files(['--config', '../other.yaml', '.']), ['deploy/beijing.yml', 'vendored/values.yaml']);
    const missing = runIn(repo, ['--config', 'nope.yaml', '.']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read the config file nope\.yaml/);
  });
});

test('--chart-version decides the layout, as chartVersion in .fabedge.yaml does', () => {
  withTemp((dir) => {
    mkdirSync(join(dir, 'ws'));
    cpSync(resolve(ROOT, 'examples/nginx-proxy/values.yaml'), join(dir, 'ws', 'values.yaml'));
    const layout = (args: string[]) => runIn(join(dir, 'ws'), [...args, '.']).report?.files.find((f) => f.file === 'values.yaml')?.layout;
    assert.equal(layout([]), 'L1b', 'the 0.3.0 layout, guessed from the keys');
    assert.equal(layout(['--chart-version', '1.0.0']), 'L4', 'the chart the user names');
    writeFileSync(join(dir, 'ws', '.fabedge.yaml'), 'chartVersion: "1.0.0"\n');
    assert.equal(layout([]), 'L4');
    assert.equal(layout(['--chart-version', '0.3.0']), 'L1b', 'the flag over the file');
  });
});
