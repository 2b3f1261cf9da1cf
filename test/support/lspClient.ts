import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import type { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc';

export interface Message {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
}

/** Requests from the server that the client accepts, as VS Code does, with an empty answer. */
const ANSWERED_WITH_NULL = new Set(['client/registerCapability', 'workspace/codeLens/refresh', 'window/workDoneProgress/create']);

/** A minimal LSP client over a child process's stdio: JSON-RPC framing and nothing else. */
export class PlainLspClient {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly waiters: { match: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  readonly received: Message[] = [];
  /**
   * What the client answers to workspace/configuration for the `fabedge` section: the same for
   * every item, or worked out per item (a folder's `scopeUri`)…
   */
  configuration: unknown | ((item: { scopeUri?: string; section?: string }) => unknown) = {};
  /** …and for other sections (`yaml`, say); null for a section not set here. */
  sections: Record<string, unknown> = {};

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
      if (message.method === 'workspace/configuration' && message.id !== undefined) {
        const items = (message.params as { items?: { scopeUri?: string; section?: string }[] } | undefined)?.items ?? [{}];
        const configuration = this.configuration;
        this.respond(
          message.id,
          items.map((item) => {
            if (item.section && item.section !== 'fabedge') return this.sections[item.section] ?? null;
            return typeof configuration === 'function' ? configuration(item) : configuration;
          }),
        );
      } else if (message.id !== undefined && ANSWERED_WITH_NULL.has(message.method ?? '')) this.respond(message.id, null);
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

  /** A FabEdge request (src/shared/protocol.ts), answered with its result, as vscode-jsonrpc's connection does. */
  async sendRequest<R>(type: RequestType0<R, void>): Promise<R>;
  async sendRequest<P, R>(type: RequestType<P, R, void>, params: P): Promise<R>;
  async sendRequest(type: { method: string }, params?: unknown): Promise<unknown> {
    return (await this.request(type.method, params)).result;
  }

  /** A FabEdge notification (src/shared/protocol.ts). */
  sendNotification<P>(type: NotificationType<P>, params: P): void {
    this.notify(type.method, params);
  }

  /** Forgets the messages seen so far, so `waitFor` looks only at what comes next. */
  clearReceived(): void {
    this.received.length = 0;
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
