import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { applyQuickFix, codeOf, findingsOf, waitFor, writeWorkspaceFile } from '../helpers';

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

// Indented with no-break spaces (U+00A0), as pages copied from the web are: every key the parser
// makes up while recovering would be "unknown" to the schema check, which must stay silent.
const NBSP = '\u00a0';
const BROKEN_BY_NBSP = `cluster:
  name: harbin
  role: host
  cniType: flannel
${NBSP}${NBSP}
  connectorPublicAddresses:
  - 10.40.10.180
  clusterCIDR:
  - 10.233.64.0/18
agent:
  args:
 ${NBSP}  ENABLE_PROXY: "true"
 ${NBSP}  ENABLE_DNS: "true"
`;

describe('a values file with YAML syntax errors', () => {
  let uri: vscode.Uri;

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(uri, '..'), { recursive: true });
  });

  /** Every diagnostic on the file, once the language server has checked it. */
  async function settledDiagnostics(): Promise<vscode.Diagnostic[]> {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    return waitFor('the syntax findings', () => {
      const all = vscode.languages.getDiagnostics(uri);
      return all.length > 0 ? all : undefined;
    });
  }

  it('shows one values-syntax finding per problem, naming the invisible character, and nothing else', async () => {
    uri = await writeWorkspaceFile('broken-nbsp/values.yaml', BROKEN_BY_NBSP);
    const diagnostics = await settledDiagnostics();
    // Lines 8 and 11 are where the parser notices the broken mappings; they name their cause.
    assert.deepEqual(diagnostics.map((d) => `${d.range.start.line + 1} ${d.source} ${codeOf(d)}`), [
      '5 fabedge values-syntax',
      '8 fabedge values-syntax',
      '11 fabedge values-syntax',
      '12 fabedge values-syntax',
      '13 fabedge values-syntax',
    ]);
    for (const d of diagnostics) assert.match(d.message, /no-break space \(U\+00A0\)/);
    // One quick fix per character; with all three replaced the file parses and nothing is left.
    const characters = () => findingsOf(uri, 'values-syntax').filter((d) => /^YAML syntax error: line \d+ has a no-break space/.test(d.message));
    for (let left = 3; left > 0; left--) {
      const next = characters()[0];
      assert.ok(next, `a no-break space finding among ${left} left`);
      await applyQuickFix(uri, next, /no-break space/);
      await waitFor('the fixed finding to go', () => (characters().length < left ? true : undefined));
    }
    await waitFor('no finding on the repaired file', () => (vscode.languages.getDiagnostics(uri).length === 0 ? true : undefined));
  });

  it('an ordinary syntax error gets the parser\'s message and no schema finding on recovered keys', async () => {
    uri = await writeWorkspaceFile('broken-flow/values.yaml', 'cluster:\n  name: beijing\n  cniType: flannel\n  connectorPublicAddresses: [10.20.8.24\n  clusterCIDR: [10.233.64.0/18]\nagnet:\n  args: {}\n');
    const diagnostics = await settledDiagnostics();
    assert.ok(diagnostics.every((d) => d.source === 'fabedge' && codeOf(d) === 'values-syntax'), diagnostics.map((d) => `${d.range.start.line + 1} ${codeOf(d)} ${d.message}`).join('\n'));
    assert.ok(diagnostics.every((d) => d.message.startsWith('YAML syntax error')));
  });
});
