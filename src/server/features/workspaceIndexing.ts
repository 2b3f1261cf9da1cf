import type { Connection, FileEvent, TextDocuments } from 'vscode-languageserver';
import { FileChangeType, MessageType, ShowMessageNotification } from '../lsp/values';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ResolvedSettings } from '../../core/config/settings';
import type { ValuesDocument } from '../../core/values/model';
import type { Finding } from '../../core/findings';
import type { OverlayFileSystem } from '../../core/io/nodeFileSystem';
import { localize, type Locale } from '../../core/l10n';
import { isInside } from '../../core/paths';
import { WorkspaceIndex } from '../../core/workspace/workspaceIndex';
import { PROGRESS_DELAY_MS } from '../../core/workspace/progress';
import type { UriMapper } from '../lsp/uris';
import { IndexingProgress } from './indexingProgress';

/** How indexing shares the server's time with the editor's messages. */
export interface IndexingPace {
  /** How long it reads or parses before it lets messages in. */
  sliceMs: number;
  /** How long it may take before its progress shows. */
  progressDelayMs: number;
}

export const DEFAULT_PACE: IndexingPace = { sliceMs: 30, progressDelayMs: PROGRESS_DELAY_MS };

const WORKSPACE_DECLINED = {
  en: 'FabEdge stopped reading the workspace: only the open files are checked now. Run "FabEdge: Restart the language server" to read it again.',
  'zh-cn': 'FabEdge 已停止读取工作区：现在只检查已打开的文件。运行“FabEdge: 重启语言服务器”可重新读取。',
};

/** Our `nginx` and the `NGINX` of the popular vscode-nginx extension: the user's word that a document is nginx. */
function isNginxLanguage(languageId: string): boolean {
  return languageId === 'nginx' || languageId === 'NGINX';
}

export interface WorkspaceIndexingHost {
  connection: Connection;
  /** The disk with the editor's unsaved text on top. */
  fileSystem: OverlayFileSystem;
  documents: TextDocuments<TextDocument>;
  uris: UriMapper;
  locale(): Locale;
  settings(): ResolvedSettings;
  pace: IndexingPace;
  /** Takes the findings of a check, by file (the same array for a file whose findings did not change). */
  publish(byFile: ReadonlyMap<string, readonly Finding[]>): void;
  /** A check ended (after its findings and notices went out). */
  checked(): void;
}

/**
 * The server's `WorkspaceIndex` through the editor's life: built afresh in slices between the
 * editor's messages (with window progress, cancellable), told of every change to files and open
 * documents, and checked again once the messages queued are handled.
 */
export class WorkspaceIndexing {
  private index: WorkspaceIndex | undefined;
  /** Counts rebuilds of the index: a newer one makes an older one stop. */
  private generation = 0;
  /** The rebuild under way, if any. */
  private indexing: number | undefined;
  /** Files changed or deleted while an index was being built: it hears of them once it is ready. */
  private readonly changedWhileIndexing = new Map<string, 'changed' | 'deleted'>();
  private markIndexed!: () => void;
  /** Settles once the workspace has been read the first time (or reading it failed). */
  readonly firstIndex = new Promise<void>((resolve) => {
    this.markIndexed = resolve;
  });

  /** The user cancelled the reading of the workspace: only open documents are checked until a restart. */
  private workspaceDeclined = false;
  private recheckPending = false;
  /** Notices already written to the output channel: each is told once. */
  private readonly toldNotices = new Set<string>();

  constructor(private readonly host: WorkspaceIndexingHost) {}

  /** The index in use; undefined until the workspace has been read once. */
  get current(): WorkspaceIndex | undefined {
    return this.index;
  }

  /** The values document of a file, when the file is a FabEdge values file. */
  valuesDocument(path: string): ValuesDocument | undefined {
    return this.index?.model().values.find((doc) => doc.file === path);
  }

  /** A document the user shows in the nginx language is nginx unless its content is another program's. */
  setNginxLanguage(path: string, languageId: string | undefined): void {
    this.index?.setNginxLanguage(path, languageId !== undefined && isNginxLanguage(languageId));
  }

  private lintOptions() {
    const { ruleSettings, folderRuleSettings } = this.host.settings();
    return { locale: this.host.locale(), ruleSettings, ...(folderRuleSettings ? { folderRuleSettings } : {}) };
  }

  /** Paths to check: the workspace folders, plus open documents that live outside them. */
  private roots(): string[] {
    // The user stopped the reading of the workspace: the open documents alone.
    const folders = this.workspaceDeclined ? [] : this.host.uris.folderPaths;
    const outside = this.host.documents
      .all()
      .map((doc) => this.host.uris.toPath(doc.uri))
      .filter((path) => !folders.some((folder) => isInside(folder, path)));
    return [...folders, ...outside];
  }

  /**
   * Reads and checks the workspace afresh, in slices between the editor's messages, with window
   * progress when that takes longer than a moment. The index in use (if any) keeps answering
   * until the new one is ready; a newer rebuild or the user's cancel stops this one.
   */
  async rebuild(): Promise<void> {
    const { connection, documents, uris, pace } = this.host;
    const generation = ++this.generation;
    this.indexing = generation;
    this.changedWhileIndexing.clear();
    const index = new WorkspaceIndex(this.host.fileSystem, this.roots(), this.host.settings().settings, this.lintOptions());
    for (const doc of documents.all()) if (isNginxLanguage(doc.languageId)) index.setNginxLanguage(uris.toPath(doc.uri), true);
    const progress = new IndexingProgress(connection, this.host.locale(), pace.progressDelayMs);
    /** Lets messages in; false when this rebuild should stop. */
    const carryOn = async (): Promise<boolean> => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (progress.cancelled && generation === this.generation) this.declineWorkspace();
      return generation === this.generation;
    };
    try {
      const scan = index.beginScan();
      while (!scan.step(performance.now() + pace.sliceMs)) {
        progress.report(scan.progress);
        if (!(await carryOn())) return;
      }
      while (!index.parseStep(performance.now() + pace.sliceMs)) {
        progress.report({ phase: 'checking', total: index.files.length });
        if (!(await carryOn())) return;
      }
      // What changed while the files were read, the index hears now.
      for (const [path, change] of this.changedWhileIndexing) {
        const doc = documents.get(uris.toUri(path));
        index.setNginxLanguage(path, doc !== undefined && isNginxLanguage(doc.languageId));
        if (change === 'deleted') index.fileDeleted(path);
        else index.fileChanged(path);
      }
      this.changedWhileIndexing.clear();
      this.index = index;
      this.recheck();
    } catch (error) {
      connection.console.error(`FabEdge could not read the workspace: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    } finally {
      progress.done();
    }
    this.indexing = undefined;
    this.markIndexed();
  }

  /** The user cancelled the reading of the workspace: only the open documents are checked until a restart. */
  private declineWorkspace(): void {
    this.workspaceDeclined = true;
    void this.host.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: localize(WORKSPACE_DECLINED, this.host.locale()) });
    void this.rebuild();
  }

  /** Tells the index in use, and the one being built, that a file changed or went. */
  tell(path: string, change: 'changed' | 'deleted'): void {
    if (change === 'deleted') this.index?.fileDeleted(path);
    else this.index?.fileChanged(path);
    if (this.indexing !== undefined) this.changedWhileIndexing.set(path, change);
  }

  /** Files changed on disk: an open editor's text wins over the disk until it is closed. */
  diskChanged(changes: readonly FileEvent[]): void {
    for (const change of changes) {
      if (this.host.documents.get(change.uri)) continue;
      this.tell(this.host.uris.toPath(change.uri), change.type === FileChangeType.Deleted ? 'deleted' : 'changed');
    }
    this.scheduleRecheck();
  }

  /** A file open in an editor was deleted on disk: checked as if it were closed. */
  documentDeleted(path: string): void {
    this.host.fileSystem.clearOverlay(path);
    this.tell(path, 'deleted');
    this.scheduleRecheck();
  }

  /** An open document's text changed, or it was opened or closed. */
  documentChanged(path: string): void {
    // A document outside every folder joins (or, closed, leaves) the checked paths.
    const roots = this.roots();
    if (this.index && this.index.covers(path) !== roots.some((root) => isInside(root, path))) {
      void this.rebuild();
      return;
    }
    this.tell(path, 'changed');
    this.scheduleRecheck();
  }

  /**
   * Checks once the messages already queued are handled: a burst of keystrokes that arrives
   * together costs one run, and a lone edit is checked at once.
   */
  scheduleRecheck(): void {
    if (this.recheckPending) return;
    this.recheckPending = true;
    setImmediate(() => {
      this.recheckPending = false;
      this.recheck();
    });
  }

  private recheck(): void {
    if (!this.index) return;
    let findings: ReadonlyMap<string, readonly Finding[]>;
    try {
      findings = this.index.lintByFile();
    } catch (error) {
      this.host.connection.console.error(`FabEdge check failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return;
    }
    this.host.publish(findings);
    this.tellNotices();
    this.host.checked();
  }

  /** Writes to the output channel the includes the checks did not follow, each once. */
  private tellNotices(): void {
    if (!this.index) return;
    for (const notice of this.index.notices()) {
      const line = `${notice.file}:${notice.line}: ${notice.message}`;
      if (this.toldNotices.has(line)) continue;
      this.toldNotices.add(line);
      this.host.connection.console.info(line);
    }
  }
}
