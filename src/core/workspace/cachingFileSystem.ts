import { readFileUpTo, sizedRead, type DirectoryEntry, type FileStat, type FileSystemHost, type SizedRead } from '../io/fileSystem';

/**
 * Remembers texts and stats between reads: discovery reads a file to classify it and the model
 * reads it again to parse it; every YAML file asks for the same sibling Chart.yaml; an include
 * glob lists a folder discovery listed. The index forgets a path whenever it hears that the path
 * changed, and every listing then (a file created or deleted changes its folder's).
 */
export class CachingFileSystem implements FileSystemHost {
  private readonly texts = new Map<string, string>();
  private readonly stats = new Map<string, FileStat | undefined>();
  private readonly listings = new Map<string, DirectoryEntry[]>();

  constructor(private readonly base: FileSystemHost) {}

  readFile(path: string): string {
    let text = this.texts.get(path);
    if (text === undefined) {
      text = this.base.readFile(path);
      this.texts.set(path, text);
    }
    return text;
  }

  readFileUpTo(path: string, maxSize: number): SizedRead {
    const cached = this.texts.get(path);
    if (cached !== undefined) return sizedRead(cached, maxSize);
    const read = readFileUpTo(this.base, path, maxSize);
    if ('text' in read) this.texts.set(path, read.text);
    return read;
  }

  /** Discovery read a file that it does not check: a workspace of unrelated YAML is not kept in memory. */
  doneWith(path: string): void {
    this.texts.delete(path);
  }

  stat(path: string): FileStat | undefined {
    if (this.stats.has(path)) return this.stats.get(path);
    const stat = this.base.stat(path);
    this.stats.set(path, stat);
    return stat;
  }

  readDirectory(path: string): DirectoryEntry[] {
    let entries = this.listings.get(path);
    if (!entries) {
      entries = this.base.readDirectory(path);
      this.listings.set(path, entries);
    }
    // A copy: discovery sorts what it gets.
    return [...entries];
  }

  realPath(path: string): string {
    return this.base.realPath(path);
  }

  forget(path: string): void {
    this.texts.delete(path);
    this.stats.delete(path);
    this.listings.clear();
  }

  clear(): void {
    this.texts.clear();
    this.stats.clear();
    this.listings.clear();
  }
}
