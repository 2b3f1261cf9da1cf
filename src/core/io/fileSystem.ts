export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

export interface DirectoryEntry {
  name: string;
  kind: EntryKind;
}

export interface FileStat {
  kind: Exclude<EntryKind, 'symlink'>;
  size: number;
}

/**
 * How the core reaches files. The CLI and the server pass the real file system (with the
 * editor's unsaved text layered on top); tests pass an in-memory one. Paths are absolute with `/`.
 */
export interface FileSystemHost {
  /** Throws an Error with a readable message when the file cannot be read. */
  readFile(path: string): string;
  /** Follows symbolic links; undefined when the path does not exist or cannot be reached. */
  stat(path: string): FileStat | undefined;
  /** Entries of a directory; symbolic links are reported as `symlink`, not followed. */
  readDirectory(path: string): DirectoryEntry[];
  /** The canonical path, resolving symbolic links (to detect loops). */
  realPath(path: string): string;
  /**
   * Reads a file unless it is larger than `maxSize` bytes, in one open instead of a stat and a
   * read (discovery reads thousands of files). Throws like readFile.
   */
  readFileUpTo?(path: string, maxSize: number): SizedRead;
  /** Says that the caller read a file and needs its text no more (a cache may drop it now). */
  doneWith?(path: string): void;
}

/** A file's text, or its size when it is larger than the limit the reader gave. */
/** 2097152 → "2 MB", 52428800 → "50 MB", 1536 → "1.5 KB". */
export function formatSize(bytes: number): string {
  const [unit, size] = bytes >= 1024 * 1024 ? ['MB', bytes / (1024 * 1024)] : bytes >= 1024 ? ['KB', bytes / 1024] : ['bytes', bytes];
  return `${Number(size.toFixed(1))} ${unit}`;
}

export type SizedRead = { text: string } | { tooLarge: number };

/** A text already in hand (an editor's or a cache's), as readFileUpTo would give it. */
export function sizedRead(text: string, maxSize: number): SizedRead {
  return text.length > maxSize ? { tooLarge: text.length } : { text };
}

/** readFileUpTo where the host has it, else a stat and a read. */
export function readFileUpTo(fs: FileSystemHost, path: string, maxSize: number): SizedRead {
  if (fs.readFileUpTo) return fs.readFileUpTo(path, maxSize);
  const size = fs.stat(path)?.size ?? 0;
  return size > maxSize ? { tooLarge: size } : { text: fs.readFile(path) };
}
