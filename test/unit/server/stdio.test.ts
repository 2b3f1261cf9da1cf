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
import { PlainLspClient } from '../../support/lspClient';

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
    const lenses = (await client.request('textDocument/codeLens', { textDocument: { uri: valuesUri } })).result as { range: { start: { line: number } }; command: { title: string } }[];
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].range.start.line, 6, 'above connectorPublicAddresses');
    assert.equal(lenses[0].command.title, 'edges → 10.20.8.24 UDP 500, 4500 (nginx.conf:14, nginx.conf:18) → connector 10.20.8.23');

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
