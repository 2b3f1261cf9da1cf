import * as fs from 'node:fs';
import type { DirectoryEntry, FileStat, FileSystemHost } from './fileSystem';

/** The real file system through Node's synchronous API. */
export class NodeFileSystem implements FileSystemHost {
  readFile(path: string): string {
    return fs.readFileSync(path, 'utf8');
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
