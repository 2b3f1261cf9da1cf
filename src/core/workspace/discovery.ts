import { isConfigFile } from '../config/configFile';
import { matchesAnyGlob } from '../glob';
import { inTemplatesFolder, isInside, isYamlPath } from '../paths';
import { inNginxFolder, isNginxCandidate, isNginxConfigMapCandidate } from '../nginx/files';
import { isValuesFile } from '../values/detect';
import type { DiscoveredFile, FileKind } from '../io/fileKinds';
import { formatSize, readFileUpTo, type FileSystemHost } from '../io/fileSystem';
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

/**
 * Scans folders as a workspace (`nginxLanguage`: documents the editor shows as nginx): skips node_modules, .git and the `exclude` globs, does not
 * follow symbolic links to folders (no loops), and takes files given directly as they are (a file
 * given directly and also met in a given folder counts as given directly).
 */
export function discover(fs: FileSystemHost, paths: readonly string[], settings: WorkspaceSettings, nginxLanguage: ReadonlySet<string> = new Set()): DiscoveryResult {
  const result: DiscoveryResult = { files: [], skipped: [] };
  const folders: string[] = [];
  const explicitFiles = new Set<string>();
  for (const path of paths) {
    if (fs.stat(path)?.kind === 'directory') folders.push(path);
    else explicitFiles.add(path);
  }
  /** `listedAsFile`: the directory listing said it is a regular file, so no stat is needed first. */
  const consider = (path: string, explicit: boolean, listedAsFile: boolean) => {
    if (!explicit && !isCandidateName(path, settings)) return;
    if (!listedAsFile && fs.stat(path)?.kind !== 'file') return;
    let text: string;
    try {
      const read = readFileUpTo(fs, path, settings.maxFileSize);
      if ('tooLarge' in read) {
        result.skipped.push({ path, reason: 'too-large', detail: formatSize(read.tooLarge) });
        return;
      }
      text = read.text;
    } catch (error) {
      result.skipped.push({ path, reason: 'unreadable', detail: error instanceof Error ? error.message : String(error) });
      return;
    }
    const kind = classifyFile(fs, path, text, settings, nginxLanguage.has(path));
    if (kind) result.files.push({ path, kind });
    else fs.doneWith?.(path);
  };
  const walk = (folder: string) => {
    let entries;
    try {
      entries = fs.readDirectory(folder);
    } catch (error) {
      result.skipped.push({ path: folder, reason: 'unreadable', detail: error instanceof Error ? error.message : String(error), folder: true });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = folder === '/' ? `/${entry.name}` : `${folder}/${entry.name}`;
      if (matchesAnyGlob(path, settings.exclude)) continue;
      if (entry.kind === 'directory') {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(path);
      } else if ((entry.kind === 'file' || entry.kind === 'symlink') && !(explicitFiles.size > 0 && explicitFiles.has(path))) {
        consider(path, false, entry.kind === 'file');
      }
    }
  };
  for (const path of explicitFiles) consider(path, true, false);
  // Each folder is walked once, and a folder inside another is walked with it: every path a
  // listing gives is then met once, with no set of the thousands seen so far to look them up in.
  const walked: string[] = [];
  for (const folder of [...folders].sort((a, b) => a.length - b.length)) {
    if (walked.some((done) => isInside(done, folder))) continue;
    walked.push(folder);
    walk(folder);
  }
  return result;
}
