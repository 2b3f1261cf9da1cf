import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { RULES } from '../../../src/core/rules';
import { applyQuickFix, codeOf, findingsOf, waitFor, workspaceUri } from '../helpers';

/** The rules that compare files: the ones that look at the whole workspace. */
const CROSS_FILE_RULES = new Set(RULES.filter((rule) => rule.scope === 'workspace').map((rule) => rule.meta.id));

function crossFileFindings(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'fabedge' && CROSS_FILE_RULES.has(codeOf(d) ?? ''));
}

async function replaceAll(doc: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

describe('values file against the nginx proxy', () => {
  const valuesUri = () => workspaceUri('values.yaml');
  const nginxUri = () => workspaceUri('nginx.conf');
  let values: vscode.TextDocument;
  let nginx: vscode.TextDocument;
  let valuesText: string;
  let nginxText: string;

  before(async () => {
    values = await vscode.workspace.openTextDocument(valuesUri());
    nginx = await vscode.workspace.openTextDocument(nginxUri());
    valuesText = values.getText();
    nginxText = nginx.getText();
    await vscode.window.showTextDocument(values);
    await waitFor('the legacy-layout finding (checks have run)', () => findingsOf(valuesUri(), 'values-legacy-layout')[0]);
  });

  // Back to the example's text; saving the unchanged text leaves no unsaved change behind.
  afterEach(async () => {
    for (const [doc, text] of [[values, valuesText], [nginx, nginxText]] as const) {
      if (doc.isClosed) continue;
      if (doc.getText() !== text) await replaceAll(doc, text);
      if (doc.isDirty) await doc.save();
    }
  });

  it('the seed setup has no cross-file finding', () => {
    assert.deepEqual(crossFileFindings(valuesUri()).map(codeOf), []);
    assert.deepEqual(crossFileFindings(nginxUri()).map(codeOf), []);
  });

  it('an address that bypasses nginx is reported and fixed', async () => {
    await replaceAll(values, valuesText.replace('connectorPublicAddresses: 10.20.8.24', 'connectorPublicAddresses: 10.20.8.23'));
    const finding = await waitFor('public-address-bypasses-proxy', () => findingsOf(valuesUri(), 'public-address-bypasses-proxy')[0]);
    assert.equal(finding.range.start.line, 4);
    // The seed's proxy listens on the wildcard, so the only fix is to name the proxy's address by hand;
    // the finding itself must still disappear once the address is the proxy's again.
    await replaceAll(values, valuesText);
    await waitFor('the bypass finding to clear', () => (findingsOf(valuesUri(), 'public-address-bypasses-proxy').length === 0 ? true : undefined));
  });

  it('typing an explicit listen address in the unsaved nginx editor updates the values file, and the quick fix resolves it', async () => {
    await replaceAll(nginx, nginxText.replace('listen 500 udp;', 'listen 10.20.8.99:500 udp;').replace('listen 4500 udp;', 'listen 10.20.8.99:4500 udp;'));
    assert.ok(nginx.isDirty);
    const finding = await waitFor('public-address-not-proxied', () => findingsOf(valuesUri(), 'public-address-not-proxied')[0]);
    assert.equal(finding.range.start.line, 4);
    assert.ok(finding.relatedInformation?.some((r) => r.location.uri.toString() === nginxUri().toString()));
    await applyQuickFix(valuesUri(), finding, /10\.20\.8\.99/);
    assert.match(values.getText(), /connectorPublicAddresses: 10\.20\.8\.99/);
    await waitFor('the mismatch to clear', () => (findingsOf(valuesUri(), 'public-address-not-proxied').length === 0 ? true : undefined));
  });

  it('a bypass next to an explicit proxy address is fixed by the quick fix', async () => {
    await replaceAll(nginx, nginxText.replace('listen 500 udp;', 'listen 10.20.8.24:500 udp;').replace('listen 4500 udp;', 'listen 10.20.8.24:4500 udp;'));
    await replaceAll(values, valuesText.replace('connectorPublicAddresses: 10.20.8.24', 'connectorPublicAddresses: 10.20.8.23'));
    const finding = await waitFor('public-address-bypasses-proxy', () => findingsOf(valuesUri(), 'public-address-bypasses-proxy')[0]);
    await applyQuickFix(valuesUri(), finding, /10\.20\.8\.24/);
    assert.match(values.getText(), /connectorPublicAddresses: 10\.20\.8\.24/);
    await waitFor('the bypass finding to clear', () => (findingsOf(valuesUri(), 'public-address-bypasses-proxy').length === 0 ? true : undefined));
  });

  it('deleting the nginx file clears the findings it caused', async () => {
    // The nginx file is still open in the extension host (without unsaved changes): deleting it must count anyway.
    assert.ok(!nginx.isDirty);
    const explicit = nginxText.replace('listen 500 udp;', 'listen 10.20.8.99:500 udp;').replace('listen 4500 udp;', 'listen 10.20.8.99:4500 udp;');
    await vscode.workspace.fs.writeFile(nginxUri(), new TextEncoder().encode(explicit));
    await waitFor('public-address-not-proxied from the file on disk', () => findingsOf(valuesUri(), 'public-address-not-proxied')[0]);
    try {
      await vscode.workspace.fs.delete(nginxUri());
      await waitFor('the findings to clear', () => (crossFileFindings(valuesUri()).length === 0 ? true : undefined));
    } finally {
      await vscode.workspace.fs.writeFile(nginxUri(), new TextEncoder().encode(nginxText));
    }
  });
});
