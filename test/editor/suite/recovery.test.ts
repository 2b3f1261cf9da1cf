import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FabEdgeApi } from '../../../src/client/extension';
import { SERVER_INFO_REQUEST } from '../../../src/shared/protocol';
import { EXTENSION_ID, findingsOf, waitFor, workspaceUri } from '../helpers';

describe('crash recovery', () => {
  it('restarts the language server after it is killed, and findings come back', async () => {
    const extension = vscode.extensions.getExtension<FabEdgeApi>(EXTENSION_ID);
    assert.ok(extension);
    const { client, ready } = await extension.activate();
    await ready;
    const pidOf = async () => (await client.sendRequest(SERVER_INFO_REQUEST)).pid;
    const before = await pidOf();

    process.kill(before, 'SIGKILL');
    const after = await waitFor('a new server process', async () => {
      try {
        const pid = await pidOf();
        return pid !== before ? pid : undefined;
      } catch {
        return undefined;
      }
    }, 60_000, 500);
    assert.notEqual(after, before);

    // The new server checks what the editor shows: an unsaved explicit listen address reaches the values file.
    const nginx = await vscode.workspace.openTextDocument(workspaceUri('nginx.conf'));
    const original = nginx.getText();
    const edit = new vscode.WorkspaceEdit();
    edit.replace(nginx.uri, new vscode.Range(0, 0, nginx.lineCount, 0), original.replace('listen 500 udp;', 'listen 10.20.8.77:500 udp;').replace('listen 4500 udp;', 'listen 10.20.8.77:4500 udp;'));
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      await waitFor('public-address-not-proxied from the new server', () => findingsOf(workspaceUri('values.yaml'), 'public-address-not-proxied')[0], 60_000);
      await waitFor('values-legacy-layout from the new server', () => findingsOf(workspaceUri('values.yaml'), 'values-legacy-layout')[0]);
    } finally {
      const restore = new vscode.WorkspaceEdit();
      restore.replace(nginx.uri, new vscode.Range(0, 0, nginx.lineCount, 0), original);
      await vscode.workspace.applyEdit(restore);
      await nginx.save();
    }
  });
});
