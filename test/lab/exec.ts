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

  /**
   * Each its stop signal, in reverse start order; SIGKILL to any still there after `graceMs`. A
   * process that outlives SIGKILL too (stuck in the kernel) is named, not waited for: a lab run
   * must end.
   */
  async stopAll(graceMs = 3000): Promise<string[]> {
    const live = this.tracked.splice(0).reverse();
    for (const t of live) if (isRunning(t.child)) t.child.kill(t.stopSignal);
    const stuck = await Promise.all(
      live.map(async (t) => {
        if (await settlesWithin(t.exited, graceMs)) return undefined;
        if (isRunning(t.child)) t.child.kill('SIGKILL');
        return (await settlesWithin(t.exited, graceMs)) ? undefined : t.label;
      }),
    );
    return stuck.filter((label): label is string => label !== undefined);
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Whether `promise` settles within `ms`; the timer does not outlive the answer. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
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

/** A command the caller gave no limit: every lab command ends, or the run it belongs to cannot. */
const COMMAND_LIMIT_MS = 60_000;
/** How long past its limit (and `timeout`'s SIGKILL) a command is waited for before it is given up. */
const GIVE_UP_AFTER_MS = 10_000;

/**
 * One bash that runs the lab's short commands (ip, swanctl, ping): starting a process from Node
 * costs tens of milliseconds on a loaded machine, a fork of a small shell a few. Commands run
 * concurrently, each in a background subshell that reports its exit status by id, each under
 * `timeout`, and each given up (code -1) if even that does not end it.
 */
export class Shell implements Runner {
  private readonly bash: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'fabedge-lab-sh-'));
  private next = 1;
  private readonly waiting = new Map<number, (code: number, why?: string) => void>();
  private closed = false;

  constructor() {
    // Not our stderr: a subshell still running would hold it open, and the test runner waits for it.
    this.bash = spawn('bash', ['--noprofile', '--norc'], { stdio: ['pipe', 'pipe', 'ignore'] });
    // A write to a shell that has just ended fails with EPIPE; its exit already answered the commands.
    this.bash.stdin?.on('error', () => undefined);
    const lines = createInterface({ input: this.bash.stdout ?? process.stdin });
    lines.on('line', (line) => {
      const m = /^__done (\d+) (-?\d+)$/.exec(line);
      if (!m) return;
      this.waiting.get(Number(m[1]))?.(Number(m[2]));
      this.waiting.delete(Number(m[1]));
    });
    this.bash.once('exit', () => {
      for (const resolve of this.waiting.values()) resolve(-1, 'the lab shell has ended');
      this.waiting.clear();
    });
  }

  run(command: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    if (this.closed || !isRunning(this.bash)) return Promise.resolve({ code: -1, stdout: '', stderr: 'the lab shell has ended' });
    const id = this.next++;
    const env = Object.entries(options.env ?? {})
      .filter(([key, value]) => value !== undefined && process.env[key] !== value)
      .map(([key, value]) => `${key}=${value ?? ''}`);
    const limitMs = options.timeoutMs ?? COMMAND_LIMIT_MS;
    const limit = ['timeout', '-k', '2', String(Math.ceil(limitMs / 1000))];
    const line = [...(env.length > 0 ? ['env', ...env] : []), ...limit, command, ...args].map((w, i) => (i === 0 || !/^[\w./=:-]+$/.test(w) ? quote(w) : w)).join(' ');
    const out = join(this.dir, `${id}.out`);
    const err = join(this.dir, `${id}.err`);
    return new Promise((resolve) => {
      const givenUp = setTimeout(() => this.waiting.get(id)?.(-1, `${command} did not end within ${Math.round((limitMs + GIVE_UP_AFTER_MS) / 1000)} s`), limitMs + GIVE_UP_AFTER_MS);
      this.waiting.set(id, (code, why) => {
        clearTimeout(givenUp);
        this.waiting.delete(id);
        const read = (file: string) => {
          try {
            return readFileSync(file, 'utf8');
          } catch {
            return '';
          }
        };
        const result = { code, stdout: read(out), stderr: why ?? read(err) };
        rmSync(out, { force: true });
        rmSync(err, { force: true });
        resolve(result);
      });
      this.bash.stdin?.write(`( ${line} </dev/null >${quote(out)} 2>${quote(err)}; echo "__done ${id} $?" ) &\n`);
    });
  }

  /** Ends the shell and its pipe: a subshell still running must not keep this process alive. */
  close(): void {
    this.closed = true;
    this.bash.stdin?.end();
    this.bash.stdout?.destroy();
    if (isRunning(this.bash)) this.bash.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
