import {
  CodeActionKind,
  CodeLensRefreshRequest,
  MarkupContent,
  MarkupKind,
  FileChangeType,
  DidChangeConfigurationNotification,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type CodeActionParams,
  type CompletionList,
  type Diagnostic,
  type Range,
  type Hover,
  type Position,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../core/findings';
import { localize, toLocale, type Locale } from '../core/l10n';
import { isInside } from '../core/paths';
import { WorkspaceIndex } from '../core/workspace/workspaceIndex';
import { NodeFileSystem, OverlayFileSystem } from '../core/io/nodeFileSystem';
import { editAction, toCodeAction, toDiagnostic, sameFinding } from './lsp/convert';
import { combineFixes } from '../core/fixes';
import { suppressionEdit } from '../core/suppression';
import { editorSettings, type EditorFolderSettings } from './settings';
import type { ResolvedSettings } from '../core/config/settings';
import { isConfigFile } from '../core/config/configFile';
import { DEFAULT_SETTINGS } from '../core/io/settings';
import { findPackageRoot, rulePage } from '../core/rules/docs';
import { pathToFileURL } from 'node:url';
import { UriMapper } from './lsp/uris';
import {
  DOCUMENT_DELETED_NOTIFICATION,
  GENERATE_PROXY_COMMAND,
  PROBE_REQUEST,
  GENERATE_PROXY_REQUEST,
  FILES_REQUEST,
  HELM_SCHEMA_REQUEST,
  READS_AS_NGINX_REQUEST,
  SERVER_INFO_REQUEST,
  SHOW_RULE_DOCUMENTATION_COMMAND,
  type CheckedFile,
  STATUS_REQUEST,
  YAML_EXTENSION_NOTIFICATION,
  type GeneratedProxy,
  type HelmSchema,
  type ProbeAnswer,
  type StatusReport,
} from '../shared/protocol';
import { ProxyPathFeatures } from './features/proxyPaths';
import { ProbeFeature } from './features/probe';
import { includeLinks } from './features/includeLinks';
import { valuesSnippetItems } from './features/valuesSnippets';
import { FabEdgeYamlService } from './yamlLanguageService';
import { modelines } from './features/schemaChoice';
import { existingSchema, fabedgeChartFolders } from './features/helmSchema';
import { SchemaHelp } from './features/schemaHelp';
import { readFileUpTo } from '../core/io/fileSystem';
import type { IdleCollection } from './idleCollection';
import { IndexingProgress } from './indexingProgress';
import { PROGRESS_DELAY_MS } from '../core/workspace/progress';
import { helmValuesSchemaText } from '../core/values/schemas';
import { generateProxy } from '../core/cross/generateProxy';
import { proxyIndex } from '../core/cross/proxies';

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

const GENERATE_PROXY_TITLE = { en: 'Generate the nginx proxy for this values file', 'zh-cn': '为此 values 文件生成 nginx 代理' };

/** The code action kind for "fix all" on save: `editor.codeActionsOnSave: { "source.fixAll.fabedge": "explicit" }`. */
const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.fabedge`;

const FIX_ALL_TITLE = { en: 'Fix all safely fixable FabEdge problems', 'zh-cn': '修复所有可安全修复的 FabEdge 问题' };
const FIX_RULE_TITLE = { en: 'Fix all {rule} problems in this file', 'zh-cn': '修复此文件中所有 {rule} 问题' };
const DISABLE_LINE_TITLE = { en: 'Disable {rule} for this line', 'zh-cn': '在此行禁用 {rule}' };
const SHOW_DOCUMENTATION_TITLE = { en: 'Show documentation for {rule}', 'zh-cn': '显示 {rule} 的文档' };

/** Our `nginx` and the `NGINX` of the popular vscode-nginx extension: the user's word that a document is nginx. */
function isNginxLanguage(languageId: string): boolean {
  return languageId === 'nginx' || languageId === 'NGINX';
}

/** The folder the rule pages ship in (beside dist/ in the package). */
const PACKAGE_ROOT = findPackageRoot(__dirname);

export class FabEdgeServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly disk = new NodeFileSystem();
  private readonly fileSystem = new OverlayFileSystem(this.disk);
  private readonly uris = new UriMapper();
  private locale: Locale = 'en';
  private trusted = true;
  private settings: ResolvedSettings = { settings: DEFAULT_SETTINGS, ruleSettings: {} };
  /** The settings last applied, as JSON: a reload that changes nothing keeps the index. */
  private settingsKey: string | undefined;
  /** Counts reloads: the answer to an older request for settings must not replace a newer one. */
  private settingsGeneration = 0;
  /** Whether the client has the command that opens a rule's page (VS Code's does). */
  private opensRuleDocumentation = false;
  /** The file URI of each rule's page in the display language, or undefined without one. */
  private readonly docsLinks = new Map<string, string | undefined>();
  private canReadConfiguration = false;
  private followsFolderChanges = false;
  private index: WorkspaceIndex | undefined;
  /** Counts rebuilds of the index: a newer one makes an older one stop. */
  private indexGeneration = 0;
  /** The rebuild under way, if any. */
  private indexing: number | undefined;
  /** Files changed or deleted while an index was being built: it hears of them once it is ready. */
  private readonly changedWhileIndexing = new Map<string, 'changed' | 'deleted'>();
  private markIndexed!: () => void;
  /** Settles once the workspace has been read the first time (or reading it failed). */
  private readonly firstIndex = new Promise<void>((resolve) => {
    this.markIndexed = resolve;
  });
  /** The user cancelled the reading of the workspace: only open documents are checked until a restart. */
  private workspaceDeclined = false;
  /** The findings the index last gave, by file, and those last published (without what the YAML extension shows). */
  private checkedByFile: ReadonlyMap<string, readonly Finding[]> = new Map();
  private findingsByFile: ReadonlyMap<string, readonly Finding[]> = new Map();
  private recheckPending = false;
  /** Notices already written to the output channel: each is told once. */
  private readonly toldNotices = new Set<string>();

  private yaml: FabEdgeYamlService | undefined;
  private snippetSupport = false;
  private readonly proxyPaths = new ProxyPathFeatures(this.uris, () => this.index?.model(), () => this.locale);
  private readonly schemaHelp = new SchemaHelp({
    uris: this.uris,
    documents: () => this.documents.all(),
    readText: (uri) => this.documents.get(uri)?.getText() ?? this.readText(this.uris.toPath(uri)),
    readUserSchema: (path) => this.readUserSchema(path),
  });
  private canRefreshCodeLenses = false;
  private readonly probe = new ProbeFeature(
    this.uris,
    () => this.index?.model(),
    () => this.locale,
    () => this.trusted,
    () => {
      if (this.canRefreshCodeLenses) void this.connection.sendRequest(CodeLensRefreshRequest.type);
    },
  );

  constructor(
    private readonly connection: Connection,
    private readonly idleCollection?: IdleCollection,
    /** Tests make slices of one file and show the progress at once. */
    private readonly pace: IndexingPace = DEFAULT_PACE,
  ) {
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() => void this.initialized());
    connection.onDidChangeConfiguration(() => void this.reloadSettings());
    connection.onDidChangeWatchedFiles((params) => {
      // A config file counts as saved: its settings apply once they are on disk, as VS Code's do.
      if (params.changes.some((change) => isConfigFile(this.uris.toPath(change.uri)))) void this.reloadSettings();
      for (const change of params.changes) {
        const path = this.uris.toPath(change.uri);
        // An open editor's text wins over the disk until it is closed.
        if (this.documents.get(change.uri)) continue;
        this.tellIndex(path, change.type === FileChangeType.Deleted ? 'deleted' : 'changed');
      }
      this.scheduleRecheck();
    });
    connection.onCodeAction((params) => this.codeActions(params));
    connection.onNotification(DOCUMENT_DELETED_NOTIFICATION, (params: { uri: string }) => {
      const path = this.uris.toPath(params.uri);
      this.fileSystem.clearOverlay(path);
      this.tellIndex(path, 'deleted');
      this.scheduleRecheck();
    });
    connection.onNotification(YAML_EXTENSION_NOTIFICATION, (params: { present?: unknown }) => {
      this.schemaHelp.setYamlExtension(params.present === true);
      this.publish(this.checkedByFile);
    });
    connection.onRequest(SERVER_INFO_REQUEST, () => ({ pid: process.pid }));
    // Both list what the index holds: they wait until the workspace has been read once.
    connection.onRequest(FILES_REQUEST, async () => {
      await this.firstIndex;
      return this.checkedFiles();
    });
    connection.onRequest(STATUS_REQUEST, async (params: { uri: string }) => {
      await this.firstIndex;
      return this.status(params.uri);
    });
    connection.onRequest(READS_AS_NGINX_REQUEST, (params: { uri: string }) => this.readsAsNginx(params.uri));
    connection.onRequest(HELM_SCHEMA_REQUEST, (params: { uri: string }) => this.helmSchema(params.uri));
    connection.onRequest<GeneratedProxy | null, void>(GENERATE_PROXY_REQUEST, (params: { uri: string }) => this.generateProxy(params.uri));
    connection.onCodeLens((params) => this.codeLenses(this.uris.toPath(params.textDocument.uri)));
    connection.onRequest<ProbeAnswer | null, void>(PROBE_REQUEST, (params: { uri: string }) => this.probe.probe(this.uris.toPath(params.uri)));
    connection.onHover((params) => this.hover(params.textDocument.uri, params.position));
    connection.onCompletion((params) => this.completion(params.textDocument.uri, params.position));
    connection.onDocumentLinks((params) => includeLinks(this.index?.model().nginx ?? [], this.uris.toPath(params.textDocument.uri), this.uris, this.locale));
    connection.onDefinition((params) => this.proxyPaths.definition(this.uris.toPath(params.textDocument.uri), params.position));
    // A document the user shows in the nginx language is nginx unless its content is another program's.
    this.documents.onDidOpen((event) => this.index?.setNginxLanguage(this.uris.toPath(event.document.uri), isNginxLanguage(event.document.languageId)));
    this.documents.onDidChangeContent((event) => {
      const path = this.uris.toPath(event.document.uri);
      this.fileSystem.setOverlay(path, event.document.getText());
      this.documentChanged(path);
    });
    this.documents.onDidClose((event) => {
      const path = this.uris.toPath(event.document.uri);
      this.index?.setNginxLanguage(path, false);
      this.yaml?.close(event.document.uri);
      this.fileSystem.clearOverlay(path);
      this.documentChanged(path);
    });
    this.documents.listen(connection);
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.locale = toLocale(params.locale);
    const options = (params.initializationOptions ?? {}) as { trusted?: unknown; ruleDocumentationCommand?: unknown; yamlExtension?: unknown };
    this.trusted = options.trusted !== false;
    this.opensRuleDocumentation = options.ruleDocumentationCommand === SHOW_RULE_DOCUMENTATION_COMMAND;
    this.schemaHelp.setYamlExtension(options.yamlExtension === true);
    for (const folder of params.workspaceFolders ?? []) this.uris.addFolder(folder.uri);
    if (!params.workspaceFolders && params.rootUri) this.uris.addFolder(params.rootUri);
    this.canReadConfiguration = params.capabilities.workspace?.configuration === true;
    this.canRefreshCodeLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    this.yaml = new FabEdgeYamlService({ clientCapabilities: params.capabilities, readLocalSchema: (path) => this.readUserSchema(path) });
    this.snippetSupport = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    this.followsFolderChanges = params.capabilities.workspace?.workspaceFolders === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, `${CodeActionKind.Refactor}.fabedge.generateProxy`] },
        codeLensProvider: { resolveProvider: false },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '-'] },
        definitionProvider: true,
        documentLinkProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'fabedge-language-server' },
    };
  }

  private async initialized(): Promise<void> {
    if (this.followsFolderChanges) {
      this.connection.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const removed of event.removed) this.uris.removeFolder(removed.uri);
        for (const added of event.added) this.uris.addFolder(added.uri);
        void this.rebuildIndex();
        // A folder brings its own settings and config file.
        void this.reloadSettings();
      });
    }
    if (this.canReadConfiguration) {
      void this.connection.client.register(DidChangeConfigurationNotification.type, { section: ['fabedge', 'yaml'] });
    }
    await this.reloadSettings();
  }

  /**
   * Reads the settings of every workspace folder (the editor's for that folder, over the folder's
   * config file on disk) and starts afresh when they changed.
   */
  private async reloadSettings(): Promise<void> {
    const generation = ++this.settingsGeneration;
    const folders = this.uris.folderPaths;
    const items = folders.length > 0 ? folders.map((path) => ({ scopeUri: this.uris.toUri(path), section: 'fabedge' })) : [{ section: 'fabedge' }];
    // With Red Hat's YAML extension settings, which yaml-language-server reads too: `yaml.schemas`
    // names schemas for values files, `yaml.validate` says whether that extension reports syntax
    // errors. One request: the check starts once the client has answered it.
    const answer: unknown[] = this.canReadConfiguration ? await this.connection.workspace.getConfiguration([...items, { section: 'yaml' }]) : [];
    if (generation !== this.settingsGeneration) return;
    const raw = answer.slice(0, items.length);
    const yaml = answer[items.length];
    const scoped: EditorFolderSettings[] = folders.length > 0 ? folders.map((path, i) => ({ path, raw: raw[i] })) : [{ path: undefined, raw: raw[0] }];
    const resolved = editorSettings(this.disk, scoped, this.trusted);
    const key = JSON.stringify([resolved, yaml ?? null]);
    if (key === this.settingsKey) return;
    this.settingsKey = key;
    this.schemaHelp.configure(yaml);
    this.settings = resolved;
    void this.rebuildIndex();
  }

  /**
   * Checks once the messages already queued are handled: a burst of keystrokes that arrives
   * together costs one run, and a lone edit is checked at once.
   */
  private scheduleRecheck(): void {
    if (this.recheckPending) return;
    this.recheckPending = true;
    setImmediate(() => {
      this.recheckPending = false;
      this.recheck();
    });
  }

  private lintOptions() {
    const { ruleSettings, folderRuleSettings } = this.settings;
    return { locale: this.locale, ruleSettings, ...(folderRuleSettings ? { folderRuleSettings } : {}) };
  }

  /** Paths to check: the workspace folders, plus open documents that live outside them. */
  private roots(): string[] {
    // The user stopped the reading of the workspace: the open documents alone.
    const folders = this.workspaceDeclined ? [] : this.uris.folderPaths;
    const outside = this.documents
      .all()
      .map((doc) => this.uris.toPath(doc.uri))
      .filter((path) => !folders.some((folder) => isInside(folder, path)));
    return [...folders, ...outside];
  }

  /**
   * Reads and checks the workspace afresh, in slices between the editor's messages, with window
   * progress when that takes longer than a moment. The index in use (if any) keeps answering
   * until the new one is ready; a newer rebuild or the user's cancel stops this one.
   */
  private async rebuildIndex(): Promise<void> {
    const generation = ++this.indexGeneration;
    this.indexing = generation;
    this.changedWhileIndexing.clear();
    const index = new WorkspaceIndex(this.fileSystem, this.roots(), this.settings.settings, this.lintOptions());
    for (const doc of this.documents.all()) if (isNginxLanguage(doc.languageId)) index.setNginxLanguage(this.uris.toPath(doc.uri), true);
    const progress = new IndexingProgress(this.connection, this.locale, this.pace.progressDelayMs);
    /** Lets messages in; false when this rebuild should stop. */
    const carryOn = async (): Promise<boolean> => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (progress.cancelled && generation === this.indexGeneration) this.declineWorkspace();
      return generation === this.indexGeneration;
    };
    try {
      const scan = index.beginScan();
      while (!scan.step(performance.now() + this.pace.sliceMs)) {
        progress.report(scan.progress);
        if (!(await carryOn())) return;
      }
      while (!index.parseStep(performance.now() + this.pace.sliceMs)) {
        progress.report({ phase: 'checking', total: index.files.length });
        if (!(await carryOn())) return;
      }
      // What changed while the files were read, the index hears now.
      for (const [path, change] of this.changedWhileIndexing) {
        const doc = this.documents.get(this.uris.toUri(path));
        index.setNginxLanguage(path, doc !== undefined && isNginxLanguage(doc.languageId));
        if (change === 'deleted') index.fileDeleted(path);
        else index.fileChanged(path);
      }
      this.changedWhileIndexing.clear();
      this.index = index;
      this.recheck();
    } catch (error) {
      this.connection.console.error(`FabEdge could not read the workspace: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    } finally {
      progress.done();
    }
    this.indexing = undefined;
    this.markIndexed();
  }

  /** The user cancelled the reading of the workspace: only the open documents are checked until a restart. */
  private declineWorkspace(): void {
    this.workspaceDeclined = true;
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: localize(WORKSPACE_DECLINED, this.locale) });
    void this.rebuildIndex();
  }

  /** Tells the index in use, and the one being built, that a file changed or went. */
  private tellIndex(path: string, change: 'changed' | 'deleted'): void {
    if (change === 'deleted') this.index?.fileDeleted(path);
    else this.index?.fileChanged(path);
    if (this.indexing !== undefined) this.changedWhileIndexing.set(path, change);
  }

  /** Whether the checks read a file as nginx; a file the index has not heard of yet is classified first. */
  private async readsAsNginx(uri: string): Promise<boolean> {
    await this.firstIndex;
    const path = this.uris.toPath(uri);
    if (!this.index?.covers(path)) return false;
    if (!this.index.readsAsNginx(path) && !this.documents.get(uri)) {
      this.index.fileChanged(path);
      this.scheduleRecheck();
    }
    return this.index.readsAsNginx(path);
  }

  /** Writes to the output channel the includes the checks did not follow, each once. */
  private tellNotices(): void {
    if (!this.index) return;
    for (const notice of this.index.notices()) {
      const line = `${notice.file}:${notice.line}: ${notice.message}`;
      if (this.toldNotices.has(line)) continue;
      this.toldNotices.add(line);
      this.connection.console.info(line);
    }
  }

  private documentChanged(path: string): void {
    // A document outside every folder joins (or, closed, leaves) the checked paths.
    const roots = this.roots();
    if (this.index && this.index.covers(path) !== roots.some((root) => isInside(root, path))) {
      void this.rebuildIndex();
      return;
    }
    this.tellIndex(path, 'changed');
    this.scheduleRecheck();
  }

  private recheck(): void {
    if (!this.index) return;
    let findings: ReadonlyMap<string, readonly Finding[]>;
    try {
      findings = this.index.lintByFile();
    } catch (error) {
      this.connection.console.error(`FabEdge check failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return;
    }
    this.publish(findings);
    this.tellNotices();
    this.idleCollection?.workDone();
  }

  /**
   * Sends diagnostics only for files whose findings changed since the last publish: the index
   * hands back the same array for a file whose findings did not change.
   */
  private publish(byFile: ReadonlyMap<string, readonly Finding[]>): void {
    this.checkedByFile = byFile;
    const shownByFile = this.schemaHelp.shown(byFile);
    for (const [file, shown] of shownByFile) {
      if (this.findingsByFile.get(file) === shown) continue;
      const uri = this.uris.toUri(file);
      void this.connection.sendDiagnostics({ uri, diagnostics: shown.map((f) => toDiagnostic(f, this.uris, (rule) => this.docsLink(rule))) });
    }
    for (const file of this.findingsByFile.keys()) {
      if (!byFile.has(file)) void this.connection.sendDiagnostics({ uri: this.uris.toUri(file), diagnostics: [] });
    }
    this.findingsByFile = shownByFile;
  }

  /** The rule's page shipped with the server, in the display language: no network needed to read it. */
  private docsLink(rule: string): string | undefined {
    if (!this.docsLinks.has(rule)) {
      const page = rulePage(PACKAGE_ROOT, rule, this.locale);
      this.docsLinks.set(rule, page === undefined ? undefined : pathToFileURL(page).href);
    }
    return this.docsLinks.get(rule);
  }

  private codeActions(params: CodeActionParams): CodeAction[] {
    const path = this.uris.toPath(params.textDocument.uri);
    const findings = this.findingsByFile.get(path) ?? [];
    const only = params.context.only;
    if (only?.some((kind) => FIX_ALL_KIND.startsWith(kind) && kind.startsWith(CodeActionKind.Source))) {
      const edits = combineFixes(findings, (fix) => fix.safe);
      return edits.length > 0 ? [editAction(localize(FIX_ALL_TITLE, this.locale), FIX_ALL_KIND, edits, this.uris)] : [];
    }
    const actions: CodeAction[] = [];
    const generate = this.generateProxyAction(params.textDocument.uri, params.range, params.context.diagnostics);
    for (const diagnostic of params.context.diagnostics) {
      const finding = findings.find((f) => sameFinding(diagnostic, f));
      if (!finding) continue;
      for (const fix of finding.fixes) actions.push(toCodeAction(fix, diagnostic, this.uris));
      const sameRule = findings.filter((f) => f.rule === finding.rule && f.fixes.length > 0);
      if (sameRule.length > 1) {
        const edits = combineFixes(sameRule, () => true);
        actions.push(editAction(localize(FIX_RULE_TITLE, this.locale, { rule: finding.rule }), CodeActionKind.QuickFix, edits, this.uris));
      }
      const text = this.readText(path);
      if (text !== undefined) {
        const edit = suppressionEdit(path, text, finding.range.start.line, finding.rule);
        actions.push(editAction(localize(DISABLE_LINE_TITLE, this.locale, { rule: finding.rule }), CodeActionKind.QuickFix, [edit], this.uris, diagnostic));
      }
    }
    if (generate) actions.push(generate);
    if (this.opensRuleDocumentation) {
      const rules = new Set(params.context.diagnostics.filter((d) => findings.some((f) => sameFinding(d, f)) && this.docsLink(String(d.code))).map((d) => String(d.code)));
      for (const rule of rules) {
        const title = localize(SHOW_DOCUMENTATION_TITLE, this.locale, { rule });
        actions.push({ title, kind: CodeActionKind.QuickFix, command: { title, command: SHOW_RULE_DOCUMENTATION_COMMAND, arguments: [rule] } });
      }
    }
    return actions;
  }

  /** The path the edges take, and beside it the probe (trusted workspaces only). */
  private codeLenses(file: string) {
    const lenses = this.proxyPaths.codeLenses(file);
    return [...lenses, ...this.probe.codeLenses(file, lenses[0]?.range)];
  }

  /** The values document behind an open editor, when the file is a FabEdge values file. */
  private valuesDocument(uri: string) {
    const path = this.uris.toPath(uri);
    return this.index?.model().values.find((doc) => doc.file === path);
  }

  /** Keys and values from the layout's schema, and the values snippets at the left margin. */
  private async completion(uri: string, position: Position): Promise<CompletionList | null> {
    const document = this.documents.get(uri);
    if (document && this.yaml && isConfigFile(this.uris.toPath(uri))) return this.yaml.configCompletion(document, position, this.locale);
    const values = this.valuesDocument(uri);
    if (!document || !values) return null;
    const served = this.schemaHelp.served(uri, values.layout.id, 'completion');
    const schema = this.yaml && served ? await this.yaml.completion(document, position, served, this.locale) : undefined;
    const snippets = valuesSnippetItems(document, position, this.locale, this.snippetSupport);
    return { isIncomplete: schema?.isIncomplete ?? false, items: [...(schema?.items ?? []), ...snippets] };
  }

  /** Our path through nginx on the addresses; elsewhere in a values file, the key's description from the schema. */
  private async hover(uri: string, position: Position): Promise<Hover | null> {
    const proxyHover = this.proxyPaths.hover(this.uris.toPath(uri), position);
    const document = this.documents.get(uri);
    if (document && this.yaml && isConfigFile(this.uris.toPath(uri))) return this.yaml.configHover(document, position, this.locale);
    const values = this.valuesDocument(uri);
    const served = values ? this.schemaHelp.served(uri, values.layout.id, 'hover') : undefined;
    const schemaHover = document && served && this.yaml ? await this.yaml.hover(document, position, served, this.locale) : null;
    if (!proxyHover || !schemaHover) return proxyHover ?? schemaHover;
    const text = (hover: Hover) => (MarkupContent.is(hover.contents) ? hover.contents.value : '');
    return { contents: { kind: MarkupKind.Markdown, value: `${text(proxyHover)}\n\n---\n\n${text(schemaHover)}` }, ...(proxyHover.range ? { range: proxyHover.range } : {}) };
  }

  private generateProxy(uri: string): GeneratedProxy | null {
    const values = this.valuesDocument(uri);
    const model = this.index?.model();
    if (!values || !model) return null;
    const generated = generateProxy(model, values);
    switch (generated.kind) {
      case 'edits':
        return { kind: 'edits', uri: this.uris.toUri(generated.file), edits: generated.edits.map((e) => ({ range: e.range, newText: e.newText })) };
      case 'new-file':
        return { kind: 'new-file', uri: this.uris.toUri(generated.path), text: generated.text };
      case 'snippet':
        return generated.target.kind === 'stream'
          ? { kind: 'snippet', snippet: generated.snippet, uri: this.uris.toUri(generated.target.file), position: generated.target.position }
          : { kind: 'snippet', snippet: generated.snippet, uri: this.uris.toUri(generated.target.path), newFile: true };
    }
  }

  /** The generate-proxy action on connectorPublicAddresses, or beside the findings it resolves. */
  private generateProxyAction(uri: string, range: Range, diagnostics: readonly Diagnostic[]): CodeAction | undefined {
    const values = this.valuesDocument(uri);
    if (!values) return undefined;
    const field = values.values.publicAddresses;
    const spans = [field.keyRange, ...field.entries.map((e) => e.range)].filter((r): r is Range => r !== undefined);
    const onAddresses = spans.some((span) => span.start.line <= range.end.line && range.start.line <= span.end.line);
    const resolves = diagnostics.some((d) => d.code === 'public-address-not-proxied' || d.code === 'public-port-not-proxied');
    // A proxy that already serves this values file would only be duplicated.
    const model = this.index?.model();
    const served = model ? (proxyIndex(model).paths.find((p) => p.doc.file === values.file)?.hops.length ?? 0) > 0 : false;
    if (served || (!onAddresses && !resolves)) return undefined;
    const title = localize(GENERATE_PROXY_TITLE, this.locale);
    return { title, kind: `${CodeActionKind.Refactor}.fabedge.generateProxy`, command: { title, command: GENERATE_PROXY_COMMAND, arguments: [uri] } };
  }

  /** A schema file a user named; an untrusted workspace never makes us read outside it (as with includes). */
  private readUserSchema(path: string): string | undefined {
    if (!this.trusted && !this.uris.folderPaths.some((folder) => isInside(folder, path))) return undefined;
    try {
      const read = readFileUpTo(this.fileSystem, path, this.settings.settings.maxFileSize);
      return 'text' in read ? read.text : undefined;
    } catch {
      return undefined;
    }
  }

  private helmSchema(uri: string): HelmSchema | null {
    const values = this.valuesDocument(uri);
    if (!values) return null;
    const layout = values.layout.id;
    const charts = fabedgeChartFolders(this.fileSystem, values.file, this.uris.folderPaths, this.settings.settings)
      .map((folder) => ({ uri: this.uris.toUri(folder), existing: existingSchema(this.fileSystem, folder, layout) }));
    const [modeline] = modelines(this.documents.get(uri)?.getText() ?? values.text);
    return { layout, text: helmValuesSchemaText(layout), charts, ...(modeline ? { modelineLine: modeline.line } : {}) };
  }

  private readText(path: string): string | undefined {
    try {
      return this.fileSystem.readFile(path);
    } catch {
      return undefined;
    }
  }

  private checkedFiles(): CheckedFile[] {
    if (!this.index) return [];
    const values = new Map(this.index.model().values.map((doc) => [doc.file, doc]));
    return this.index.files.map((f) => {
      const doc = values.get(f.path);
      const field = doc?.values.publicAddresses;
      const at = field?.keyRange ?? field?.entries[0]?.range;
      return { uri: this.uris.toUri(f.path), kind: f.kind, ...(doc ? { layout: doc.layout.id } : {}), ...(at ? { publicAddresses: at } : {}) };
    });
  }

  private status(uri: string): StatusReport {
    const path = this.uris.toPath(uri);
    const files = this.index?.files ?? [];
    const kind = files.find((f) => f.path === path)?.kind;
    const doc = kind === 'values' ? this.index?.model().values.find((d) => d.file === path) : undefined;
    const schema = doc ? this.schemaHelp.status(uri) : undefined;
    return {
      ...(kind ? { kind } : {}),
      ...(doc ? { layout: doc.layout.id } : {}),
      ...(schema ? { schema } : {}),
      related: kind === 'values' ? this.proxyPaths.nginxFilesFor(path) : this.proxyPaths.valuesFilesFor(path),
      values: files.filter((f) => f.kind === 'values').length,
      nginx: files.filter((f) => f.kind !== 'values').length,
    };
  }

  listen(): void {
    this.connection.listen();
  }
}
