import { isConfigFile } from '../config/configFile';
import { matchesAnyGlob } from '../glob';
import { inTemplatesFolder, isInside, isYamlPath } from '../paths';
import { inNginxFolder, isNginxCandidate, isNginxConfigMapCandidate } from '../nginx/files';
import { isValuesFile } from '../values/detect';
import type { DiscoveredFile, FileKind } from '../io/fileKinds';
import { formatSize, readFileUpTo, type DirectoryEntry, type FileSystemHost } from '../io/fileSystem';
import { SKIPPED_FOLDERS, type WorkspaceSettings } from '../io/settings';

export interface SkippedFile {
  path: string;
  /** `failed`: read, but parsing it threw (a bug, reported rather than hidden). */
  reason: 'too-large' | 'unreadable' | 'failed';
  detail?: string;
  /** A folder that could not be listed (no finding can point at it). */
  folder?: true;
}

export interface DiscoveryResult {
  files: DiscoveredFile[];
  skipped: SkippedFile[];
}

function isHelmTemplate(path: string, text: string): boolean {
  return inTemplatesFolder(path) && text.includes('{{');
}

/**
 * Decides what one file is, from its path and text; undefined for files we do not check.
 * `nginxLanguage`: the editor shows the document in the nginx language (see `isNginxCandidate`).
 */
export function classifyFile(fs: FileSystemHost, path: string, text: string, settings: WorkspaceSettings, nginxLanguage = false): FileKind | undefined {
  if (isHelmTemplate(path, text) || isConfigFile(path)) return undefined;
  if (isYamlPath(path) || matchesAnyGlob(path, settings.valuesFiles)) {
    if (isValuesFile(fs, path, text, settings.valuesFiles)) return 'values';
    return isNginxConfigMapCandidate(path, text) ? 'nginx-configmap' : undefined;
  }
  return isNginxCandidate(path, text, { globs: settings.nginxFiles, language: nginxLanguage }) ? 'nginx' : undefined;
}

// Regular expressions of functions called for every file of a workspace live here, not in the
// functions: a literal makes a new RegExp object each time it is evaluated.
const CANDIDATE_NAME = /\.(ya?ml|conf|nginx)$/i;

/** Whether discovery looks at a file of this name at all (before reading it). */
export function isCandidateName(path: string, settings: WorkspaceSettings): boolean {
  return (
    CANDIDATE_NAME.test(path) ||
    inNginxFolder(path) ||
    matchesAnyGlob(path, settings.valuesFiles) ||
    matchesAnyGlob(path, settings.nginxFiles)
  );
}

/** How far a discovery got: listing folders (the total still growing), then reading the files found. */
export interface DiscoveryProgress {
  phase: 'listing' | 'reading';
  /** Files read so far. */
  done: number;
  /** Files to read: those found so far while listing, all of them while reading. */
  total: number;
}

/**
 * The folders to walk: each once, and a folder inside another is walked with it, so every path a
 * listing gives is met once, with no set of the thousands seen so far to look them up in.
 */
export function outermostFolders(folders: readonly string[]): string[] {
  const walked: string[] = [];
  for (const folder of [...folders].sort((a, b) => a.length - b.length)) {
    if (walked.some((done) => isInside(done, folder))) continue;
    walked.push(folder);
  }
  return walked;
}

/**
 * What discovery makes of one entry of a folder listing: a folder to walk, a file to read (a
 * candidate by its name), or nothing (excluded, node_modules and the like, or no candidate).
 */
export function listedEntry(folder: string, entry: DirectoryEntry, settings: WorkspaceSettings): ({ kind: 'folder'; path: string }) | (Candidate & { kind: 'candidate' }) | undefined {
  const path = folder === '/' ? `/${entry.name}` : `${folder}/${entry.name}`;
  if (matchesAnyGlob(path, settings.exclude)) return undefined;
  if (entry.kind === 'directory') return SKIPPED_FOLDERS.has(entry.name) ? undefined : { kind: 'folder', path };
  if ((entry.kind === 'file' || entry.kind === 'symlink') && isCandidateName(path, settings)) return { kind: 'candidate', path, listedAsFile: entry.kind === 'file' };
  return undefined;
}

/** A folder that could not be listed, as discovery reports it. */
export function unlistedFolder(path: string, error: unknown): SkippedFile {
  return { path, reason: 'unreadable', detail: error instanceof Error ? error.message : String(error), folder: true };
}

/** A file to read, in the order discovery met it: given directly, or a candidate by its name. */
interface Candidate {
  path: string;
  /** The directory listing said it is a regular file, so no stat is needed first. */
  listedAsFile: boolean;
}

/** A folder being listed: its sorted entries and the next one to look at. */
interface OpenFolder {
  path: string;
  entries: DirectoryEntry[];
  next: number;
}

/**
 * Scans folders as a workspace (`nginxLanguage`: documents the editor shows as nginx): skips node_modules, .git and the `exclude` globs, does not
 * follow symbolic links to folders (no loops), and takes files given directly as they are (a file
 * given directly and also met in a given folder counts as given directly).
 *
 * It works in slices (`step`): the language server reads a large workspace between the editor's
 * messages and shows how far it got. It lists every folder first, then reads the files it found.
 */
export class Discovery {
  readonly result: DiscoveryResult = { files: [], skipped: [] };
  private readonly candidates: Candidate[] = [];
  private read = 0;
  private readonly explicitFiles = new Set<string>();
  /** Given folders still to list, the next last; and the one being listed, below its parents. */
  private readonly folders: string[];
  private readonly open: OpenFolder[] = [];

  constructor(
    private readonly fs: FileSystemHost,
    paths: readonly string[],
    private readonly settings: WorkspaceSettings,
    private readonly nginxLanguage: ReadonlySet<string> = new Set(),
  ) {
    const folders: string[] = [];
    for (const path of paths) {
      if (fs.stat(path)?.kind === 'directory') folders.push(path);
      else this.explicitFiles.add(path);
    }
    for (const path of this.explicitFiles) this.candidates.push({ path, listedAsFile: false });
    this.folders = outermostFolders(folders).reverse();
  }

  get progress(): DiscoveryProgress {
    return { phase: this.listing ? 'listing' : 'reading', done: this.read, total: this.candidates.length };
  }

  private get listing(): boolean {
    return this.open.length > 0 || this.folders.length > 0;
  }

  /** Works until everything is read or `performance.now()` passes the deadline; true when done. */
  step(deadline = Infinity): boolean {
    while (this.listing) {
      this.listNext();
      if (performance.now() > deadline) return false;
    }
    while (this.read < this.candidates.length) {
      this.consider(this.candidates[this.read++]);
      if (performance.now() > deadline) return this.read === this.candidates.length;
    }
    return true;
  }

  /** Looks at one entry of the folder being listed, or opens the next folder. */
  private listNext(): void {
    const folder = this.open[this.open.length - 1];
    if (!folder) {
      this.openFolder(this.folders.pop() as string);
      return;
    }
    const entry = folder.entries[folder.next++];
    if (!entry) {
      this.open.pop();
      return;
    }
    const met = listedEntry(folder.path, entry, this.settings);
    if (met?.kind === 'folder') this.openFolder(met.path);
    else if (met && !(this.explicitFiles.size > 0 && this.explicitFiles.has(met.path))) this.candidates.push(met);
  }

  private openFolder(path: string): void {
    let entries;
    try {
      entries = this.fs.readDirectory(path);
    } catch (error) {
      this.result.skipped.push(unlistedFolder(path, error));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.open.push({ path, entries, next: 0 });
  }

  private consider({ path, listedAsFile }: Candidate): void {
    if (!listedAsFile && this.fs.stat(path)?.kind !== 'file') return;
    let text: string;
    try {
      const read = readFileUpTo(this.fs, path, this.settings.maxFileSize);
      if ('tooLarge' in read) {
        this.result.skipped.push({ path, reason: 'too-large', detail: formatSize(read.tooLarge) });
        return;
      }
      text = read.text;
    } catch (error) {
      this.result.skipped.push({ path, reason: 'unreadable', detail: error instanceof Error ? error.message : String(error) });
      return;
    }
    const kind = classifyFile(this.fs, path, text, this.settings, this.nginxLanguage.has(path));
    if (kind) this.result.files.push({ path, kind });
    else this.fs.doneWith?.(path);
  }
}

/** Discovers everything at once (see Discovery). */
export function discover(fs: FileSystemHost, paths: readonly string[], settings: WorkspaceSettings, nginxLanguage: ReadonlySet<string> = new Set()): DiscoveryResult {
  const discovery = new Discovery(fs, paths, settings, nginxLanguage);
  discovery.step();
  return discovery.result;
}
