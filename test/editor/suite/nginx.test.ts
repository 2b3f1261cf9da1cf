import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { applyQuickFix, findingsOf, waitFor, workspaceUri, writeWorkspaceFile } from '../helpers';

describe('nginx language support', () => {
  it('gives nginx.conf the nginx language, tokenized by our TextMate grammar', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri('nginx.conf'));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'nginx');
    // Throws "Cannot resolve tokenizer for language nginx" unless a grammar is registered for it;
    // ours is the only one in this test host. The scopes themselves are checked in the UI test.
    const result = await vscode.commands.executeCommand<{ tokenizeTime: number }>('_workbench.colorizeTextMateTokens', doc.uri);
    assert.equal(typeof result.tokenizeTime, 'number');
  });

  it('offers the proxy-udp quick fix, and applying it clears the finding', async () => {
    const uri = await writeWorkspaceFile(
      'conf.d/tcp-by-mistake.conf',
      'upstream connector-isakmp {\n    server 10.20.8.23:500;\n}\nserver {\n    listen 10.20.8.25:500;  # UDP was forgotten\n    proxy_pass connector-isakmp;\n}\n',
    );
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const finding = await waitFor('proxy-udp on the fragment', () => findingsOf(uri, 'proxy-udp')[0]);
    assert.equal(finding.severity, vscode.DiagnosticSeverity.Error);
    await applyQuickFix(uri, finding, /udp/);
    assert.match(doc.getText(), /listen 10\.20\.8\.25:500 udp; {2}# UDP was forgotten/);
    await waitFor('proxy-udp to disappear', () => (findingsOf(uri, 'proxy-udp').length === 0 ? true : undefined));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(uri);
  });
});
