import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerStatus } from './status';
import { registerWalkthroughCommands } from './walkthrough';
import { DOCUMENT_DELETED_NOTIFICATION, GENERATE_PROXY_COMMAND, GENERATE_PROXY_REQUEST, HELM_SCHEMA_REQUEST, READS_AS_NGINX_REQUEST, type GeneratedProxy, type HelmSchema } from '../server/protocol';

/** What the extension exports, for tests and other extensions. */
export interface FabEdgeApi {
  /** Milliseconds from the start of `activate` until the language server answered `initialize`. */
  activationMs: number;
  client: LanguageClient;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<FabEdgeApi> {
  const started = performance.now();
  const serverModule = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const output = vscode.window.createOutputChannel('FabEdge', { log: true });
  const watcher = vscode.workspace.createFileSystemWatcher('**/{*.yaml,*.yml,*.conf,*.nginx,sites-available/*,sites-enabled/*}');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'yaml' }, { language: 'nginx' }],
    synchronize: { configurationSection: 'fabedge', fileEvents: watcher },
    initializationOptions: { trusted: vscode.workspace.isTrusted },
    outputChannel: output,
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
    // The CodeLens above connectorPublicAddresses jumps to the nginx listens that serve it.
    vscode.commands.registerCommand('fabedge.showLocations', (uri: string, position: { line: number; character: number }, locations: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[]) =>
      vscode.commands.executeCommand(
        'editor.action.showReferences',
        vscode.Uri.parse(uri),
        new vscode.Position(position.line, position.character),
        locations.map((l) => new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(l.range.start.line, l.range.start.character, l.range.end.line, l.range.end.character))),
      ),
    ),
    // Trust changes what the server may read (includes outside the workspace): start it afresh.
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      if (client) {
        client.clientOptions.initializationOptions = { trusted: true };
        await client.restart();
      }
    }),
  );
  registerWalkthroughCommands(context, () => client);
  await client.start();
  registerStatus(context, client);
  registerNginxLanguage(context);
  return { activationMs: performance.now() - started, client };
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
    const nginx = await client.sendRequest<boolean>(READS_AS_NGINX_REQUEST, { uri: client.code2ProtocolConverter.asUri(doc.uri) });
    if (!nginx || adopted.has(key) || doc.isClosed || !DEFAULT_LANGUAGES.has(doc.languageId)) return;
    adopted.add(key);
    await vscode.languages.setTextDocumentLanguage(doc, 'nginx');
  };
  const adoptQuietly = (doc: vscode.TextDocument) => void adopt(doc).catch(() => undefined);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(adoptQuietly), vscode.workspace.onDidSaveTextDocument(adoptQuietly));
  for (const doc of vscode.workspace.textDocuments) adoptQuietly(doc);
}

/**
 * Writes values.schema.json beside the values file in the active editor. Helm validates the
 * values against that file on install, upgrade, template and lint.
 */
async function exportValuesSchema(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor) return;
  const answer = await client.sendRequest<HelmSchema | null>(HELM_SCHEMA_REQUEST, {
    uri: client.code2ProtocolConverter.asUri(editor.document.uri),
  });
  if (!answer) {
    void vscode.window.showWarningMessage(vscode.l10n.t('The active file is not a FabEdge values file.'));
    return;
  }
  const target = vscode.Uri.joinPath(editor.document.uri, '..', 'values.schema.json');
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(answer.text));
  void vscode.window.showInformationMessage(vscode.l10n.t('Wrote {0} for the {1} layout.', vscode.workspace.asRelativePath(target), answer.layout));
}

/**
 * Writes the nginx stream block for a values file (the active editor's, or the code action's):
 * into the workspace's `stream {}`, or a new fabedge-connector.stream.conf beside the values file;
 * as a snippet with tab stops when the values file names no connector address.
 */
async function generateProxy(valuesUri?: string): Promise<void> {
  const target = valuesUri ?? (vscode.window.activeTextEditor ? client?.code2ProtocolConverter.asUri(vscode.window.activeTextEditor.document.uri) : undefined);
  if (!client || !target) return;
  const generated = await client.sendRequest<GeneratedProxy | null>(GENERATE_PROXY_REQUEST, { uri: target });
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

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
