import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FILES_REQUEST, type CheckedFile } from '../shared/protocol';
import valuesSnippets from '../../snippets/values.json';

/** The snippet a new values file starts from: the walkthrough is about the proxy. */
const STARTER_SNIPPET = valuesSnippets['FabEdge values: connector behind an nginx proxy'];

/**
 * Creates a values file in the first workspace folder (values.yaml, or fabedge-values.yaml when
 * that exists) from the starter snippet. The server offers the values snippets only in files it
 * takes for FabEdge values files, which a new YAML file is not until it has FabEdge keys.
 */
async function createValuesFile(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  let document: vscode.TextDocument;
  if (folder) {
    let target = vscode.Uri.joinPath(folder.uri, 'values.yaml');
    if (await exists(target)) target = vscode.Uri.joinPath(folder.uri, 'fabedge-values.yaml');
    if (await exists(target)) {
      await vscode.window.showTextDocument(target);
      return;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(target, { ignoreIfExists: true });
    if (!(await vscode.workspace.applyEdit(edit))) return;
    document = await vscode.workspace.openTextDocument(target);
  } else {
    document = await vscode.workspace.openTextDocument({ language: 'yaml' });
  }
  const editor = await vscode.window.showTextDocument(document);
  await editor.insertSnippet(new vscode.SnippetString(STARTER_SNIPPET.body.join('\n')), new vscode.Position(0, 0));
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * The commands behind the walkthrough "Put the FabEdge connector behind nginx". Each step of the
 * walkthrough completes when its command runs (see `completionEvents` in package.json).
 */
export function registerWalkthroughCommands(context: vscode.ExtensionContext, client: () => LanguageClient | undefined, ready: () => Promise<void>): void {
  const valuesFiles = async (): Promise<CheckedFile[]> => {
    const current = client();
    if (!current) return [];
    // The server answers once it has started and checked the workspace; a failed start fails the command.
    await ready();
    const files = await current.sendRequest(FILES_REQUEST);
    return files.filter((f) => f.kind === 'values');
  };

  const openValues = async (file: CheckedFile): Promise<vscode.TextEditor> => {
    const uri = vscode.Uri.parse(file.uri);
    const editor = await vscode.window.showTextDocument(uri);
    if (file.publicAddresses) {
      const at = new vscode.Position(file.publicAddresses.start.line, file.publicAddresses.start.character);
      editor.selection = new vscode.Selection(at, at);
      editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
    }
    return editor;
  };

  const pickValuesFile = async (): Promise<CheckedFile | undefined> => {
    const files = await valuesFiles();
    if (files.length === 0) {
      const create = vscode.l10n.t('Create a values file from the snippet {0}', STARTER_SNIPPET.prefix);
      void vscode.window.showInformationMessage(vscode.l10n.t('No FabEdge values file in this workspace.'), create).then((answer) => {
        if (answer === create) void createValuesFile();
      });
      return undefined;
    }
    if (files.length === 1) return files[0];
    const picked = await vscode.window.showQuickPick(
      files.map((f) => ({ label: vscode.workspace.asRelativePath(vscode.Uri.parse(f.uri)), description: f.layout, file: f })),
      { placeHolder: vscode.l10n.t('Which values file?') },
    );
    return picked?.file;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('fabedge.openValuesFile', async () => {
      const file = await pickValuesFile();
      if (file) await openValues(file);
    }),
    // Shows where the edges' traffic goes: the hover over connectorPublicAddresses tells the path through nginx.
    vscode.commands.registerCommand('fabedge.checkPublicAddress', async () => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      const files = await valuesFiles();
      const file = files.find((f) => f.uri === active) ?? (await pickValuesFile());
      if (!file) return;
      await openValues(file);
      await vscode.commands.executeCommand('editor.action.showHover');
    }),
  );
}
