import type { DirectoryEntry, FileStat, FileSystemHost } from '../../src/core/io/fileSystem';

/** An in-memory file system for tests. */
export class MemoryFileSystem implements FileSystemHost {
  private readonly files = new Map<string, string>();

  constructor(files: Readonly<Record<string, string>> = {}) {
    for (const [path, text] of Object.entries(files)) this.files.set(path, text);
  }

  set(path: string, text: string): void {
    this.files.set(path, text);
  }

  delete(path: string): void {
    this.files.delete(path);
  }

  readFile(path: string): string {
    const text = this.files.get(path);
    if (text === undefined) throw new Error(`no such file: ${path}`);
    return text;
  }

  stat(path: string): FileStat | undefined {
    const text = this.files.get(path);
    if (text !== undefined) return { kind: 'file', size: text.length };
    const prefix = path.endsWith('/') ? path : `${path}/`;
    for (const key of this.files.keys()) if (key.startsWith(prefix)) return { kind: 'directory', size: 0 };
    return undefined;
  }

  readDirectory(path: string): DirectoryEntry[] {
    const prefix = path.endsWith('/') ? path : `${path}/`;
    const entries = new Map<string, DirectoryEntry>();
    for (const key of this.files.keys()) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const slash = rest.indexOf('/');
      const name = slash === -1 ? rest : rest.slice(0, slash);
      entries.set(name, { name, kind: slash === -1 ? 'file' : 'directory' });
    }
    return [...entries.values()];
  }

  realPath(path: string): string {
    return path;
  }
}
