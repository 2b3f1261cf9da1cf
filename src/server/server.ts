import {
  CodeActionKind,
  CodeLensRefreshRequest,
  MarkupContent,
  MarkupKind,
  FileChangeType,
  DidChangeConfigurationNotification,
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
import { WorkspaceIndex } from '../core/workspace/index';
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
import { helmValuesSchemaText } from '../core/values/schemas';
import { generateProxy } from '../core/cross/generate';
import { proxyIndex } from '../core/cross/proxies';

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
  /** The findings the index last gave, by file, and those last published (without what the YAML extension shows). */
  private checkedByFile: ReadonlyMap<string, readonly Finding[]> = new Map();
  private findingsByFile: ReadonlyMap<string, readonly Finding[]> = new Map();
  private recheckPending = false;
  /** Notices already written to the output channel: each is told once. */
  private readonly toldNotices = new Set<string>();
  /** Settles once the first index is built: requests that need it wait. */
  private indexBuilt!: () => void;
  private readonly indexReady = new Promise<void>((resolve) => (this.indexBuilt = resolve));

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
        if (change.type === FileChangeType.Deleted) this.index?.fileDeleted(path);
        else this.index?.fileChanged(path);
      }
      this.scheduleRecheck();
    });
    connection.onCodeAction((params) => this.codeActions(params));
    connection.onNotification(DOCUMENT_DELETED_NOTIFICATION, (params: { uri: string }) => {
      const path = this.uris.toPath(params.uri);
      this.fileSystem.clearOverlay(path);
      this.index?.fileDeleted(path);
      this.scheduleRecheck();
    });
    connection.onNotification(YAML_EXTENSION_NOTIFICATION, (params: { present?: unknown }) => {
      this.schemaHelp.setYamlExtension(params.present === true);
      this.publish(this.checkedByFile);
    });
    connection.onRequest(SERVER_INFO_REQUEST, () => ({ pid: process.pid }));
    connection.onRequest(FILES_REQUEST, () => this.checkedFiles());
    connection.onRequest(READS_AS_NGINX_REQUEST, (params: { uri: string }) => this.readsAsNginx(params.uri));
    connection.onRequest(STATUS_REQUEST, (params: { uri: string }) => this.status(params.uri));
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
        this.index?.setRoots(this.roots());
        this.scheduleRecheck();
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
    this.rebuildIndex();
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
    const folders = this.uris.folderPaths;
    const outside = this.documents
      .all()
      .map((doc) => this.uris.toPath(doc.uri))
      .filter((path) => !folders.some((folder) => isInside(folder, path)));
    return [...folders, ...outside];
  }

  private rebuildIndex(): void {
    this.index = new WorkspaceIndex(this.fileSystem, this.roots(), this.settings.settings, this.lintOptions());
    for (const doc of this.documents.all()) if (isNginxLanguage(doc.languageId)) this.index.setNginxLanguage(this.uris.toPath(doc.uri), true);
    this.index.scan();
    this.recheck();
    this.indexBuilt();
  }

  /** Whether the checks read a file as nginx; a file the index has not heard of yet is classified first. */
  private async readsAsNginx(uri: string): Promise<boolean> {
    await this.indexReady;
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
    if (!this.index) return;
    // A document outside every folder joins (or, closed, leaves) the checked paths.
    const roots = this.roots();
    if (this.index.covers(path) !== roots.some((root) => isInside(root, path))) this.index.setRoots(roots);
    else this.index.fileChanged(path);
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
