/**
 * The real language server (dist/server.js, `npm run build`) over stdio, as an editor drives it:
 * a workspace full of hostile files still gets its diagnostics and the server keeps answering;
 * an untrusted workspace never follows includes out of it; a `$schema` in a values file is
 * never fetched.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PlainLspClient, type Message } from '../../support/lspClient';
import { STATUS_REQUEST } from '../../../src/shared/protocol';

const ROOT = resolve(__dirname, '../../..');
const SERVER = resolve(ROOT, 'dist/server.js');
const BOUND_MS = 2000;
const DEPTH = 10_000;

interface Diagnostic {
  code: string;
  message: string;
}

let tmp = '';
const children: ChildProcessWithoutNullStreams[] = [];
before(() => {
  assert.ok(existsSync(SERVER), 'dist/server.js is missing: run `npm run build` first');
  tmp = mkdtempSync(join(tmpdir(), 'fabedge-server-'));
});
after(() => {
  for (const child of children) child.kill();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function write(path: string, content: string | Buffer): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
}

/** CPU time the server process used, from /proc (Linux); wall time where there is no /proc. */
function serverCpuMs(child: ChildProcessWithoutNullStreams): number {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return performance.now();
  }
}

/** Sends a request and asserts the server answered it, using at most 2 s of its CPU on it. */
async function answered(client: PlainLspClient, child: ChildProcessWithoutNullStreams, method: string, params: unknown): Promise<Message> {
  const before = serverCpuMs(child);
  const reply = await client.request(method, params);
  const used = serverCpuMs(child) - before;
  assert.ok(used <= BOUND_MS, `${method} took ${used} ms of the server's CPU`);
  return reply;
}

async function start(
  folder: string,
  options: { trusted?: boolean; configuration?: unknown } = {},
): Promise<{ client: PlainLspClient; child: ChildProcessWithoutNullStreams; uri: (rel: string) => string }> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: ROOT });
  children.push(child);
  const client = new PlainLspClient(child);
  client.configuration = options.configuration ?? {};
  const folderUri = pathToFileURL(folder).toString();
  await client.request('initialize', {
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: 'ws' }],
    capabilities: { workspace: { configuration: true } },
    locale: 'en',
    ...(options.trusted === undefined ? {} : { initializationOptions: { trusted: options.trusted } }),
  });
  client.notify('initialized', {});
  return { client, child, uri: (rel) => `${folderUri}/${rel}` };
}

function diagnosticsOf(client: PlainLspClient, uri: string): Promise<Diagnostic[]> {
  return client
    .waitFor((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri, 30_000)
    .then((m) => (m.params as { diagnostics: Diagnostic[] }).diagnostics);
}

async function stop(client: PlainLspClient): Promise<void> {
  await client.request('shutdown', null);
  client.notify('exit', null);
}

function billionLaughs(): string {
  const lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
  return lines.join('\n');
}

test('a workspace of hostile files: diagnostics arrive, and the server answers hover, completion and status on them', { timeout: 120_000 }, async () => {
  const ws = join(tmp, 'hostile');
  write(join(ws, 'nginx.conf'), 'events {}\nstream {\n    include conf.d/*.conf;\n    include nginx.conf;\n    include fifo.conf;\n}\n');
  const big = openSync(join(ws, 'values.yaml'), 'w');
  ftruncateSync(big, 50 * 1024 * 1024);
  closeSync(big);
  write(join(ws, 'conf.d/deep.conf'), 'location / {'.repeat(DEPTH));
  const bytes = Buffer.alloc(16 * 1024);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
  write(join(ws, 'conf.d/blob.conf'), bytes);
  const bombText = `cluster:\n  connectorPublicAddresses: [10.20.8.24]\n${billionLaughs()}\n`;
  const deepText = `cluster:\n  connectorPublicAddresses: ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n`;
  write(join(ws, 'bomb/values.yaml'), bombText);
  write(join(ws, 'deep/values.yaml'), deepText);
  symlinkSync(ws, join(ws, 'loop'), 'dir');
  const fifo = spawnSync('mkfifo', [join(ws, 'fifo.conf')]).status === 0 && spawnSync('mkfifo', [join(ws, 'conf.d/fifo.conf')]).status === 0;

  const { client, child, uri } = await start(ws);
  const bigDiagnostics = await diagnosticsOf(client, uri('values.yaml'));
  assert.deepEqual(bigDiagnostics.map((d) => [d.code, d.message]), [['file-not-checked', 'Not checked: larger than 2 MB (50 MB).']]);
  const nginx = await diagnosticsOf(client, uri('nginx.conf'));
  assert.ok(nginx.some((d) => d.code === 'nginx-include' && d.message.startsWith('Include cycle: nginx.conf → nginx.conf.')), JSON.stringify(nginx));
  if (fifo) assert.ok(nginx.some((d) => d.code === 'nginx-include' && /fifo\.conf" is not a file/.test(d.message)), JSON.stringify(nginx));
  assert.ok((await diagnosticsOf(client, uri('conf.d/deep.conf'))).some((d) => d.code === 'nginx-syntax'));
  assert.ok((await diagnosticsOf(client, uri('deep/values.yaml'))).some((d) => /nested more than 256 levels deep/.test(d.message)));

  // Open the alias bomb and the deep file in an editor, ask about them, edit them.
  for (const [rel, text] of [['bomb/values.yaml', bombText], ['deep/values.yaml', deepText]] as const) {
    client.notify('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId: 'yaml', version: 1, text } });
    for (const position of [{ line: 1, character: 4 }, { line: 2, character: 2 }, { line: 5, character: 10 }]) {
      await answered(client, child, 'textDocument/hover', { textDocument: { uri: uri(rel) }, position });
      await answered(client, child, 'textDocument/completion', { textDocument: { uri: uri(rel) }, position });
    }
    client.notify('textDocument/didChange', { textDocument: { uri: uri(rel), version: 2 }, contentChanges: [{ text: `${text}# edited\n` }] });
    await answered(client, child, 'textDocument/codeAction', { textDocument: { uri: uri(rel) }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
  }
  const status = (await answered(client, child, STATUS_REQUEST.method, { uri: uri('bomb/values.yaml') })).result as { kind?: string };
  assert.equal(status.kind, 'values');
  await stop(client);
});

test('untrusted workspace: an include that leaves it is never followed, whatever the setting says', { timeout: 60_000 }, async () => {
  const base = join(tmp, 'trust');
  const ws = join(base, 'ws');
  write(join(ws, 'nginx.conf'), 'events {}\nstream {\n    include ../outside/stream.conf;\n}\n');
  // Read, this file would give a proxy-udp finding (TCP listen on 500; fabedge.proxyFiles ties it to FabEdge).
  write(join(base, 'outside/stream.conf'), 'server {\n    listen 500;\n    proxy_pass 10.20.8.23:500;\n}\n');
  const outsideUri = pathToFileURL(join(base, 'outside/stream.conf')).toString();
  const configuration = { followIncludesOutsideWorkspace: true, proxyFiles: ['nginx.conf'] };

  const untrusted = await start(ws, { trusted: false, configuration });
  // Not a finding: a line in the output channel (window/logMessage).
  const told = await untrusted.client.waitFor((m) => m.method === 'window/logMessage' && /Not followed/.test((m.params as { message: string }).message), 30_000);
  assert.equal((told.params as { message: string }).message, `${join(ws, 'nginx.conf')}:3: Not followed: "${join(base, 'outside/stream.conf')}" is outside the workspace (setting fabedge.followIncludesOutsideWorkspace).`);
  await answered(untrusted.client, untrusted.child, STATUS_REQUEST.method, { uri: untrusted.uri('nginx.conf') });
  assert.ok(!untrusted.client.received.some((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { diagnostics: unknown[] }).diagnostics.length > 0), 'no finding at all');
  assert.ok(!untrusted.client.received.some((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === outsideUri), 'nothing about the outside file');
  await stop(untrusted.client);

  // The same workspace, trusted, with the setting on: the include is followed (so the test above tests something).
  const trusted = await start(ws, { trusted: true, configuration });
  const outside = await diagnosticsOf(trusted.client, outsideUri);
  assert.ok(outside.some((d) => d.code === 'proxy-udp'), JSON.stringify(outside));
  await stop(trusted.client);
});

test('a $schema in a values file is never fetched, for diagnostics, completion or hover', { timeout: 60_000 }, async () => {
  let requests = 0;
  const http: Server = createServer((_request, response) => {
    requests++;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"type":"object","properties":{"cluster":{"description":"FROM THE NETWORK"}}}');
  });
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
  try {
    const port = (http.address() as AddressInfo).port;
    const ws = join(tmp, 'schema');
    const modeline = `# yaml-language-server: $schema=http://127.0.0.1:${port}/modeline.json\ncluster:\n  name: beijing\n  connectorPublicAddresses:\n    - 10.20.8.24\n`;
    const key = `$schema: http://127.0.0.1:${port}/key.json\ncluster:\n  name: beijing\n  connectorPublicAddresses:\n    - 10.20.8.24\n`;
    write(join(ws, 'a/values.yaml'), modeline);
    write(join(ws, 'b/values.yaml'), key);
    const { client, child, uri } = await start(ws);
    for (const [rel, text] of [['a/values.yaml', modeline], ['b/values.yaml', key]] as const) {
      await diagnosticsOf(client, uri(rel));
      client.notify('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId: 'yaml', version: 1, text } });
      for (const position of [{ line: 1, character: 2 }, { line: 2, character: 4 }, { line: 3, character: 0 }, { line: 0, character: 5 }]) {
        const hover = (await answered(client, child, 'textDocument/hover', { textDocument: { uri: uri(rel) }, position })).result as { contents?: { value?: string } } | null;
        assert.doesNotMatch(hover?.contents?.value ?? '', /FROM THE NETWORK/);
        await answered(client, child, 'textDocument/completion', { textDocument: { uri: uri(rel) }, position });
      }
    }
    // Give a background fetch time to arrive before counting.
    await new Promise((done) => setTimeout(done, 500));
    await stop(client);
    assert.equal(requests, 0, 'the schema URL was requested');
  } finally {
    http.close();
  }
});
