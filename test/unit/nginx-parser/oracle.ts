/**
 * Debian's `nginx -t` as a test oracle (docs/design/nginx-parsing.md, "`nginx -t` as the test
 * oracle"). Helper for the oracle test and the benchmark; not a test file itself.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const STREAM_MODULE = '/usr/lib/nginx/modules/ngx_stream_module.so';

export interface OracleVerdict {
  /** nginx's exit code; 139 means it crashed, -1 that it timed out or could not start. */
  rc: number;
  /** First `[emerg]` message without ` in file:line`. */
  message?: string;
  line?: number;
  stderr: string;
  /** Wall time of the nginx process, in milliseconds. */
  ms: number;
}

/** Path of the nginx binary, or undefined when the oracle cannot run here (not installed or not root). */
export function findNginx(): string | undefined {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return undefined;
  if (!existsSync(STREAM_MODULE)) return undefined;
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx']) if (existsSync(candidate)) return candidate;
  return undefined;
}

/** The prefix glued onto line 1 so nginx's line numbers equal the candidate's. */
export function gluedPrefix(dir: string): string {
  return `load_module ${STREAM_MODULE}; pid ${dir}/nginx.pid; error_log ${dir}/error.log; `;
}

const EMERG = /\[emerg\] (?:\d+#\d+: )?(.*?)(?: in (\S+):(\d+))?$/m;

/**
 * Runs `nginx -t` on `text` exactly as given (the caller glues the prefix from `gluedPrefix`,
 * so that our parser can be run on the very same bytes).
 */
export function runNginxT(nginx: string, dir: string, text: string, timeoutMs = 10_000): Promise<OracleVerdict> {
  mkdirSync(join(dir, 'conf'), { recursive: true });
  writeFileSync(join(dir, 'conf', 'nginx.conf'), text);
  const began = process.hrtime.bigint();
  return new Promise((resolve) => {
    execFile(nginx, ['-t', '-q', '-e', 'stderr', '-p', `${dir}/`, '-c', 'conf/nginx.conf'], { cwd: dir, timeout: timeoutMs, maxBuffer: 1 << 20 }, (error, _stdout, stderr) => {
      const ms = Number(process.hrtime.bigint() - began) / 1e6;
      let rc = 0;
      if (error) {
        const code = (error as { code?: unknown }).code;
        const signal = (error as { signal?: unknown }).signal;
        if (typeof code === 'number') rc = code;
        else if (signal === 'SIGSEGV') rc = 139;
        else rc = -1;
      }
      const m = EMERG.exec(stderr);
      const verdict: OracleVerdict = { rc, stderr, ms };
      if (m) {
        verdict.message = m[1];
        if (m[3] !== undefined) verdict.line = Number(m[3]);
      }
      resolve(verdict);
    });
  });
}

/** A fresh temporary prefix directory; remove it with `removeDir`. */
export function makeDir(): string {
  return mkdtempSync(join(tmpdir(), 'fabedge-nginx-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Runs `jobs` with at most `limit` in flight (the machine has two cores). */
export async function mapLimited<T, R>(items: readonly T[], limit: number, job: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await job(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Messages that come from nginx's tokenizer or statement loop (what our parser must match). */
export function isSyntaxMessage(message: string): boolean {
  return /^(unexpected |too long parameter)/.test(message);
}
