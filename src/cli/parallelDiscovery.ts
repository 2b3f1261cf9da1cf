/**
 * Discovery of a large tree on two threads. Listing folders and reading files is most of a cold
 * run, and the machine has another core: a worker thread walks every other folder near the top
 * of the tree while this thread walks the rest, then sends what it found with the texts it read.
 * Both run the same Discovery, so the files, their kinds and the skipped files are those one
 * thread finds (docs/performance.md has the figures).
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { listedEntry, outermostFolders, Discovery, type DiscoveryProgress, type DiscoveryResult, type SkippedFile } from '../core/workspace/discovery';
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
  readonly folders: readonly string[];
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
  const theirs = split.folders.filter((_, i) => i % 2 === 1);
  const ours = split.folders.filter((_, i) => i % 2 === 0);
  const status = new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT);
  const counters = new Int32Array(status);
  counters[LISTING] = 1;
  const { port1, port2 } = new MessageChannel();
  const data: DiscoveryWorkerData = { fabedgeDiscovery: true, folders: theirs, settings, status, port: port2 };
  const started = performance.now();
  const worker = new Worker(workerScript, { workerData: data, transferList: [port2], execArgv: [] });
  // A worker that fails is told by its answer (or its absence) below; its 'error' event must not end the run.
  worker.on('error', () => undefined);
  try {
    const discovery = new Discovery(fs, [...ours, ...split.files], settings);
    const report = () => progress?.report(combined(discovery.progress, counters));
    if (progress) while (!discovery.step(performance.now() + progress.sliceMs)) report();
    else discovery.step();
    // The worker has as much to do: far longer means it never started or hangs, and this thread does its part.
    const giveUp = performance.now() + 3 * (performance.now() - started) + GRACE_MS;
    while (Atomics.load(counters, FINISHED) === 0 && performance.now() < giveUp) {
      Atomics.wait(counters, FINISHED, 0, progress?.sliceMs ?? 1000);
      report();
    }
    report();
    const answer = receiveMessageOnPort(port1)?.message as WorkerAnswer | undefined;
    if (!answer || 'error' in answer) {
      // The worker failed (a bug, not the files: a file it cannot read is a skipped file): this thread walks its folders too.
      const rest = new Discovery(fs, theirs, settings);
      rest.step();
      return { result: merge(split.skipped, discovery.result, rest.result), fs };
    }
    return { result: merge(split.skipped, discovery.result, answer.result), fs: new TextsFirst(fs, new Map(answer.texts)) };
  } finally {
    port1.close();
    void worker.terminate();
  }
}

function combined(ours: DiscoveryProgress, counters: Int32Array): DiscoveryProgress {
  const listing = ours.phase === 'listing' || Atomics.load(counters, LISTING) === 1;
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
        skipped.push({ path: folder, reason: 'unreadable', detail: error instanceof Error ? error.message : String(error), folder: true });
        continue;
      }
      for (const entry of entries) {
        const met = listedEntry(folder, entry, settings);
        if (met?.kind === 'folder') below.push(met.path);
        else if (met) files.push(met.path);
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
    const discovery = new Discovery(fs, data.folders, data.settings);
    const tell = () => {
      const { phase, done, total } = discovery.progress;
      Atomics.store(counters, LISTING, phase === 'listing' ? 1 : 0);
      Atomics.store(counters, DONE, done);
      Atomics.store(counters, TOTAL, total);
    };
    while (!discovery.step(performance.now() + 50)) tell();
    tell();
    const texts = discovery.result.files.map((file): [string, string] => [file.path, fs.readFile(file.path)]);
    answer = { result: discovery.result, texts };
  } catch (error) {
    answer = { error: error instanceof Error ? error.message : String(error) };
  }
  data.port.postMessage(answer);
  finish();
}
