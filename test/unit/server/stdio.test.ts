/**
 * Starts the bundled language server over stdio, as Neovim or Helix would, and speaks plain
 * JSON-RPC to it: no VS Code, no client library.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ikeResponder } from '../../support/ikeResponder';
import { PlainLspClient } from '../../support/lspClient';
import { PROBE_REQUEST } from '../../../src/shared/protocol';

const ROOT = resolve(__dirname, '../../..');
const SERVER = resolve(ROOT, 'dist/server.js');

test('the server speaks LSP over stdio and reports the example\'s finding', async () => {
  assert.ok(existsSync(SERVER), 'dist/server.js is missing: run `npm run build` first');
  const child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: ROOT });
  try {
    const client = new PlainLspClient(child);
    const folder = pathToFileURL(resolve(ROOT, 'examples/nginx-proxy')).toString();
    const init = await client.request('initialize', {
      processId: process.pid,
      rootUri: folder,
      workspaceFolders: [{ uri: folder, name: 'nginx-proxy' }],
      capabilities: { workspace: { configuration: true } },
      locale: 'zh-cn',
    });
    const capabilities = (init.result as { capabilities: { codeActionProvider?: unknown } }).capabilities;
    assert.ok(capabilities.codeActionProvider);
    client.notify('initialized', {});
    const valuesUri = `${folder}/values.yaml`;
    const published = await client.waitFor(
      (m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === valuesUri,
    );
    const diagnostics = (published.params as { diagnostics: { code: string; source: string; message: string; codeDescription: { href: string } }[] }).diagnostics;
    const legacy = diagnostics.find((d) => d.code === 'values-legacy-layout');
    assert.ok(legacy, JSON.stringify(diagnostics));
    assert.equal(legacy.source, 'fabedge');
    assert.match(legacy.message, /布局/, 'the client asked for Chinese');
    assert.match(legacy.codeDescription.href, /values-legacy-layout\.md$/);
    await client.request('shutdown', null);
    client.notify('exit', null);
  } finally {
    child.kill();
  }
});

test('CodeLens, hover and go to definition tell the path from the values file to nginx and back', async () => {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: ROOT });
  try {
    const client = new PlainLspClient(child);
    const folder = pathToFileURL(resolve(ROOT, 'examples/current-chart')).toString();
    await client.request('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'current-chart' }], capabilities: {}, locale: 'en' });
    client.notify('initialized', {});
    const valuesUri = `${folder}/values.yaml`;
    const nginxUri = `${folder}/nginx.conf`;
    const lenses = (await client.request('textDocument/codeLens', { textDocument: { uri: valuesUri } })).result as { range: { start: { line: number } }; command: { title: string; command: string } }[];
    assert.equal(lenses.length, 2, 'the path, and the probe beside it (a trusted workspace)');
    assert.equal(lenses[0].range.start.line, 6, 'above connectorPublicAddresses');
    assert.equal(lenses[0].command.title, 'edges → 10.20.8.24 UDP 500, 4500 (nginx.conf:14, nginx.conf:18) → connector 10.20.8.23');
    // Not clicked: that would send packets to 10.20.8.24.
    assert.deepEqual([lenses[1].range.start.line, lenses[1].command.title, lenses[1].command.command], [6, 'Probe: IKE_SA_INIT to 10.20.8.24 UDP 500, 4500', 'fabedge.probePublicAddress']);

    const hover = (await client.request('textDocument/hover', { textDocument: { uri: valuesUri }, position: { line: 7, character: 8 } })).result as { contents: { value: string } };
    assert.equal(hover.contents.value, lenses[0].command.title);

    const toNginx = (await client.request('textDocument/definition', { textDocument: { uri: valuesUri }, position: { line: 7, character: 8 } })).result as { uri: string; range: { start: { line: number } } }[];
    assert.deepEqual(toNginx.map((l) => [l.uri, l.range.start.line]), [[nginxUri, 13], [nginxUri, 17]]);

    const toValues = (await client.request('textDocument/definition', { textDocument: { uri: nginxUri }, position: { line: 13, character: 12 } })).result as { uri: string; range: { start: { line: number } } }[];
    assert.deepEqual(toValues.map((l) => [l.uri, l.range.start.line]), [[valuesUri, 7]]);
    await client.request('shutdown', null);
    client.notify('exit', null);
  } finally {
    child.kill();
  }
});

test('include arguments link to the files nginx reads, resolved against the conf prefix', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fabedge-links-'));
  const child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: ROOT });
  try {
    mkdirSync(join(dir, 'stream.d'));
    mkdirSync(join(dir, 'upstreams'));
    writeFileSync(join(dir, 'nginx.conf'), 'events {}\nstream {\n    include stream.d/*.conf;\n    include upstreams/connector.conf;\n    include nothing/*.conf;\n}\n');
    writeFileSync(join(dir, 'stream.d', 'a.conf'), 'server {\n    listen 500 udp;\n    proxy_pass connector;\n}\n');
    writeFileSync(join(dir, 'stream.d', 'b.conf'), 'server {\n    listen 4500 udp;\n    proxy_pass 10.20.8.23:4500;\n}\n');
    writeFileSync(join(dir, 'upstreams', 'connector.conf'), 'upstream connector {\n    server 10.20.8.23:500;\n}\n');
    const client = new PlainLspClient(child);
    const folder = pathToFileURL(dir).toString();
    await client.request('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'links' }], capabilities: {}, locale: 'en' });
    client.notify('initialized', {});
    const links = (await client.request('textDocument/documentLink', { textDocument: { uri: `${folder}/nginx.conf` } })).result as { range: { start: { line: number } }; target: string }[];
    assert.deepEqual(
      links.map((l) => [l.range.start.line, l.target]).sort(),
      [[2, `${folder}/stream.d/a.conf`], [3, `${folder}/upstreams/connector.conf`]],
    );
    await client.request('shutdown', null);
    client.notify('exit', null);
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A values folder whose edges dial 127.0.0.1 on the port of an IKE responder there, and the server started on it. */
async function probeWorkspace(options: { trusted: boolean; capabilities: object }) {
  const connector = await ikeResponder('answer', true);
  const dir = mkdtempSync(join(tmpdir(), 'fabedge-probe-lsp-'));
  writeFileSync(join(dir, 'values.yaml'), `cluster:\n  name: beijing\n  role: host\n  cniType: flannel\n  connectorPublicAddresses:\n    - 127.0.0.1\n  connectorPublicPort: ${connector.port}\n`);
  const child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: ROOT });
  const client = new PlainLspClient(child);
  const folder = pathToFileURL(dir).toString();
  await client.request('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'probe' }], capabilities: options.capabilities, initializationOptions: { trusted: options.trusted }, locale: 'en' });
  client.notify('initialized', {});
  return {
    client,
    connector,
    valuesUri: `${folder}/values.yaml`,
    async close() {
      await client.request('shutdown', null);
      client.notify('exit', null);
      child.kill();
      await connector.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

test('the probe CodeLens sends packets only on request, then shows the result in place', async () => {
  const { client, connector, valuesUri, close } = await probeWorkspace({ trusted: true, capabilities: { workspace: { codeLens: { refreshSupport: true } } } });
  try {
    const lenses = async () => ((await client.request('textDocument/codeLens', { textDocument: { uri: valuesUri } })).result as { command: { title: string; command: string; arguments?: unknown[] } }[]).map((l) => l.command);
    const before = (await lenses()).find((c) => c.command === 'fabedge.probePublicAddress');
    assert.equal(before?.title, `Probe: IKE_SA_INIT to 127.0.0.1 UDP ${connector.port}`);
    assert.deepEqual(before?.arguments, [valuesUri]);
    assert.equal(connector.received.length, 0, 'showing the lens sends nothing');

    client.clearReceived();
    const answer = await client.sendRequest(PROBE_REQUEST, { uri: valuesUri });
    assert.ok(answer && 'ok' in answer, `an answer from the connector: ${JSON.stringify(answer)}`);
    assert.equal(answer.ok, true);
    assert.match(answer.summary, new RegExp(`^UDP ${connector.port} answered in [\\d.]+ ms$`));
    assert.match(answer.text, /Every port the edges use answers with IKE/);
    assert.ok(connector.received.length >= 1);
    await client.waitFor((m) => m.method === 'workspace/codeLens/refresh');
    const after = (await lenses()).find((c) => c.command === 'fabedge.probePublicAddress');
    assert.match(after?.title ?? '', new RegExp(`^✓ UDP ${connector.port} answered in [\\d.]+ ms · probe again$`));
  } finally {
    await close();
  }
});

test('in an untrusted workspace there is no probe CodeLens and the request sends nothing', async () => {
  const { client, connector, valuesUri, close } = await probeWorkspace({ trusted: false, capabilities: {} });
  try {
    const lenses = (await client.request('textDocument/codeLens', { textDocument: { uri: valuesUri } })).result as { command: { command: string } }[];
    assert.ok(lenses.length > 0, 'the path lens stays');
    assert.ok(!lenses.some((l) => l.command.command === 'fabedge.probePublicAddress'));
    assert.equal(await client.sendRequest(PROBE_REQUEST, { uri: valuesUri }), null);
    assert.equal(connector.received.length, 0);
  } finally {
    await close();
  }
});
