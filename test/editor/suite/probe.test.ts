import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ikeResponder } from '../../support/ikeResponder';
import { waitFor, workspaceUri, writeWorkspaceFile } from '../helpers';

const PROBE_COMMAND = 'fabedge.probePublicAddress';

/**
 * The probe from the editor: a values file in the workspace whose edges dial 127.0.0.1 on the
 * port of an IKE responder this test runs (it answers as strongSwan does). Nothing leaves loopback.
 */
describe('probe', () => {
  it('the CodeLens above connectorPublicAddresses probes on click and shows the result in its place', async () => {
    assert.ok(vscode.workspace.isTrusted, 'the test workspace is trusted');
    const connector = await ikeResponder('answer', true);
    const port = connector.port;
    const uri = await writeWorkspaceFile('probe/values.yaml', `cluster:\n  name: beijing\n  role: host\n  cniType: flannel\n  connectorPublicAddresses:\n    - 127.0.0.1\n  connectorPublicPort: ${port}\n`);
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const probeLens = async () => ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? []).find((l) => l.command?.command === PROBE_COMMAND);
      const before = await waitFor('the probe CodeLens', probeLens);
      assert.match(before.command?.title ?? '', new RegExp(`127\\.0\\.0\\.1 UDP ${port}`));
      assert.equal(connector.received.length, 0, 'showing the lens sends nothing');

      await vscode.commands.executeCommand(PROBE_COMMAND, ...(before.command?.arguments ?? []));
      assert.ok(connector.received.length >= 1);
      const after = await waitFor('the result in the CodeLens', async () => {
        const lens = await probeLens();
        return lens?.command?.title.startsWith('✓') ? lens : undefined;
      });
      assert.match(after.command?.title ?? '', new RegExp(`UDP ${port} `));
    } finally {
      await connector.close();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(workspaceUri('probe'), { recursive: true }).then(undefined, () => undefined);
    }
  });
});
