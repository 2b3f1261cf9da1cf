/**
 * Starts the bundled language server over stdio, as Neovim or Helix would, and speaks plain
 * JSON-RPC to it: no VS Code, no client library.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(__dirname, '../../..');
const SERVER = resolve(ROOT, 'dist/server.js');

interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
}

class PlainLspClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly waiters: { match: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  readonly received: Message[] = [];

  constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd === -1) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.received.push(message);
      if (message.method === 'workspace/configuration' && message.id !== undefined) this.respond(message.id, [{}]);
      else if (message.method === 'client/registerCapability' && message.id !== undefined) this.respond(message.id, null);
      for (const waiter of [...this.waiters]) {
        if (waiter.match(message)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
      }
    }
  }

  private write(message: object): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  private respond(id: number, result: unknown): void {
    this.write({ id, result });
  }

  request(method: string, params: unknown): Promise<Message> {
    const id = this.nextId++;
    const reply = this.waitFor((m) => m.id === id && m.method === undefined);
    this.write({ id, method, params });
    return reply;
  }

  notify(method: string, params: unknown): void {
    this.write({ method, params });
  }

  waitFor(match: (m: Message) => boolean, timeoutMs = 10_000): Promise<Message> {
    const seen = this.received.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a message from the server')), timeoutMs);
      this.waiters.push({ match, resolve: (m) => { clearTimeout(timer); resolvePromise(m); } });
    });
  }
}

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
