/**
 * Discovery of a large tree on two threads. Listing folders and reading files is most of a cold
 * run, and the machine has another core: this thread and a worker thread take the folders near
 * the top of the tree one at a time from a shared list, and the worker then sends what it found
 * with the texts it read. Both run the same Discovery, so the files, their kinds and the skipped
 * files are those one thread finds (docs/performance.md has the figures).
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { listedEntry, outermostFolders, unlistedFolder, Discovery, type DiscoveryProgress, type DiscoveryResult, type SkippedFile } from '../core/workspace/discovery';
import type { FileSystemHost } from '../core/io/fileSystem';
import type { WorkspaceSettings } from '../core/io/settings';
import type { IndexingReport } from '../core/workspace/progress';
import { NodeFileSystem } from '../core/io/nodeFileSystem';
import { CachingFileSystem } from '../core/workspace/cachingFileSystem';

/** Below this many folders near the top, a tree is read on one thread: starting a worker costs more. */
const MIN_FOLDERS = 32;
/** How long past three times this thread's own part the worker may take before this thread does its part too. */
const GRACE_MS = 2_000;
/** How deep the split looks for folders to share out. */
const SPLIT_DEPTH = 2;

/** What the worker is given (workerData). */
export interface DiscoveryWorkerData {
  readonly fabedgeDiscovery: true;
  /** The folders to share out, and who took each (MAIN, WORKER or 0). */
  readonly folders: readonly string[];
  readonly claims: SharedArrayBuffer;
  readonly settings: WorkspaceSettings;
  /** [finished, listing (1) or reading (0), files read, files to read]: how far the worker got. */
  readonly status: SharedArrayBuffer;
  readonly port: MessagePort;
}

/** What the worker sends back. */
type WorkerAnswer = { result: DiscoveryResult; texts: [string, string][] } | { error: string };

const FINISHED = 0;
const LISTING = 1;
const DONE = 2;
const TOTAL = 3;
const STATUS_SLOTS = 4;

/** The files of a tree found on two threads, and a file system that holds the texts both read. */
export interface ParallelDiscovery {
  result: DiscoveryResult;
  fs: FileSystemHost;
}

/**
 * Discovers `paths` on this thread and a worker thread (`workerScript`: the CLI's bundle, which
 * runs `runDiscoveryWorker` when started as a worker). Undefined when the tree is too small to be
 * worth a thread, or a path is a file: then discover as usual.
 */
export function discoverInParallel(base: FileSystemHost, paths: readonly string[], settings: WorkspaceSettings, workerScript: string, progress?: IndexingReport): ParallelDiscovery | undefined {
  if (paths.some((path) => base.stat(path)?.kind !== 'directory')) return undefined;
  const fs = new CachingFileSystem(base);
  const split = splitTree(fs, outermostFolders(paths), settings);
  if (split.folders.length < MIN_FOLDERS) return undefined;
  const status = new SharedArrayBuffer(STATUS_SLOTS * Int32Array.BYTES_PER_ELEMENT);
  const counters = new Int32Array(status);
  const claims = new SharedArrayBuffer(split.folders.length * Int32Array.BYTES_PER_ELEMENT);
  const { port1, port2 } = new MessageChannel();
  const data: DiscoveryWorkerData = { fabedgeDiscovery: true, folders: split.folders, claims, settings, status, port: port2 };
  const started = performance.now();
  const worker = new Worker(workerScript, { workerData: data, transferList: [port2], execArgv: [] });
  // A worker that fails is told by its answer (or its absence) below; its 'error' event must not end the run.
  worker.on('error', () => undefined);
  try {
    const ours = new ClaimedWalk(fs, settings, split.folders, new Int32Array(claims), MAIN);
    const report = () => progress?.report(combined(ours.progress, counters, ours.unclaimed));
    ours.walk(split.files, progress ? { sliceMs: progress.sliceMs, tell: report } : undefined);
    const theirs = split.folders.filter((_, i) => ours.claimedBy(i) === WORKER);
    let answer: WorkerAnswer | undefined;
    if (theirs.length > 0) {
      // The worker takes folders as this thread does: far longer than this thread took means it hangs.
      const giveUp = performance.now() + 3 * (performance.now() - started) + GRACE_MS;
      while (Atomics.load(counters, FINISHED) === 0 && performance.now() < giveUp) {
        Atomics.wait(counters, FINISHED, 0, progress?.sliceMs ?? 1000);
        report();
      }
      answer = receiveMessageOnPort(port1)?.message as WorkerAnswer | undefined;
    }
    report();
    if (theirs.length === 0 || !answer || 'error' in answer) {
      // The worker took nothing, or failed (a bug, not the files: a file it cannot read is a skipped file): this thread walks its folders too.
      const rest = new Discovery(fs, theirs, settings);
      rest.step();
      return { result: merge(split.skipped, ours.result, rest.result), fs };
    }
    return { result: merge(split.skipped, ours.result, answer.result), fs: new TextsFirst(fs, new Map(answer.texts)) };
  } finally {
    port1.close();
    void worker.terminate();
  }
}

/** Who took a folder (the claims array): nobody yet, this thread or the worker. */
const MAIN = 1;
const WORKER = 2;

/**
 * Walks the folders one thread claims: each thread goes down the same list and takes each folder
 * still free (compare-and-exchange), so both stay busy until the list is done, however unequal
 * the folders and however late the worker starts.
 */
class ClaimedWalk {
  readonly result: DiscoveryResult = { files: [], skipped: [] };
  private readonly finished = { done: 0, total: 0 };
  private current: Discovery | undefined;
  private next = 0;

  constructor(
    private readonly fs: FileSystemHost,
    private readonly settings: WorkspaceSettings,
    private readonly folders: readonly string[],
    private readonly claims: Int32Array,
    private readonly me: number,
  ) {}

  /** Discovers `files` and then every folder this thread can claim; `pace` hears how far it got every slice. */
  walk(files: readonly string[], pace?: { sliceMs: number; tell(): void }): void {
    if (files.length > 0) this.run(new Discovery(this.fs, files, this.settings), pace);
    for (; this.next < this.folders.length; this.next++) {
      if (Atomics.compareExchange(this.claims, this.next, 0, this.me) !== 0) continue;
      this.run(new Discovery(this.fs, [this.folders[this.next]], this.settings), pace);
    }
  }

  private run(discovery: Discovery, pace: { sliceMs: number; tell(): void } | undefined): void {
    this.current = discovery;
    if (pace) while (!discovery.step(performance.now() + pace.sliceMs)) pace.tell();
    else discovery.step();
    this.result.files.push(...discovery.result.files);
    this.result.skipped.push(...discovery.result.skipped);
    const { done, total } = discovery.progress;
    this.finished.done += done;
    this.finished.total += total;
    this.current = undefined;
    pace?.tell();
  }

  claimedBy(index: number): number {
    return Atomics.load(this.claims, index);
  }

  /** Whether folders are still free to take. */
  get unclaimed(): boolean {
    return this.next < this.folders.length;
  }

  /** Files read and to read, over the folders walked and the one being walked. */
  get progress(): { done: number; total: number } {
    const now = this.current?.progress;
    return { done: this.finished.done + (now?.done ?? 0), total: this.finished.total + (now?.total ?? 0) };
  }
}

function combined(ours: { done: number; total: number }, counters: Int32Array, unclaimed: boolean): DiscoveryProgress {
  const listing = unclaimed || Atomics.load(counters, LISTING) === 1;
  return { phase: listing ? 'listing' : 'reading', done: ours.done + Atomics.load(counters, DONE), total: ours.total + Atomics.load(counters, TOTAL) };
}

function merge(skipped: readonly SkippedFile[], ...results: DiscoveryResult[]): DiscoveryResult {
  return { files: results.flatMap((r) => r.files), skipped: [...skipped, ...results.flatMap((r) => r.skipped)] };
}

/**
 * The folders near the top of the tree, listed as Discovery lists them, to be shared out; the
 * candidate files met on the way (read on this thread); the folders that could not be listed.
 */
function splitTree(fs: FileSystemHost, roots: readonly string[], settings: WorkspaceSettings): { folders: string[]; files: string[]; skipped: SkippedFile[] } {
  let folders = [...roots];
  const files: string[] = [];
  const skipped: SkippedFile[] = [];
  for (let depth = 0; depth < SPLIT_DEPTH && folders.length < MIN_FOLDERS; depth++) {
    const below: string[] = [];
    for (const folder of folders) {
      let entries;
      try {
        entries = fs.readDirectory(folder);
      } catch (error) {
        skipped.push(unlistedFolder(folder, error));
        continue;
      }
      for (const entry of entries) {
        const met = listedEntry(folder, entry, settings);
        if (met?.kind === 'folder') below.push(met.path);
        // Handed to Discovery as given paths, which it would walk if they were folders: a link to
        // a folder is no file to read, and Discovery follows no link to a folder.
        else if (met && (met.listedAsFile || fs.stat(met.path)?.kind === 'file')) files.push(met.path);
      }
    }
    folders = below;
  }
  return { folders: folders.sort(), files, skipped };
}

/** A file system that answers from the texts the worker read before it reads a file itself. */
class TextsFirst implements FileSystemHost {
  constructor(
    private readonly base: FileSystemHost,
    private readonly texts: Map<string, string>,
  ) {}

  readFile(path: string): string {
    return this.texts.get(path) ?? this.base.readFile(path);
  }

  stat(path: string) {
    return this.base.stat(path);
  }

  readDirectory(path: string) {
    return this.base.readDirectory(path);
  }

  realPath(path: string): string {
    return this.base.realPath(path);
  }
}

/** The worker's side: discovers its folders, reports how far it got, and sends the files it kept with their texts. */
export function runDiscoveryWorker(data: DiscoveryWorkerData): void {
  const counters = new Int32Array(data.status);
  const finish = () => {
    Atomics.store(counters, FINISHED, 1);
    Atomics.notify(counters, FINISHED);
  };
  // Also when the thread dies of an error thrown below: the main thread stops waiting at once.
  process.once('exit', finish);
  let answer: WorkerAnswer;
  try {
    const fs = new CachingFileSystem(new NodeFileSystem());
    const walk = new ClaimedWalk(fs, data.settings, data.folders, new Int32Array(data.claims), WORKER);
    const tell = () => {
      const { done, total } = walk.progress;
      Atomics.store(counters, LISTING, walk.unclaimed ? 1 : 0);
      Atomics.store(counters, DONE, done);
      Atomics.store(counters, TOTAL, total);
    };
    walk.walk([], { sliceMs: 50, tell });
    tell();
    const texts = walk.result.files.map((file): [string, string] => [file.path, fs.readFile(file.path)]);
    answer = { result: walk.result, texts };
  } catch (error) {
    answer = { error: error instanceof Error ? error.message : String(error) };
  }
  data.port.postMessage(answer);
  finish();
}
