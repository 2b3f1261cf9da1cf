import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { applyQuickFix, findingsOf, waitFor, writeWorkspaceFile } from '../helpers';

const CURRENT_LAYOUT = `cluster:
  name: beijing
  role: host
  cniType: flannel
  connectorPublicAddresses:
    - 10.20.8.24
  serviceClusterIPRange:
    - 10.96.0.0/12
  clusterCIDR:
    - 10.244.0.0/16
  edgeLabels:
    - node-role.kubernetes.io/edge
`;

function labels(items: vscode.CompletionItem[]): string[] {
  return items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

describe('FabEdge values files', () => {
  let uri: vscode.Uri;
  let doc: vscode.TextDocument;

  before(async () => {
    uri = await writeWorkspaceFile('current/values.yaml', CURRENT_LAYOUT);
    doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await waitFor('values-label-format on the edge label', () => findingsOf(uri, 'values-label-format')[0]);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(uri, '..'), { recursive: true });
  });

  it('completes the keys of the detected layout', async () => {
    // Right after `cluster:`'s last child, on a fresh line indented like its keys.
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(4, 2));
    const keys = labels(list.items);
    for (const key of ['connectorPublicPort', 'connectorNodeAddresses', 'edgePodCIDR']) assert.ok(keys.includes(key), `${key} not in ${keys.join(', ')}`);
  });

  it('completes flannel and calico for cniType', async () => {
    const line = doc.lineAt(3);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, line.range.end);
    const values = labels(list.items);
    assert.ok(values.includes('flannel') && values.includes('calico'), values.join(', '));
  });

  it('shows the key description on hover', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(3, 4));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /flannel|calico/i);
    assert.match(text, /CNI/);
  });

  it('fixes a label without "=" through the quick fix', async () => {
    const finding = findingsOf(uri, 'values-label-format')[0];
    assert.equal(finding.range.start.line, 11);
    await applyQuickFix(uri, finding, /=/);
    assert.match(doc.getText(), /- node-role\.kubernetes\.io\/edge=\n/);
    await waitFor('values-label-format to disappear', () => (findingsOf(uri, 'values-label-format').length === 0 ? true : undefined));
  });
});
