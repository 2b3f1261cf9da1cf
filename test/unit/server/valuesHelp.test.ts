/**
 * The bundled language server over stdio: where values snippets and schema help appear, what a
 * `$schema` modeline or `yaml.schemas` entry changes, and what the server leaves to Red Hat's
 * YAML extension when the client says it runs beside us.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PlainLspClient } from '../../support/lspClient';
import { helmValuesSchemaText } from '../../../src/core/values/schemas';
import { STATUS_REQUEST, YAML_EXTENSION_NOTIFICATION, type StatusReport } from '../../../src/shared/protocol';

const ROOT = resolve(__dirname, '../../..');
const SERVER = resolve(ROOT, 'dist/server.js');

const VALUES = 'cluster:\n  name: beijing\n  role: host\n  cniType: flannel\n  connectorPublicAddresses:\n    - 10.20.8.24\n  clusterCIDR:\n    - 10.233.64.0/18\n  serviceClusterIPRange:\n    - 10.233.0.0/18\n';
const SNIPPETS = ['fabedge-values-0.3', 'fabedge-values-host', 'fabedge-values-member', 'fabedge-values-proxy'];

interface Item {
  label: string;
}
interface Diagnostic {
  code: string;
  message: string;
}

let tmp = '';
let requests = 0;
let http: Server | undefined;
let remote = '';
const children: ChildProcessWithoutNullStreams[] = [];

before(async () => {
  assert.ok(existsSync(SERVER), 'dist/server.js is missing: run `npm run build` first');
  tmp = mkdtempSync(join(tmpdir(), 'fabedge-help-'));
  // A schema server that must never be asked: remote schemas are not fetched.
  http = createServer((_request, response) => {
    requests++;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"type":"object","properties":{"fromTheNetwork":{"type":"string"}}}');
  });
  await new Promise<void>((done) => http?.listen(0, '127.0.0.1', done));
  remote = `http://127.0.0.1:${(http.address() as AddressInfo).port}/values.schema.json`;
});

after(() => {
  for (const child of children) child.kill();
  http?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  assert.equal(requests, 0, 'a remote schema was fetched');
});

function workspace(name: string, files: Record<string, string>): string {
  const folder = join(tmp, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(folder, rel, '..'), { recursive: true });
    writeFileSync(join(folder, rel), text);
  }
  return folder;
}

async function start(folder: string, options: { fabedge?: unknown; yaml?: unknown; yamlExtension?: boolean } = {}) {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: ROOT });
  children.push(child);
  const client = new PlainLspClient(child);
  if (options.fabedge !== undefined) client.configuration = options.fabedge;
  if (options.yaml !== undefined) client.sections.yaml = options.yaml;
  const folderUri = pathToFileURL(folder).toString();
  await client.request('initialize', {
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: 'ws' }],
    capabilities: { workspace: { configuration: true }, textDocument: { completion: { completionItem: { snippetSupport: true } } } },
    locale: 'en',
    initializationOptions: { trusted: true, yamlExtension: options.yamlExtension === true },
  });
  client.notify('initialized', {});
  const uri = (rel: string) => `${folderUri}/${rel}`;
  let version = 1;
  const open = (rel: string, text: string) => client.notify('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId: 'yaml', version: version++, text } });
  const labels = async (rel: string, line: number, character: number) => {
    const reply = (await client.request('textDocument/completion', { textDocument: { uri: uri(rel) }, position: { line, character } })).result as { items: Item[] } | null;
    return (reply?.items ?? []).map((item) => item.label);
  };
  const hover = async (rel: string, line: number, character: number) => {
    const reply = (await client.request('textDocument/hover', { textDocument: { uri: uri(rel) }, position: { line, character } })).result as { contents: { value: string } } | null;
    return reply?.contents.value ?? '';
  };
  const status = async (rel: string) => client.sendRequest(STATUS_REQUEST, { uri: uri(rel) });
  /** The first diagnostics published for a file (since the last clearReceived) that satisfy `accept`. */
  const diagnostics = async (rel: string, accept: (diagnostics: Diagnostic[]) => boolean) => {
    const message = await client.waitFor((m) => {
      const params = m.params as { uri?: string; diagnostics?: Diagnostic[] } | undefined;
      return m.method === 'textDocument/publishDiagnostics' && params?.uri === uri(rel) && accept(params.diagnostics ?? []);
    });
    return (message.params as { diagnostics: Diagnostic[] }).diagnostics;
  };
  const stop = async () => {
    await client.request('shutdown', null);
    client.notify('exit', null);
  };
  return { client, uri, open, labels, hover, status, diagnostics, stop };
}

test('values snippets only in FabEdge values files, an empty values file of a FabEdge chart included', { timeout: 60_000 }, async () => {
  const folder = workspace('where', {
    'chart/Chart.yaml': 'apiVersion: v2\nname: fabedge\nversion: 1.0.0\n',
    'chart/values.yaml': `${VALUES}  nmae: typo\n`,
    'chart/values-prod.yaml': '',
    'deploy/fabedge.yaml': '',
    'other/Chart.yaml': 'apiVersion: v2\nname: ingress-nginx\nversion: 4.0.0\n',
    'other/values.yaml': 'controller:\n  replicaCount: 2\n',
    'k8s/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
    '.github/workflows/ci.yaml': 'name: ci\non: [push]\njobs: {}\n',
  });
  const server = await start(folder, { fabedge: { valuesFiles: ['deploy/fabedge.yaml'] } });
  await server.diagnostics('chart/values.yaml', (list) => list.length > 0);
  const files: Record<string, string> = {
    'chart/values.yaml': `${VALUES}  nmae: typo\n\n`,
    'chart/values-prod.yaml': '',
    'deploy/fabedge.yaml': '',
    'other/values.yaml': 'controller:\n  replicaCount: 2\n\n',
    'k8s/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n\n',
    '.github/workflows/ci.yaml': 'name: ci\non: [push]\njobs: {}\n\n',
  };
  for (const [rel, text] of Object.entries(files)) server.open(rel, text);
  const lastLine = (rel: string) => files[rel].split('\n').length - 1;
  for (const rel of ['chart/values.yaml', 'chart/values-prod.yaml', 'deploy/fabedge.yaml']) {
    const got = await server.labels(rel, lastLine(rel), 0);
    for (const snippet of SNIPPETS) assert.ok(got.includes(snippet), `${snippet} in ${rel}: ${got.join(', ')}`);
  }
  // Schema keys at the margin of a values file, beside the snippets.
  assert.ok((await server.labels('chart/values.yaml', lastLine('chart/values.yaml'), 0)).includes('keepalived'));
  for (const rel of ['other/values.yaml', 'k8s/deployment.yaml', '.github/workflows/ci.yaml']) {
    assert.deepEqual(await server.labels(rel, lastLine(rel), 0), [], rel);
    assert.equal(await server.hover(rel, 0, 2), '', rel);
  }
  await server.stop();
});

test('a modeline: our exported schema keeps our help, none and a remote URL turn it off, another local schema is followed', { timeout: 60_000 }, async () => {
  const files: Record<string, string> = {
    'chart/Chart.yaml': 'apiVersion: v2\nname: fabedge\nversion: 1.0.0\n',
    'chart/values.schema.json': helmValuesSchemaText('L4'),
    'chart/plain.values.yaml': VALUES,
    'chart/ours.values.yaml': `# yaml-language-server: $schema=./values.schema.json\n${VALUES}`,
    'chart/none.values.yaml': `# yaml-language-server: $schema=none\n${VALUES}`,
    'chart/remote.values.yaml': `# yaml-language-server: $schema=${remote}\n${VALUES}`,
    'chart/other.values.yaml': `# yaml-language-server: $schema=../schemas/other.json\n${VALUES}`,
    'chart/missing.values.yaml': `# yaml-language-server: $schema=../schemas/missing.json\n${VALUES}`,
    'schemas/other.json': JSON.stringify({ type: 'object', properties: { cluster: { type: 'object', description: 'FROM THE OTHER SCHEMA', properties: { otherKey: { type: 'string' } } } } }),
  };
  // Each file with an unknown key, so that values-schema has something to report whatever the modeline.
  for (const rel of Object.keys(files).filter((f) => f.endsWith('.values.yaml'))) files[rel] += '  nmae: typo\n';
  const folder = workspace('modeline', files);
  const server = await start(folder);
  const keyLine = (rel: string) => files[rel].split('\n').indexOf('  name: beijing');
  const expectations: Record<string, { keys: boolean; status?: Partial<StatusReport['schema']> }> = {
    'chart/plain.values.yaml': { keys: true },
    'chart/ours.values.yaml': { keys: true, status: { source: 'modeline', reference: './values.schema.json', kind: 'fabedge', helpFrom: 'fabedge' } },
    'chart/none.values.yaml': { keys: false, status: { kind: 'none', helpFrom: 'none' } },
    'chart/remote.values.yaml': { keys: false, status: { reference: remote, kind: 'remote', helpFrom: 'none' } },
    'chart/other.values.yaml': { keys: false, status: { kind: 'local', helpFrom: 'fabedge' } },
    'chart/missing.values.yaml': { keys: false, status: { kind: 'unreadable', helpFrom: 'none' } },
  };
  for (const [rel, expected] of Object.entries(expectations)) {
    // The FabEdge rules run whatever the modeline says.
    const diagnostics = await server.diagnostics(rel, (list) => list.length > 0);
    assert.ok(diagnostics.some((d) => d.code === 'values-schema' && d.message.includes('nmae')), `${rel}: ${JSON.stringify(diagnostics)}`);
    server.open(rel, files[rel]);
    const line = keyLine(rel);
    const labels = await server.labels(rel, line + 1, 2);
    assert.equal(labels.includes('connectorPublicPort'), expected.keys, `${rel}: ${labels.join(', ')}`);
    const hover = await server.hover(rel, line + 2, 4);
    assert.equal(/CNI of the cluster/.test(hover), expected.keys, `${rel}: ${hover}`);
    const status = await server.status(rel);
    if (expected.status) for (const [key, value] of Object.entries(expected.status)) assert.equal(status.schema?.[key as keyof StatusReport['schema']], value, `${rel}: ${JSON.stringify(status.schema)}`);
    else assert.equal(status.schema, undefined, rel);
    // The snippets stay: they are ours, not the schema's.
    assert.ok((await server.labels(rel, files[rel].split('\n').length - 1, 0)).includes('fabedge-values-host'), rel);
  }
  // The other local schema is followed: its keys and its description.
  assert.ok((await server.labels('chart/other.values.yaml', keyLine('chart/other.values.yaml') + 1, 2)).includes('otherKey'));
  assert.match(await server.hover('chart/other.values.yaml', 1, 2), /FROM THE OTHER SCHEMA/);
  await server.stop();
});

test('yaml.schemas entries for a values file behave like a modeline', { timeout: 60_000 }, async () => {
  const folder = workspace('settings', {
    'chart/Chart.yaml': 'apiVersion: v2\nname: fabedge\nversion: 1.0.0\n',
    'chart/values.schema.json': helmValuesSchemaText('L4'),
    'chart/values.yaml': `${VALUES}  nmae: typo\n`,
    'chart/values-remote.yaml': VALUES,
  });
  const server = await start(folder, { yaml: { schemas: { 'chart/values.schema.json': 'chart/values.yaml', [remote]: ['chart/values-remote.yaml'] } } });
  await server.diagnostics('chart/values.yaml', (list) => list.length > 0);
  server.open('chart/values.yaml', VALUES);
  server.open('chart/values-remote.yaml', VALUES);
  assert.ok((await server.labels('chart/values.yaml', 1, 2)).includes('connectorPublicPort'));
  assert.deepEqual((await server.status('chart/values.yaml')).schema, { source: 'yaml.schemas', reference: 'chart/values.schema.json', kind: 'fabedge', helpFrom: 'fabedge' });
  assert.ok(!(await server.labels('chart/values-remote.yaml', 1, 2)).includes('connectorPublicPort'));
  assert.deepEqual((await server.status('chart/values-remote.yaml')).schema, { source: 'yaml.schemas', reference: remote, kind: 'remote', helpFrom: 'none' });
  await server.stop();
});

test('beside Red Hat YAML: plain syntax errors and, with our schema, schema help and findings are left to it', { timeout: 60_000 }, async () => {
  const broken = 'cluster:\n  name: [beijing\n  cniType: flannel\n';
  const duplicate = `${VALUES}  cniType: calico\n`;
  const ours = `# yaml-language-server: $schema=./values.schema.json\n${VALUES}  nmae: typo\n`;
  const folder = workspace('redhat', {
    'chart/Chart.yaml': 'apiVersion: v2\nname: fabedge\nversion: 1.0.0\n',
    'chart/values.schema.json': helmValuesSchemaText('L4'),
    'chart/values-broken.yaml': broken,
    'chart/values-duplicate.yaml': duplicate,
    'chart/values-ours.yaml': ours,
  });
  const server = await start(folder, { yamlExtension: true });
  // Closed files: the YAML extension shows nothing for them, so everything is ours to show.
  await server.diagnostics('chart/values-broken.yaml', (list) => list.some((d) => d.code === 'values-syntax'));
  await server.diagnostics('chart/values-ours.yaml', (list) => list.some((d) => d.code === 'values-schema'));
  // A duplicate key is no syntax error for Helm: our warning stays (open or not), saying why the YAML extension's error is stricter.
  const duplicateFindings = await server.diagnostics('chart/values-duplicate.yaml', (list) => list.length > 0);
  const warning = duplicateFindings.find((d) => d.code === 'values-syntax');
  assert.match(warning?.message ?? '', /Helm keeps only the last value.*stricter than Helm/);
  server.client.clearReceived();
  server.open('chart/values-broken.yaml', broken);
  server.open('chart/values-duplicate.yaml', duplicate);
  server.open('chart/values-ours.yaml', ours);
  await server.diagnostics('chart/values-broken.yaml', (list) => !list.some((d) => d.code === 'values-syntax'));
  await server.diagnostics('chart/values-ours.yaml', (list) => !list.some((d) => d.code === 'values-schema'));
  // Our schema is the YAML extension's for this file: no second set of keys or descriptions.
  assert.ok(!(await server.labels('chart/values-ours.yaml', 2, 2)).includes('connectorPublicPort'));
  assert.doesNotMatch(await server.hover('chart/values-ours.yaml', 4, 4), /CNI of the cluster/);
  assert.equal((await server.status('chart/values-ours.yaml')).schema?.helpFrom, 'yaml-extension');
  // Without a schema of its own for the file, the YAML extension offers nothing: we do.
  assert.ok((await server.labels('chart/values-duplicate.yaml', 1, 2)).includes('connectorPublicPort'));
  // The extension goes away: everything is ours again.
  server.client.clearReceived();
  server.client.sendNotification(YAML_EXTENSION_NOTIFICATION, { present: false });
  await server.diagnostics('chart/values-broken.yaml', (list) => list.some((d) => d.code === 'values-syntax'));
  await server.diagnostics('chart/values-ours.yaml', (list) => list.some((d) => d.code === 'values-schema'));
  assert.ok((await server.labels('chart/values-ours.yaml', 2, 2)).includes('connectorPublicPort'));
  await server.stop();
});

test('beside Red Hat YAML with yaml.validate off, our syntax findings stay', { timeout: 60_000 }, async () => {
  const broken = 'cluster:\n  name: [beijing\n  cniType: flannel\n';
  const folder = workspace('novalidate', { 'values.yaml': broken });
  const server = await start(folder, { yamlExtension: true, yaml: { validate: false } });
  await server.diagnostics('values.yaml', (list) => list.some((d) => d.code === 'values-syntax'));
  server.client.clearReceived();
  // Typed into: a second error, so the findings change and are published again.
  server.open('values.yaml', `${broken}  region: [x\n`);
  await server.diagnostics('values.yaml', (list) => list.some((d) => d.code === 'values-syntax'));
  await server.stop();
});
