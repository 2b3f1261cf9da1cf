/**
 * Issue 17, items 1 and 4, on the language server over stdio (dist/server.js): settings read per
 * workspace folder over the folder's .fabedge.yaml, completion and hover in that file, and each
 * finding linked to its page shipped with the server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PlainLspClient, type Message } from '../../support/lspClient';
import { FILES_REQUEST } from '../../../src/shared/protocol';

const ROOT = resolve(__dirname, '../../..');
const SERVER = resolve(ROOT, 'dist/server.js');
const EXAMPLE = resolve(ROOT, 'examples/nginx-proxy');

interface Diagnostic {
  code: string;
  severity: number;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  codeDescription?: { href: string };
}

/** One item of a workspace/configuration request. */
interface FolderItem {
  scopeUri?: string;
  section?: string;
}

interface Session {
  client: PlainLspClient;
  /** The diagnostics last published for a file, once the server has published for it. */
  diagnostics: (uri: string) => Promise<Diagnostic[]>;
  /** What the server last published for a file, or nothing: call once it has published for another file of the same check. */
  latest: (uri: string) => Diagnostic[];
  stop: () => Promise<void>;
}

async function start(folders: string[], options: { locale?: string; configuration?: PlainLspClient['configuration']; initializationOptions?: object } = {}): Promise<Session> {
  assert.ok(existsSync(SERVER), 'dist/server.js is missing: run `npm run build` first');
  const child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: ROOT });
  const client = new PlainLspClient(child);
  client.configuration = options.configuration ?? {};
  const uris = folders.map((f) => pathToFileURL(f).toString());
  await client.request('initialize', {
    processId: process.pid,
    rootUri: uris[0],
    workspaceFolders: uris.map((uri, i) => ({ uri, name: `f${i}` })),
    capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: false } } },
    locale: options.locale ?? 'en',
    ...(options.initializationOptions ? { initializationOptions: options.initializationOptions } : {}),
  });
  client.notify('initialized', {});
  const isPublish = (uri: string) => (m: Message) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri;
  return {
    client,
    diagnostics: async (uri) => {
      await client.waitFor(isPublish(uri), 30_000);
      // A round trip: anything the server had queued for this check has been sent before the answer.
      await client.request('textDocument/codeLens', { textDocument: { uri } });
      const last = client.received.filter(isPublish(uri)).at(-1);
      return (last?.params as { diagnostics: Diagnostic[] }).diagnostics;
    },
    latest: (uri) => (client.received.filter(isPublish(uri)).at(-1)?.params as { diagnostics: Diagnostic[] } | undefined)?.diagnostics ?? [],
    stop: async () => {
      await client.request('shutdown', null);
      client.notify('exit', null);
      child.kill();
    },
  };
}

function tempCopies(count: number): string[] {
  const root = mkdtempSync(join(tmpdir(), 'fabedge-settings-'));
  return Array.from({ length: count }, (_, i) => {
    const folder = join(root, `folder-${i}`);
    cpSync(EXAMPLE, folder, { recursive: true });
    return folder;
  });
}

function cleanUp(folders: string[]): void {
  rmSync(resolve(folders[0], '..'), { recursive: true, force: true });
}

const legacy = (diagnostics: Diagnostic[]) => diagnostics.find((d) => d.code === 'values-legacy-layout');

test('each workspace folder keeps its own settings: the server asks per folder and applies them per folder', async () => {
  const folders = tempCopies(2);
  const [a, b] = folders.map((f) => pathToFileURL(f).toString());
  const asked: (string | undefined)[] = [];
  const session = await start(folders, {
    configuration: (item: FolderItem) => {
      asked.push(item.scopeUri);
      return item.scopeUri === a ? { rules: { 'values-legacy-layout': 'off' } } : { rules: { 'values-legacy-layout': 'error' } };
    },
  });
  try {
    assert.equal(legacy(await session.diagnostics(`${b}/values.yaml`))?.severity, 1, 'an error in the second folder');
    assert.equal(legacy(session.latest(`${a}/values.yaml`)), undefined, 'off in the first');
    assert.deepEqual([...new Set(asked)].sort(), [a, b].sort());
  } finally {
    await session.stop();
    cleanUp(folders);
  }
});

test('.fabedge.yaml applies in the editor; a setting the user set in VS Code overrides it, one nobody set does not', async () => {
  const folders = tempCopies(2);
  for (const folder of folders) writeFileSync(join(folder, '.fabedge.yaml'), 'rules:\n  values-legacy-layout: warning\nexclude:\n  - nginx.conf\n');
  const [a, b] = folders.map((f) => pathToFileURL(f).toString());
  const session = await start(folders, { configuration: (item: FolderItem) => (item.scopeUri === b ? { rules: { 'values-legacy-layout': 'error' } } : {}) });
  try {
    assert.equal(legacy(await session.diagnostics(`${a}/values.yaml`))?.severity, 2, 'the config file\'s warning');
    assert.equal(legacy(await session.diagnostics(`${b}/values.yaml`))?.severity, 1, 'the editor setting wins');
    const files = await session.client.sendRequest(FILES_REQUEST);
    assert.ok(!files.some((f) => f.uri.endsWith('/nginx.conf')), 'excluded by the config file');
  } finally {
    await session.stop();
    cleanUp(folders);
  }
});

test('a saved change to .fabedge.yaml applies at once, and its mistakes are findings on the file', async () => {
  const folders = tempCopies(1);
  const folder = pathToFileURL(folders[0]).toString();
  const config = join(folders[0], '.fabedge.yaml');
  const session = await start(folders);
  try {
    assert.equal(legacy(await session.diagnostics(`${folder}/values.yaml`))?.severity, 3, 'info by default');
    writeFileSync(config, 'rules:\n  values-legacy-layout: off\n  no-such-rule: off\n');
    session.client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: `${folder}/.fabedge.yaml`, type: 1 }] });
    const problems = await session.diagnostics(`${folder}/.fabedge.yaml`);
    assert.deepEqual(problems.map((d) => [d.code, d.range.start.line, d.message]), [['config-file', 2, 'Unknown rule "no-such-rule".']]);
    assert.equal(legacy(await session.diagnostics(`${folder}/values.yaml`)), undefined);
  } finally {
    await session.stop();
    cleanUp(folders);
  }
});

test('completion and hover in .fabedge.yaml come from its schema: setting names, rule ids, texts in the display language', async () => {
  const folders = tempCopies(1);
  const folder = pathToFileURL(folders[0]).toString();
  const uri = `${folder}/.fabedge.yaml`;
  const text = 'exclude:\n  - vendor/**\nrules:\n  proxy-\n';
  writeFileSync(join(folders[0], '.fabedge.yaml'), text);
  const session = await start(folders, { locale: 'zh-cn' });
  try {
    session.client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const labels = async (line: number, character: number) =>
      ((await session.client.request('textDocument/completion', { textDocument: { uri }, position: { line, character } })).result as { items: { label: string }[] }).items.map((i) => i.label);
    const top = await labels(4, 0);
    for (const name of ['valuesFiles', 'nginxFiles', 'chartVersion', 'followIncludesOutsideWorkspace']) assert.ok(top.includes(name), `${name} in ${top.join(', ')}`);
    assert.ok(!top.includes('exclude') && !top.includes('rules'), 'keys already there are not offered again');
    const rules = await labels(3, 8);
    assert.ok(rules.includes('proxy-udp') && rules.includes('file-not-checked') && rules.includes('config-file'), rules.join(', '));
    const hover = (await session.client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } })).result as { contents: { value: string } };
    assert.match(hover.contents.value, /FabEdge 不检查的文件和文件夹/);
  } finally {
    await session.stop();
    cleanUp(folders);
  }
});

test('each finding links to its page shipped with the server, in the display language; "Show documentation" is offered to a client that has the command', async () => {
  const folders = tempCopies(1);
  const folder = pathToFileURL(folders[0]).toString();
  for (const [locale, page] of [['en', 'docs/rules/values-legacy-layout.md'], ['zh-cn', 'docs/zh-cn/rules/values-legacy-layout.md']]) {
    const session = await start(folders, { locale, initializationOptions: { ruleDocumentationCommand: 'fabedge.showRuleDocumentation' } });
    try {
      const found = legacy(await session.diagnostics(`${folder}/values.yaml`));
      assert.ok(found?.codeDescription);
      const path = fileURLToPath(found.codeDescription.href);
      assert.equal(path, resolve(ROOT, page));
      assert.match(readFileSync(path, 'utf8'), /^# values-legacy-layout\n/);
      const actions = (await session.client.request('textDocument/codeAction', { textDocument: { uri: `${folder}/values.yaml` }, range: found.range, context: { diagnostics: [found] } })).result as { title: string; command?: { command: string; arguments: unknown[] } }[];
      const show = actions.find((a) => a.command?.command === 'fabedge.showRuleDocumentation');
      assert.deepEqual(show?.command?.arguments, ['values-legacy-layout']);
      assert.equal(show?.title, locale === 'en' ? 'Show documentation for values-legacy-layout' : '显示 values-legacy-layout 的文档');
    } finally {
      await session.stop();
    }
  }
  const plain = await start(folders);
  try {
    const found = legacy(await plain.diagnostics(`${folder}/values.yaml`));
    const actions = (await plain.client.request('textDocument/codeAction', { textDocument: { uri: `${folder}/values.yaml` }, range: found?.range, context: { diagnostics: [found] } })).result as { command?: { command: string } }[];
    assert.ok(!actions.some((a) => a.command?.command === 'fabedge.showRuleDocumentation'), 'another editor has no such command: it has the link');
  } finally {
    await plain.stop();
    cleanUp(folders);
  }
});
