import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, openAndWaitForDiagnostics, waitFor, workspaceUri, writeWorkspaceFile } from '../helpers';

const severityOfLegacy = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'values-legacy-layout')?.severity;

describe('workspace configuration: .fabedge.yaml and the folder\'s settings', () => {
  const folder = () => vscode.workspace.workspaceFolders![0];
  const settings = () => vscode.workspace.getConfiguration('fabedge', folder().uri);

  afterEach(async () => {
    await settings().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.workspace.fs.delete(workspaceUri('.fabedge.yaml'));
    } catch {
      // Not written by this test.
    }
  });

  it('a saved .fabedge.yaml applies; a VS Code setting the user sets for the workspace overrides it; unset, it does not', async () => {
    const { doc } = await openAndWaitForDiagnostics('values.yaml', (d) => codeOf(d) === 'values-legacy-layout');
    assert.equal(severityOfLegacy(doc.uri), vscode.DiagnosticSeverity.Information);
    await writeWorkspaceFile('.fabedge.yaml', 'rules:\n  values-legacy-layout: warning\n');
    await waitFor('the config file\'s severity', () => severityOfLegacy(doc.uri) === vscode.DiagnosticSeverity.Warning);
    await settings().update('rules', { 'values-legacy-layout': 'error' }, vscode.ConfigurationTarget.Workspace);
    await waitFor('the folder setting\'s severity', () => severityOfLegacy(doc.uri) === vscode.DiagnosticSeverity.Error);
    await settings().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    await waitFor('the config file\'s severity again', () => severityOfLegacy(doc.uri) === vscode.DiagnosticSeverity.Warning);
  });

  it('a mistake in .fabedge.yaml is a config-file finding on its line, and completion offers the settings', async () => {
    const uri = await writeWorkspaceFile('.fabedge.yaml', 'exlude:\n  - vendor/**\n');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const finding = await waitFor('the config-file finding', () => vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'config-file'));
    assert.equal(finding.range.start.line, 0);
    assert.match(finding.message, /exlude/);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(2, 0));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const name of ['exclude', 'valuesFiles', 'nginxFiles', 'rules']) assert.ok(labels.includes(name), `${name} in ${labels.join(', ')}`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
