import * as fs from 'node:fs';
import { readFileUpTo, sizedRead, type DirectoryEntry, type FileStat, type FileSystemHost, type SizedRead } from './fileSystem';

/** Reused for small files: most workspace files fit, and a fresh buffer per file is garbage. */
const scratch = Buffer.allocUnsafe(64 * 1024);

/** The real file system through Node's synchronous API. */
export class NodeFileSystem implements FileSystemHost {
  readFile(path: string): string {
    return fs.readFileSync(path, 'utf8');
  }

  readFileUpTo(path: string, maxSize: number): SizedRead {
    // O_NONBLOCK: a FIFO put where a file was listed must not block the server on open or read.
    const fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    try {
      // Most files fit the scratch buffer and take one read: a regular file reads short only at its end.
      const first = fs.readSync(fd, scratch, 0, scratch.length, null);
      if (first < scratch.length) return first > maxSize ? { tooLarge: first } : { text: scratch.toString('utf8', 0, first) };
      const size = fs.fstatSync(fd).size;
      if (size > maxSize) return { tooLarge: size };
      // One byte more than the size tells whether the file grew since the fstat.
      let buffer = Buffer.allocUnsafe(Math.max(size + 1, scratch.length * 2));
      scratch.copy(buffer, 0, 0, first);
      let length = first;
      for (;;) {
        if (length === buffer.length) {
          if (length > maxSize) return { tooLarge: length };
          const larger = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxSize + 1));
          buffer.copy(larger, 0, 0, length);
          buffer = larger;
        }
        const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
        if (read === 0) break;
        length += read;
      }
      return length > maxSize ? { tooLarge: length } : { text: buffer.toString('utf8', 0, length) };
    } finally {
      fs.closeSync(fd);
    }
  }

  stat(path: string): FileStat | undefined {
    // Most stats are of files that may not exist (a Chart.yaml beside every YAML file): no exceptions for those.
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(path, { throwIfNoEntry: false });
    } catch {
      return undefined;
    }
    if (!stat) return undefined;
    return { kind: stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other', size: stat.size };
  }

  readDirectory(path: string): DirectoryEntry[] {
    return fs.readdirSync(path, { withFileTypes: true }).map((entry) => ({
      name: entry.name,
      kind: entry.isSymbolicLink() ? 'symlink' : entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other',
    }));
  }

  realPath(path: string): string {
    return fs.realpathSync(path);
  }
}

/** The file system with the editor's unsaved documents layered on top. */
export class OverlayFileSystem implements FileSystemHost {
  private readonly overlay = new Map<string, string>();

  constructor(private readonly base: FileSystemHost) {}

  setOverlay(path: string, text: string): void {
    this.overlay.set(path, text);
  }

  clearOverlay(path: string): void {
    this.overlay.delete(path);
  }

  readFile(path: string): string {
    return this.overlay.get(path) ?? this.base.readFile(path);
  }

  readFileUpTo(path: string, maxSize: number): SizedRead {
    const text = this.overlay.get(path);
    return text === undefined ? readFileUpTo(this.base, path, maxSize) : sizedRead(text, maxSize);
  }

  stat(path: string): FileStat | undefined {
    const text = this.overlay.get(path);
    return text !== undefined ? { kind: 'file', size: text.length } : this.base.stat(path);
  }

  readDirectory(path: string): DirectoryEntry[] {
    return this.base.readDirectory(path);
  }

  realPath(path: string): string {
    return this.overlay.has(path) ? path : this.base.realPath(path);
  }
}
