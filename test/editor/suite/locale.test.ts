import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, openAndWaitForDiagnostics, waitFor, writeWorkspaceFile } from '../helpers';
import { metrics } from '../mocha-runner';

// The runner runs this suite once more with the display language set to Chinese (code-server
// --locale zh-cn with a test language pack) and checks that that run really saw zh-cn.
describe('display language', () => {
  const chinese = () => vscode.env.language.toLowerCase().startsWith('zh');

  it('findings speak the display language', async () => {
    metrics().language = vscode.env.language;
    const { diagnostic } = await openAndWaitForDiagnostics('values.yaml', (d) => codeOf(d) === 'values-legacy-layout');
    if (chinese()) assert.match(diagnostic.message, /此文件使用 chart 0\.3\.0 的布局/);
    else assert.match(diagnostic.message, /This file uses the chart 0\.3\.0 layout/);
  });

  it('hover shows the key description and its labels in the display language', async () => {
    const uri = await writeWorkspaceFile('hover-locale/values.yaml', 'cluster:\n  cniType: flannel\n  connectorPublicAddresses:\n    - 10.20.8.24\n');
    try {
      await vscode.window.showTextDocument(uri);
      const text = await waitFor('a hover on cniType', async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(1, 4));
        const joined = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
        return joined.includes('CNI') ? joined : undefined;
      });
      // yaml-language-server's own labels too, from its bundled Simplified Chinese texts.
      if (chinese()) {
        assert.match(text, /集群使用的 CNI/);
        assert.match(text, /允许的值：/);
      } else {
        assert.match(text, /CNI of the cluster/);
        assert.match(text, /Allowed Values:/);
      }
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(uri, '..'), { recursive: true });
    }
  });
});
