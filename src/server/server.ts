import type { Connection, InitializeParams, InitializeResult } from 'vscode-languageserver';
import { CodeActionKind, CodeLensRefreshRequest, DidChangeConfigurationNotification, TextDocumentSyncKind, TextDocuments } from './lsp/values';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { toLocale, type Locale } from '../core/l10n';
import { isInside } from '../core/paths';
import { NodeFileSystem, OverlayFileSystem } from '../core/io/nodeFileSystem';
import { readFileUpTo } from '../core/io/fileSystem';
import { DEFAULT_SETTINGS } from '../core/io/settings';
import type { ResolvedSettings } from '../core/config/settings';
import { isConfigFile } from '../core/config/configFile';
import {
  DOCUMENT_DELETED_NOTIFICATION,
  FILES_REQUEST,
  GENERATE_PROXY_REQUEST,
  HELM_SCHEMA_REQUEST,
  PROBE_REQUEST,
  READS_AS_NGINX_REQUEST,
  SERVER_INFO_REQUEST,
  SHOW_RULE_DOCUMENTATION_COMMAND,
  STATUS_REQUEST,
  YAML_EXTENSION_NOTIFICATION,
  type InitializationOptions,
} from '../shared/protocol';
import { UriMapper } from './lsp/uris';
import { editorSettings, type EditorFolderSettings } from './settings';
import type { IdleCollection } from './idleCollection';
import { FabEdgeYamlService } from './yamlLanguageService';
import { CodeActions, FIX_ALL_KIND } from './features/codeActions';
import { DiagnosticsPublisher } from './features/diagnostics';
import { FileQueries } from './features/fileQueries';
import { GENERATE_PROXY_KIND, GenerateProxyFeature } from './features/generateProxy';
import { HoverAndCompletion } from './features/hoverAndCompletion';
import { includeLinks } from './features/includeLinks';
import { ProbeFeature } from './features/probe';
import { ProxyPathFeatures } from './features/proxyPaths';
import { RulePages } from './features/rulePages';
import { SchemaHelp } from './features/schemaHelp';
import { DEFAULT_PACE, WorkspaceIndexing, type IndexingPace } from './features/workspaceIndexing';

/** The initialization options as another editor may send them: anything, or nothing. */
type ReceivedOptions = { [K in keyof InitializationOptions]?: unknown };

/**
 * The language server: creates the features (src/server/features/, one per editor feature),
 * registers them as the handlers of LSP and of the FabEdge messages (src/shared/protocol.ts), and
 * keeps what they share: the open documents over the disk, the workspace folders, the display
 * language, the workspace trust and the settings.
 */
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
  private canReadConfiguration = false;
  private followsFolderChanges = false;
  private canRefreshCodeLenses = false;
  private snippetSupport = false;
  private yaml: FabEdgeYamlService | undefined;

  private readonly indexing: WorkspaceIndexing;
  private readonly diagnostics: DiagnosticsPublisher;
  private readonly schemaHelp: SchemaHelp;
  private readonly proxyPaths: ProxyPathFeatures;
  private readonly probe: ProbeFeature;

  constructor(
    private readonly connection: Connection,
    idleCollection?: IdleCollection,
    /** Tests make slices of one file and show the progress at once. */
    pace: IndexingPace = DEFAULT_PACE,
  ) {
    const { documents, uris } = this;
    const locale = () => this.locale;
    const model = () => this.indexing.current?.model();
    const rulePages = new RulePages(locale);
    this.schemaHelp = new SchemaHelp({
      uris,
      documents: () => documents.all(),
      readText: (uri) => documents.get(uri)?.getText() ?? this.readText(uris.toPath(uri)),
      readUserSchema: (path) => this.readUserSchema(path),
    });
    this.diagnostics = new DiagnosticsPublisher({
      uris,
      shown: (byFile) => this.schemaHelp.shown(byFile),
      docsLink: (rule) => rulePages.link(rule),
      send: (params) => void connection.sendDiagnostics(params),
    });
    this.indexing = new WorkspaceIndexing({
      connection,
      fileSystem: this.fileSystem,
      documents,
      uris,
      locale,
      settings: () => this.settings,
      pace,
      publish: (byFile) => this.diagnostics.publish(byFile),
      checked: () => idleCollection?.workDone(),
    });
    this.proxyPaths = new ProxyPathFeatures(uris, model, locale);
    this.probe = new ProbeFeature(uris, model, locale, () => this.trusted, () => {
      if (this.canRefreshCodeLenses) void connection.sendRequest(CodeLensRefreshRequest.type);
    });
    const generate = new GenerateProxyFeature(uris, model, locale);
    const codeActions = new CodeActions({
      uris,
      locale,
      findingsIn: (path) => this.diagnostics.shownIn(path),
      readText: (path) => this.readText(path),
      hasPage: (rule) => rulePages.link(rule) !== undefined,
      opensRuleDocumentation: () => this.opensRuleDocumentation,
      refactorings: (uri, range, diagnostics) => generate.actions(uri, range, diagnostics),
    });
    const help = new HoverAndCompletion({
      documents,
      uris,
      locale,
      yaml: () => this.yaml,
      snippetSupport: () => this.snippetSupport,
      valuesLayout: (path) => this.indexing.valuesDocument(path)?.layout.id,
      schemaHelp: this.schemaHelp,
      proxyPaths: this.proxyPaths,
    });
    const queries = new FileQueries({
      indexing: this.indexing,
      documents,
      uris,
      fileSystem: this.fileSystem,
      settings: () => this.settings,
      schemaHelp: this.schemaHelp,
      proxyPaths: this.proxyPaths,
    });

    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() => void this.initialized());
    connection.onDidChangeConfiguration(() => void this.reloadSettings());
    connection.onDidChangeWatchedFiles((params) => {
      // A config file counts as saved: its settings apply once they are on disk, as VS Code's do.
      if (params.changes.some((change) => isConfigFile(uris.toPath(change.uri)))) void this.reloadSettings();
      this.indexing.diskChanged(params.changes);
    });
    connection.onCodeAction((params) => codeActions.actions(params));
    connection.onCodeLens((params) => this.codeLenses(uris.toPath(params.textDocument.uri)));
    connection.onHover((params) => help.hover(params.textDocument.uri, params.position));
    connection.onCompletion((params) => help.completion(params.textDocument.uri, params.position));
    connection.onDocumentLinks((params) => includeLinks(this.indexing.current?.model().nginx ?? [], uris.toPath(params.textDocument.uri), uris, this.locale));
    connection.onDefinition((params) => this.proxyPaths.definition(uris.toPath(params.textDocument.uri), params.position));

    connection.onNotification(DOCUMENT_DELETED_NOTIFICATION, (params) => this.indexing.documentDeleted(uris.toPath(params.uri)));
    connection.onNotification(YAML_EXTENSION_NOTIFICATION, (params) => {
      this.schemaHelp.setYamlExtension(params.present === true);
      this.diagnostics.republish();
    });
    connection.onRequest(SERVER_INFO_REQUEST, () => ({ pid: process.pid }));
    connection.onRequest(FILES_REQUEST, () => queries.files());
    connection.onRequest(STATUS_REQUEST, (params) => queries.status(params.uri));
    connection.onRequest(READS_AS_NGINX_REQUEST, (params) => queries.readsAsNginx(params.uri));
    connection.onRequest(HELM_SCHEMA_REQUEST, (params) => queries.helmSchema(params.uri));
    connection.onRequest(GENERATE_PROXY_REQUEST, (params) => generate.generate(params.uri));
    connection.onRequest(PROBE_REQUEST, (params) => this.probe.probe(uris.toPath(params.uri)));

    documents.onDidOpen((event) => this.indexing.setNginxLanguage(uris.toPath(event.document.uri), event.document.languageId));
    documents.onDidChangeContent((event) => {
      const path = uris.toPath(event.document.uri);
      this.fileSystem.setOverlay(path, event.document.getText());
      this.indexing.documentChanged(path);
    });
    documents.onDidClose((event) => {
      const path = uris.toPath(event.document.uri);
      this.indexing.setNginxLanguage(path, undefined);
      this.yaml?.close(event.document.uri);
      this.fileSystem.clearOverlay(path);
      this.indexing.documentChanged(path);
    });
    documents.listen(connection);
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.locale = toLocale(params.locale);
    const options: ReceivedOptions = params.initializationOptions ?? {};
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
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, GENERATE_PROXY_KIND] },
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
        void this.indexing.rebuild();
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
    void this.indexing.rebuild();
  }

  /** The path the edges take, and beside it the probe (trusted workspaces only). */
  private codeLenses(file: string) {
    const lenses = this.proxyPaths.codeLenses(file);
    return [...lenses, ...this.probe.codeLenses(file, lenses[0]?.range)];
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

  private readText(path: string): string | undefined {
    try {
      return this.fileSystem.readFile(path);
    } catch {
      return undefined;
    }
  }

  listen(): void {
    this.connection.listen();
  }
}
