import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerStatus, type LanguageStatusText } from './status';
import { registerWalkthroughCommands } from './walkthrough';
import { explicitSettings } from './configuration';
import { linkToRulePages, registerRuleDocumentation } from './ruleDocumentation';
import { DOCUMENT_SELECTOR } from './languages';
import {
  DOCUMENT_DELETED_NOTIFICATION,
  GENERATE_PROXY_COMMAND,
  GENERATE_PROXY_REQUEST,
  HELM_SCHEMA_REQUEST,
  PROBE_COMMAND,
  PROBE_REQUEST,
  READS_AS_NGINX_REQUEST,
  SHOW_LOCATIONS_COMMAND,
  SHOW_RULE_DOCUMENTATION_COMMAND,
  YAML_EXTENSION_NOTIFICATION,
  type HelmSchema,
  type InitializationOptions,
  type ProbeAnswer,
  type ShowLocationsArguments,
} from '../shared/protocol';

/** What the extension exports, for tests and other extensions. */
export interface FabEdgeApi {
  /** Milliseconds `activate` took: it registers the commands and the client, and never waits for the server. */
  activationMs: number;
  /**
   * Settles once the language server answered `initialize` (rejects when it could not start).
   * Requests sent before then wait for it; the server answers the FabEdge requests once it has
   * checked the workspace.
   */
  ready: Promise<void>;
  /** Milliseconds from the start of `activate` until `ready` settled; undefined before. */
  readyMs: () => number | undefined;
  client: LanguageClient;
  /** What FabEdge's language status items show now. */
  languageStatus: () => LanguageStatusText[];
}

let client: LanguageClient | undefined;

/**
 * Red Hat's YAML extension. Installed and enabled, it activates on every YAML document and runs
 * yaml-language-server on it: the server then leaves to it what it would show twice.
 */
const YAML_EXTENSION_ID = 'redhat.vscode-yaml';
const yamlExtensionPresent = () => vscode.extensions.getExtension(YAML_EXTENSION_ID) !== undefined;

export function activate(context: vscode.ExtensionContext): FabEdgeApi {
  const started = performance.now();
  const serverModule = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  // Node >= 22.1 keeps the code it compiled for the server's bundles here and starts the next server
  // from it (80-100 ms sooner on this project's benchmark); older Nodes ignore the variable.
  const compileCache = vscode.Uri.joinPath(context.globalStorageUri, 'compile-cache').fsPath;
  const env = { ...process.env, NODE_COMPILE_CACHE: compileCache };
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const output = vscode.window.createOutputChannel('FabEdge', { log: true });
  const watcher = vscode.workspace.createFileSystemWatcher('**/{*.yaml,*.yml,*.conf,*.nginx,sites-available/*,sites-enabled/*}');
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    // `yaml`: Red Hat's YAML extension settings (yaml.schemas, yaml.validate), which the server honours too.
    synchronize: { configurationSection: ['fabedge', 'yaml'], fileEvents: watcher },
    // Read at each start: a restart after trust is granted or an extension change sees the new state.
    initializationOptions: (): InitializationOptions => ({
      trusted: vscode.workspace.isTrusted,
      yamlExtension: yamlExtensionPresent(),
      ruleDocumentationCommand: SHOW_RULE_DOCUMENTATION_COMMAND,
    }),
    outputChannel: output,
    middleware: {
      workspace: { configuration: explicitSettings(context.extension.packageJSON, () => client) },
      handleDiagnostics: (uri, diagnostics, next) => {
        linkToRulePages(diagnostics);
        next(uri, diagnostics);
      },
    },
  };
  client = new LanguageClient('fabedge', 'FabEdge', serverOptions, clientOptions);

  context.subscriptions.push(
    watcher,
    // An editor still shows a deleted file; unless it has unsaved changes, check as if it were gone.
    watcher.onDidDelete((uri) => {
      const open = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString());
      if (open && !open.isDirty) void client?.sendNotification(DOCUMENT_DELETED_NOTIFICATION, { uri: client.code2ProtocolConverter.asUri(uri) });
    }),
    output,
    vscode.commands.registerCommand('fabedge.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('fabedge.showOutput', () => output.show()),
    vscode.commands.registerCommand('fabedge.exportValuesSchema', () => exportValuesSchema()),
    vscode.commands.registerCommand(GENERATE_PROXY_COMMAND, (uri?: string) => generateProxy(uri)),
    vscode.commands.registerCommand(PROBE_COMMAND, (uri?: string) => probe(uri)),
    // The CodeLens above connectorPublicAddresses jumps to the nginx listens that serve it.
    vscode.commands.registerCommand(SHOW_LOCATIONS_COMMAND, (...[uri, position, locations]: ShowLocationsArguments) =>
      vscode.commands.executeCommand(
        'editor.action.showReferences',
        vscode.Uri.parse(uri),
        new vscode.Position(position.line, position.character),
        locations.map((l) => new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(l.range.start.line, l.range.start.character, l.range.end.line, l.range.end.character))),
      ),
    ),
    // Trust changes what the server may read (includes outside the workspace): start it afresh.
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      await client?.restart();
    }),
    vscode.extensions.onDidChange(() => {
      if (client?.isRunning()) void client.sendNotification(YAML_EXTENSION_NOTIFICATION, { present: yamlExtensionPresent() });
    }),
  );
  // The server starts in the background: VS Code counts activation until this function returns,
  // and requests sent meanwhile wait for the start.
  let readyMs: number | undefined;
  const ready = client.start().finally(() => {
    readyMs = performance.now() - started;
  });
  // The client reports a failed start in its output and with a message of its own.
  ready.catch(() => undefined);
  registerWalkthroughCommands(context, () => client, () => ready);
  registerRuleDocumentation(context);
  const languageStatus = registerStatus(context, client);
  registerNginxLanguage(context);
  return { activationMs: performance.now() - started, ready, readyMs: () => readyMs, client, languageStatus };
}

/** The languages VS Code gives `.conf` and extension-less files on its own: no choice of the user's. */
const DEFAULT_LANGUAGES = new Set(['plaintext', 'properties']);
/** Names the server decides by content: `.conf` files, and Debian's vhost files. */
const DECIDED_BY_CONTENT = /\.conf$|\/sites-(available|enabled)\/[^/]+$/;

/**
 * conf.d/ and sites-available/ hold Apache, php-fpm and supervisor files as well as nginx ones, so
 * no file pattern gives them the nginx language: the server reads each one opened and the client
 * sets the nginx language where it says nginx, once per document, unless the user chose a language.
 */
function registerNginxLanguage(context: vscode.ExtensionContext): void {
  const adopted = new Set<string>();
  const adopt = async (doc: vscode.TextDocument) => {
    const key = doc.uri.toString();
    if (!client || doc.uri.scheme !== 'file' || adopted.has(key) || !DEFAULT_LANGUAGES.has(doc.languageId) || !DECIDED_BY_CONTENT.test(doc.uri.path)) return;
    const nginx = await client.sendRequest(READS_AS_NGINX_REQUEST, { uri: client.code2ProtocolConverter.asUri(doc.uri) });
    if (!nginx || adopted.has(key) || doc.isClosed || !DEFAULT_LANGUAGES.has(doc.languageId)) return;
    adopted.add(key);
    await vscode.languages.setTextDocumentLanguage(doc, 'nginx');
  };
  const adoptQuietly = (doc: vscode.TextDocument) => void adopt(doc).catch(() => undefined);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(adoptQuietly), vscode.workspace.onDidSaveTextDocument(adoptQuietly));
  for (const doc of vscode.workspace.textDocuments) adoptQuietly(doc);
}

/**
 * Writes values.schema.json into the folder of the values file's FabEdge chart, the only place
 * Helm reads it from (install, upgrade, template and lint then check the values against it).
 * Without such a chart in the workspace, says why Helm would not use it and offers the schema to
 * YAML editors instead: fabedge-values.schema.json beside the values file, named in a modeline.
 */
async function exportValuesSchema(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor) return;
  const document = editor.document;
  const answer = await client.sendRequest(HELM_SCHEMA_REQUEST, { uri: client.code2ProtocolConverter.asUri(document.uri) });
  if (!answer) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The active file is not a FabEdge values file.'));
    return;
  }
  if (answer.charts.length === 0) {
    await offerSchemaModeline(document, answer);
    return;
  }
  const chart = answer.charts.length === 1 ? answer.charts[0] : await pickChart(answer.charts);
  if (!chart) return;
  const target = vscode.Uri.joinPath(vscode.Uri.parse(chart.uri), 'values.schema.json');
  const name = vscode.workspace.asRelativePath(target);
  if (chart.existing === 'same') {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} is already the schema of the {1} layout.', name, answer.layout));
    return;
  }
  if (chart.existing === 'other') {
    const replace = vscode.l10n.t('Replace');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('{0} exists and is not a FabEdge values schema. Replace it?', name), { modal: true }, replace);
    if (choice !== replace) return;
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(answer.text));
  void vscode.window.showInformationMessage(vscode.l10n.t('Wrote {0} for the {1} layout: Helm checks the values against it on install, upgrade, template and lint.', name, answer.layout));
}

async function pickChart(charts: HelmSchema['charts']): Promise<HelmSchema['charts'][number] | undefined> {
  const picked = await vscode.window.showQuickPick(
    charts.map((chart) => ({ label: vscode.workspace.asRelativePath(vscode.Uri.parse(chart.uri)), chart })),
    { placeHolder: vscode.l10n.t('Which FabEdge chart is this values file for?') },
  );
  return picked?.chart;
}

const SCHEMA_FOR_EDITORS = 'fabedge-values.schema.json';

async function offerSchemaModeline(document: vscode.TextDocument, answer: HelmSchema): Promise<void> {
  const add = vscode.l10n.t('Add a modeline');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('This workspace has no FabEdge chart (a Chart.yaml named fabedge): Helm reads values.schema.json only from the chart folder, so it would not check these values against it. YAML editors can use the schema through a modeline: write {0} beside the values file and name it in a "# yaml-language-server: $schema=" line?', SCHEMA_FOR_EDITORS),
    add,
  );
  if (choice !== add) return;
  await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(document.uri, '..', SCHEMA_FOR_EDITORS), new TextEncoder().encode(answer.text));
  const modeline = `# yaml-language-server: $schema=./${SCHEMA_FOR_EDITORS}`;
  const edit = new vscode.WorkspaceEdit();
  // A modeline the file has names another schema: this one replaces it.
  if (answer.modelineLine !== undefined) edit.replace(document.uri, document.lineAt(answer.modelineLine).range, modeline);
  else edit.insert(document.uri, new vscode.Position(0, 0), `${modeline}\n`);
  await vscode.workspace.applyEdit(edit);
}

/**
 * Writes the nginx stream block for a values file (the active editor's, or the code action's):
 * into the workspace's `stream {}`, or a new fabedge-connector.stream.conf beside the values file;
 * as a snippet with tab stops when the values file names no connector address.
 */
async function generateProxy(valuesUri?: string): Promise<void> {
  const target = valuesUri ?? (vscode.window.activeTextEditor ? client?.code2ProtocolConverter.asUri(vscode.window.activeTextEditor.document.uri) : undefined);
  if (!client || !target) return;
  const generated = await client.sendRequest(GENERATE_PROXY_REQUEST, { uri: target });
  if (!generated) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The active file is not a FabEdge values file.'));
    return;
  }
  const uri = client.protocol2CodeConverter.asUri(generated.uri);
  const edit = new vscode.WorkspaceEdit();
  if (generated.kind === 'edits') {
    for (const e of generated.edits) edit.replace(uri, client.protocol2CodeConverter.asRange(e.range), e.newText);
  } else if (generated.kind === 'new-file') {
    edit.createFile(uri, { overwrite: false, ignoreIfExists: true });
    edit.insert(uri, new vscode.Position(0, 0), generated.text);
  } else if (generated.newFile) {
    edit.createFile(uri, { overwrite: false, ignoreIfExists: true });
  }
  if (edit.size > 0 && !(await vscode.workspace.applyEdit(edit))) return;
  const editor = await vscode.window.showTextDocument(uri);
  if (generated.kind === 'snippet') {
    const at = generated.position ? client.protocol2CodeConverter.asPosition(generated.position) : new vscode.Position(0, 0);
    await editor.insertSnippet(new vscode.SnippetString(generated.snippet), at);
  } else if (generated.kind === 'edits' && generated.edits[0]) {
    editor.revealRange(client.protocol2CodeConverter.asRange(generated.edits[0].range), vscode.TextEditorRevealType.InCenter);
  }
}

/**
 * Sends the IKE_SA_INIT probe to the address the edges of a values file dial (the CodeLens's, or
 * the active editor's). Only in a trusted workspace: the server refuses otherwise too. The result
 * replaces the CodeLens text above connectorPublicAddresses; the full report goes to the output.
 */
async function probe(valuesUri?: string): Promise<ProbeAnswer | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Probing sends UDP packets to the address in the values file: trust this workspace first.'));
    return undefined;
  }
  const target = valuesUri ?? (vscode.window.activeTextEditor ? client?.code2ProtocolConverter.asUri(vscode.window.activeTextEditor.document.uri) : undefined);
  if (!client || !target) return undefined;
  const current = client;
  const answer = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Probing the path to the FabEdge connector…') }, () =>
    current.sendRequest(PROBE_REQUEST, { uri: target }),
  );
  if (!answer) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The active file is not a FabEdge values file.'));
    return undefined;
  }
  if ('problem' in answer) void vscode.window.showWarningMessage(answer.problem);
  else current.outputChannel.appendLine(answer.text.trimEnd());
  return answer;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
