import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FILES_REQUEST, type CheckedFile } from '../server/protocol';

/**
 * The commands behind the walkthrough "Put the FabEdge connector behind nginx". Each step of the
 * walkthrough completes when its command runs (see `completionEvents` in package.json).
 */
export function registerWalkthroughCommands(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  const valuesFiles = async (): Promise<CheckedFile[]> => {
    const current = client();
    if (!current) return [];
    const files = await current.sendRequest<CheckedFile[]>(FILES_REQUEST, {});
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
      void vscode.window.showInformationMessage(vscode.l10n.t('No FabEdge values file in this workspace. Create one with the snippet "fabedge-values-proxy".'));
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
