/**
 * Issue 18, item 4: the server reads a workspace in slices and shows window progress (files done
 * out of the total, cancellable) when that takes longer than a moment. The tests make the moment
 * none and each slice one file (FABEDGE_PROGRESS_DELAY_MS, FABEDGE_INDEXING_SLICE_MS), so that a
 * small workspace shows it whatever the machine's speed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PlainLspClient, type Message } from '../../support/lspClient';
import { FILES_REQUEST } from '../../../src/shared/protocol';

const ROOT = resolve(__dirname, '../../..');
const SERVER = resolve(ROOT, 'dist/server.js');
/** Enough files that a cancel sent on the progress's first message arrives long before the last is read. */
const MANIFESTS = 3000;

let folder = '';

before(() => {
  assert.ok(existsSync(SERVER), 'dist/server.js is missing: run `npm run build` first');
  folder = mkdtempSync(join(tmpdir(), 'fabedge-progress-'));
  writeFileSync(join(folder, 'values.yaml'), 'operator:\n  connectorPublicAddresses: 10.20.8.24\n  connectorSubnets: 10.96.0.0/12\n  edgeLabels: node-role.kubernetes.io/edge\ncniType: flannel\n');
  mkdirSync(join(folder, 'sites', 'other'), { recursive: true });
  writeFileSync(join(folder, 'sites', 'other', 'values.yaml'), 'operator:\n  connectorPublicAddresses: 10.20.9.24\n  connectorSubnets: 10.96.0.0/12\n  edgeLabels: node-role.kubernetes.io/edge\ncniType: flannel\n');
  mkdirSync(join(folder, 'manifests'));
  for (let i = 0; i < MANIFESTS; i++) writeFileSync(join(folder, 'manifests', `app-${i}.yaml`), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-${i}\n`);
});

after(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

interface ProgressValue {
  kind: 'begin' | 'report' | 'end';
  title?: string;
  message?: string;
  percentage?: number;
  cancellable?: boolean;
}

async function start(locale: string) {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: ROOT, env: { ...process.env, FABEDGE_PROGRESS_DELAY_MS: '0', FABEDGE_INDEXING_SLICE_MS: '0' } });
  const client = new PlainLspClient(child);
  const folderUri = pathToFileURL(folder).toString();
  await client.request('initialize', { processId: process.pid, rootUri: folderUri, workspaceFolders: [{ uri: folderUri, name: 'ws' }], capabilities: { window: { workDoneProgress: true } }, locale });
  client.notify('initialized', {});
  const progressOf = (m: Message) => (m.method === '$/progress' ? ((m.params as { value: ProgressValue }).value) : undefined);
  const diagnosed = (rel: string) => (m: Message) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === `${folderUri}/${rel}`;
  return { child, client, folderUri, progressOf, diagnosed };
}

test('reading a workspace shows cancellable window progress with the files read out of the total, then the findings', { timeout: 120_000 }, async () => {
  const { child, client, progressOf, diagnosed } = await start('en');
  try {
    await client.waitFor(diagnosed('sites/other/values.yaml'), 90_000);
    const values = client.received.map(progressOf).filter((v): v is ProgressValue => v !== undefined);
    const begin = values.find((v) => v.kind === 'begin');
    assert.ok(begin, 'no progress began');
    assert.equal(begin.title, 'FabEdge: reading the workspace');
    assert.equal(begin.cancellable, true);
    const reading = values.filter((v) => /^[\d,]+ \/ [\d,]+ files read$/.test(v.message ?? ''));
    assert.ok(reading.length > 0, values.map((v) => v.message).join(' | '));
    assert.match(reading.at(-1)?.message ?? '', new RegExp(`/ ${(MANIFESTS + 2).toLocaleString('en-US')} files read$`), 'the total is every YAML file');
    const percentages = values.map((v) => v.percentage).filter((p): p is number => p !== undefined);
    assert.deepEqual(percentages, [...percentages].sort((a, b) => a - b), 'the percentage never goes back');
    // The progress covers the first check too: it ends once the findings are out.
    const end = await client.waitFor((m) => progressOf(m)?.kind === 'end', 30_000);
    assert.ok(client.received.indexOf(end) > client.received.findIndex(diagnosed('sites/other/values.yaml')));
  } finally {
    child.kill();
  }
});

test('in Chinese', { timeout: 120_000 }, async () => {
  const { child, client, progressOf, diagnosed } = await start('zh-cn');
  try {
    await client.waitFor(diagnosed('values.yaml'), 90_000);
    const values = client.received.map(progressOf).filter((v): v is ProgressValue => v !== undefined);
    assert.equal(values.find((v) => v.kind === 'begin')?.title, 'FabEdge：正在读取工作区');
    assert.ok(values.some((v) => /^已读取 [\d,]+ \/ [\d,]+ 个文件$/.test(v.message ?? '')), values.map((v) => v.message).join(' | '));
  } finally {
    child.kill();
  }
});

test('cancelling the progress stops reading the workspace: the open files alone are checked, and the user is told', { timeout: 120_000 }, async () => {
  const { child, client, folderUri, progressOf, diagnosed } = await start('en');
  try {
    client.notify('textDocument/didOpen', { textDocument: { uri: `${folderUri}/values.yaml`, languageId: 'yaml', version: 1, text: 'operator:\n  connectorPublicAddresses: 10.20.8.24\ncniType: flannel\n' } });
    const begin = await client.waitFor((m) => progressOf(m)?.kind === 'begin', 60_000);
    client.notify('window/workDoneProgress/cancel', { token: (begin.params as { token: string }).token });
    const told = await client.waitFor((m) => m.method === 'window/showMessage', 60_000);
    assert.match((told.params as { message: string }).message, /stopped reading the workspace: only the open files are checked/);
    // The open document is checked (its unsaved text); the other values file, never opened, is not.
    const published = await client.waitFor(diagnosed('values.yaml'), 60_000);
    assert.ok((published.params as { diagnostics: { code: string }[] }).diagnostics.some((d) => d.code === 'values-legacy-layout'));
    const files = await client.sendRequest(FILES_REQUEST);
    assert.deepEqual(files.map((f) => f.uri), [`${folderUri}/values.yaml`]);
    assert.ok(!client.received.some(diagnosed('sites/other/values.yaml')), 'a file of the workspace was checked after the cancel');
  } finally {
    child.kill();
  }
});
