import * as assert from 'node:assert';
import * as vscode from 'vscode';

describe('test host smoke', () => {
  it('runs inside code-server with the example workspace open', () => {
    assert.strictEqual(vscode.env.appName.toLowerCase().includes('code'), true);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder');
    console.log(`VS Code ${vscode.version}, appName=${vscode.env.appName}, uiKind=${vscode.UIKind[vscode.env.uiKind]}, ` +
      `remoteName=${vscode.env.remoteName}, workspace=${folder.uri.toString()}`);
    assert.ok(folder.uri.path.endsWith('/nginx-proxy'), folder.uri.toString());
  });
});
