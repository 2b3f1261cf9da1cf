/**
 * Issue 17, item 5: the npm package. `npm pack` (its prepack builds the production bundles) in a
 * copy of the working tree, so the dist/ other tests run stays as it is; then the tarball's
 * contents, and a clean `npm install` of it on Node 20, 22 and 24 giving a working
 * `fabedge-lint` and `fabedge-language-server`, without a warning.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { version as PACKAGE_VERSION } from '../../../package.json';
import { nodeBinary } from '../../support/nodeVersions';
import { PlainLspClient } from '../../support/lspClient';

const ROOT = resolve(__dirname, '../../..');
const NODE_VERSIONS = [20, 22, 24];

let scratch: string;
let tarball: string;
let packed: string[];

before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'fabedge-pack-'));
  const tree = join(scratch, 'tree');
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(ROOT, file))) continue;
    mkdirSync(dirname(join(tree, file)), { recursive: true });
    cpSync(join(ROOT, file), join(tree, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: tree, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [report] = JSON.parse(output.slice(output.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  tarball = join(scratch, report.filename);
  packed = report.files.map((f) => f.path).sort();
});

after(() => rmSync(scratch, { recursive: true, force: true }));

test('npm pack ships the CLI and server bundles, the rule pages in both languages, the schemas, README, LICENSE and the notices: nothing else', () => {
  const pages = (folder: string) => readdirSync(join(ROOT, folder)).filter((f) => f.endsWith('.md')).map((f) => `${folder}/${f}`);
  const schemas = readdirSync(join(ROOT, 'schemas')).map((f) => `schemas/${f}`);
  const expected = [
    'LICENSE',
    'README.md',
    'package.json',
    'dist/ThirdPartyNotices.txt',
    'dist/cli.js',
    'dist/server.js',
    'dist/yaml-library.js',
    ...pages('docs/rules'),
    ...pages('docs/zh-cn/rules'),
    ...schemas,
  ].sort();
  assert.deepEqual(packed, expected);
});

function withNode(major: number): NodeJS.ProcessEnv {
  // npm and the bins' "#!/usr/bin/env node" both run on the first node on PATH.
  return { ...process.env, PATH: `${dirname(nodeBinary(major))}${delimiter}${process.env.PATH ?? ''}`, LANG: 'C', LC_ALL: '', LANGUAGE: '' };
}

for (const major of NODE_VERSIONS) {
  test(`npm install of the tarball on Node ${major}: no warning, nothing else installed, a working fabedge-lint and language server`, async () => {
    const project = join(scratch, `node${major}`);
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), '{"private":true}\n');
    const env = withNode(major);
    assert.match(execFileSync('node', ['--version'], { env, encoding: 'utf8' }), new RegExp(`^v${major}\\.`));
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', tarball], { cwd: project, env, encoding: 'utf8' });
    assert.equal(install.status, 0, install.stderr);
    assert.doesNotMatch(`${install.stdout}${install.stderr}`, /warn/i, 'npm printed a warning');
    assert.deepEqual(readdirSync(join(project, 'node_modules')).filter((f) => !f.startsWith('.')), ['fabedge-vscode'], 'the bundles need no dependency');

    const bin = (name: string) => join(project, 'node_modules', '.bin', name);
    const version = spawnSync(bin('fabedge-lint'), ['--version'], { env, encoding: 'utf8' });
    assert.equal(version.stdout, `${PACKAGE_VERSION}\n`);
    assert.equal(version.stderr, '');

    const workspace = join(project, 'ws');
    cpSync(join(ROOT, 'examples/nginx-proxy'), workspace, { recursive: true });
    const lint = spawnSync(bin('fabedge-lint'), ['--format', 'sarif', '--locale', 'zh-cn', '.'], { cwd: workspace, env, encoding: 'utf8' });
    assert.equal(lint.status, 0, lint.stderr);
    assert.equal(lint.stderr, '', 'no warning from Node either');
    const sarif = JSON.parse(lint.stdout) as { runs: { tool: { driver: { version: string; rules: { id: string; help: { markdown?: string } }[] } }; results: { ruleId: string }[] }[] };
    const [run] = sarif.runs;
    assert.equal(run.tool.driver.version, PACKAGE_VERSION);
    assert.deepEqual(run.results.map((r) => r.ruleId), ['values-legacy-layout']);
    assert.match(run.tool.driver.rules.find((r) => r.id === 'values-legacy-layout')?.help.markdown ?? '', /^# values-legacy-layout\n\n\*\*严重级别/, 'the page from the installed package, in Chinese');

    const server = spawn(bin('fabedge-language-server'), ['--stdio'], { env });
    try {
      const client = new PlainLspClient(server);
      const folder = pathToFileURL(workspace).toString();
      const init = await client.request('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'ws' }], capabilities: {}, locale: 'en' });
      assert.equal((init.result as { serverInfo: { name: string } }).serverInfo.name, 'fabedge-language-server');
      client.notify('initialized', {});
      const published = await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics', 30_000);
      assert.equal((published.params as { diagnostics: { code: string }[] }).diagnostics[0]?.code, 'values-legacy-layout');
      // Hover loads yaml-language-server from its own bundle in the package.
      const valuesUri = `${folder}/values.yaml`;
      client.notify('textDocument/didOpen', { textDocument: { uri: valuesUri, languageId: 'yaml', version: 1, text: readFileSync(join(workspace, 'values.yaml'), 'utf8') } });
      const hover = await client.request('textDocument/hover', { textDocument: { uri: valuesUri }, position: { line: 9, character: 2 } });
      assert.match((hover.result as { contents: { value: string } } | null)?.contents.value ?? '', /flannel/, 'no schema hover from the installed server');
      await client.request('shutdown', null);
      client.notify('exit', null);
    } finally {
      server.kill();
    }
  });
}
