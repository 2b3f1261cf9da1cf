import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { PlainLspClient } from '../../support/lspClient';

// yaml-language-server is an ES module with JSON and l10n side files, and the server loads it from
// a bundle of its own on the first completion or hover. Both bundles are built as they ship, into a
// folder outside the repository, so that nothing can be resolved from node_modules.
let dir = '';
let serverBundle = '';
let libraryBundle = '';

before(async () => {
  const { BUNDLE_OPTIONS, BUNDLES } = await import('../../../scripts/bundle-options.mjs');
  dir = mkdtempSync(join(tmpdir(), 'fabedge-yls-'));
  for (const { name, ...options } of BUNDLES.filter((b) => b.name === 'server' || b.name === 'yaml-library')) {
    const outfile = join(dir, 'dist', basename(options.outfile));
    await build({ ...BUNDLE_OPTIONS, ...options, outfile, logLevel: 'silent' });
    if (name === 'server') serverBundle = outfile;
    else libraryBundle = outfile;
  }
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Starts the bundled server on a folder with one values file, opens it and waits for its findings. */
async function startOn(folder: string) {
  const values = join(folder, 'values.yaml');
  mkdirSync(folder, { recursive: true });
  writeFileSync(values, 'cluster:\n  role: host\n  cniType: \n');
  const child = spawn(process.execPath, [serverBundle, '--stdio'], { cwd: folder });
  const client = new PlainLspClient(child);
  const folderUri = pathToFileURL(folder).toString();
  const uri = pathToFileURL(values).toString();
  await client.request('initialize', { processId: process.pid, rootUri: folderUri, workspaceFolders: [{ uri: folderUri, name: 'ws' }], capabilities: {}, locale: 'zh-cn' });
  client.notify('initialized', {});
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: readFileSync(values, 'utf8') } });
  await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri, 30_000);
  return { child, client, uri };
}

test('the server bundle carries the browser build of yaml, and yaml-language-server lives in its own bundle', () => {
  // The yaml package's Node build reads process.env on every token (docs/performance.md).
  for (const bundle of [serverBundle, libraryBundle]) assert.doesNotMatch(readFileSync(bundle, 'utf8'), /LOG_TOKENS/, `${basename(bundle)} carries the Node build of yaml`);
  assert.doesNotMatch(readFileSync(serverBundle, 'utf8'), /function getLanguageService/, 'yaml-language-server is inside the server bundle');
});

test('the first check needs no yaml-language-server; completion and hover load it from beside the server', { timeout: 60_000 }, async () => {
  const hidden = `${libraryBundle}.away`;
  // Without the library bundle the server still checks: its findings come without it.
  writeFileSync(hidden, readFileSync(libraryBundle));
  rmSync(libraryBundle);
  const without = await startOn(join(dir, 'without'));
  try {
    const reply = await without.client.request('textDocument/completion', { textDocument: { uri: without.uri }, position: { line: 2, character: 11 } });
    assert.ok((reply as { error?: unknown }).error !== undefined || reply.result === null, 'completion answered without yaml-language-server');
  } finally {
    without.child.kill();
    writeFileSync(libraryBundle, readFileSync(hidden));
  }

  const server = await startOn(join(dir, 'with'));
  try {
    const completion = (await server.client.request('textDocument/completion', { textDocument: { uri: server.uri }, position: { line: 2, character: 11 } })).result as { items: { label: string }[] };
    assert.match(completion.items.map((i) => i.label).sort().join(','), /calico,flannel/);
    const hover = (await server.client.request('textDocument/hover', { textDocument: { uri: server.uri }, position: { line: 2, character: 4 } })).result as { contents: { value: string } };
    assert.match(hover.contents.value, /允许的值：/, "yaml-language-server's Chinese texts are in its bundle");
  } finally {
    server.child.kill();
  }
});
