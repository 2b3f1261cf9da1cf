/**
 * Commands and long-running processes of the lab. Every process the lab starts is tracked by its
 * PID and stopped by that PID only; an exit handler stops whatever a crashed run left behind.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Something that runs commands: a fresh process each time, or a Shell. */
export interface Runner {
  run(command: string, args: readonly string[], options?: RunOptions): Promise<CommandResult>;
}

/** Runs a command to its end (or `timeoutMs`); never rejects. */
export function run(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(command, args, { env: options.env ?? process.env, timeout: options.timeoutMs ?? 30_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export const processRunner: Runner = { run };

/** Runs a command and returns its standard output; throws with its standard error when it fails. */
export async function must(runner: Runner, command: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const result = await runner.run(command, args, options);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.code}): ${result.stderr.trim() || result.stdout.trim()}`);
  return result.stdout;
}

interface Tracked {
  child: ChildProcess;
  label: string;
  exited: Promise<void>;
  stopSignal: NodeJS.Signals;
}

/** Every daemon of every lab in this process, for the exit handler. */
const everyDaemon = new Set<Tracked>();
let exitHandlerInstalled = false;

function installExitHandler(): void {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.on('exit', () => {
    for (const tracked of everyDaemon) if (tracked.child.exitCode === null && tracked.child.pid !== undefined) process.kill(tracked.child.pid, 'SIGKILL');
  });
}

/** The long-running processes of one lab run. */
export class Daemons {
  private readonly tracked: Tracked[] = [];

  /**
   * Starts `command` with its output in `logFile`; the PID is the command's own (nsenter and
   * unshare exec in place). `stopSignal` ends it: SIGKILL for a daemon whose whole world (its
   * namespace, its private /run) goes away with the lab, SIGTERM for one with children to end.
   */
  start(label: string, command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; logFile: string; stopSignal?: NodeJS.Signals }): ChildProcess {
    installExitHandler();
    const out = openSync(options.logFile, 'a');
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['ignore', out, out] });
    closeSync(out);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // A failed spawn reports through 'error'; the exit promise covers it.
    child.once('error', () => undefined);
    const entry = { child, label, exited, stopSignal: options.stopSignal ?? 'SIGTERM' };
    this.tracked.push(entry);
    everyDaemon.add(entry);
    void exited.then(() => everyDaemon.delete(entry));
    return child;
  }

  /** Each its stop signal, in reverse start order; SIGKILL to any still there after `graceMs`. */
  async stopAll(graceMs = 3000): Promise<void> {
    const live = this.tracked.splice(0).reverse();
    for (const t of live) if (t.child.exitCode === null && t.child.signalCode === null) t.child.kill(t.stopSignal);
    await Promise.all(
      live.map(async (t) => {
        let timer: NodeJS.Timeout | undefined;
        const killed = new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            if (t.child.exitCode === null && t.child.signalCode === null) t.child.kill('SIGKILL');
            resolve();
          }, graceMs);
        });
        await Promise.race([t.exited, killed]);
        clearTimeout(timer);
        await t.exited;
      }),
    );
  }
}

/** Synchronous command for the exit path, where promises no longer run. */
export function runNow(command: string, args: readonly string[]): void {
  spawnSync(command, args, { stdio: 'ignore', timeout: 5000 });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * One bash that runs the lab's short commands (ip, swanctl, ping): starting a process from Node
 * costs tens of milliseconds on a loaded machine, a fork of a small shell a few. Commands run
 * concurrently, each in a background subshell that reports its exit status by id.
 */
export class Shell implements Runner {
  private readonly bash: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'fabedge-lab-sh-'));
  private next = 1;
  private readonly waiting = new Map<number, (code: number) => void>();

  constructor() {
    this.bash = spawn('bash', ['--noprofile', '--norc'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: this.bash.stdout ?? process.stdin });
    lines.on('line', (line) => {
      const m = /^__done (\d+) (-?\d+)$/.exec(line);
      if (!m) return;
      this.waiting.get(Number(m[1]))?.(Number(m[2]));
      this.waiting.delete(Number(m[1]));
    });
    this.bash.once('exit', () => {
      for (const resolve of this.waiting.values()) resolve(-1);
      this.waiting.clear();
    });
  }

  run(command: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    const id = this.next++;
    const env = Object.entries(options.env ?? {})
      .filter(([key, value]) => value !== undefined && process.env[key] !== value)
      .map(([key, value]) => `${key}=${value ?? ''}`);
    // `timeout` is one more process per command: only for commands that can hang (swanctl on a wedged charon).
    const limit = options.timeoutMs === undefined ? [] : ['timeout', String(Math.ceil(options.timeoutMs / 1000))];
    const line = [...(env.length > 0 ? ['env', ...env] : []), ...limit, command, ...args].map((w, i) => (i === 0 || !/^[\w./=:-]+$/.test(w) ? quote(w) : w)).join(' ');
    const out = join(this.dir, `${id}.out`);
    const err = join(this.dir, `${id}.err`);
    return new Promise((resolve) => {
      this.waiting.set(id, (code) => {
        const read = (file: string) => {
          try {
            return readFileSync(file, 'utf8');
          } catch {
            return '';
          }
        };
        const result = { code, stdout: read(out), stderr: read(err) };
        rmSync(out, { force: true });
        rmSync(err, { force: true });
        resolve(result);
      });
      this.bash.stdin?.write(`( ${line} </dev/null >${quote(out)} 2>${quote(err)}; echo "__done ${id} $?" ) &\n`);
    });
  }

  close(): void {
    this.bash.stdin?.end();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
