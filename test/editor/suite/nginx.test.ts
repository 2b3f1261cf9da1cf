import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, applyQuickFix, findingsOf, sendFabEdgeRequest, waitFor, workspaceUri, writeWorkspaceFile } from '../helpers';
import type { FabEdgeApi } from '../../../src/client/extension';
import { READS_AS_NGINX_REQUEST } from '../../../src/shared/protocol';

/** Opens a file and waits until the extension has given it the nginx language (by its content). */
async function openAsNginx(uri: vscode.Uri): Promise<vscode.TextDocument> {
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  return waitFor(`the nginx language on ${uri.path}`, () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && d.languageId === 'nginx'));
}

const APACHE_VHOST = `<VirtualHost *:80>
    ServerName portal.example.com
    DocumentRoot /var/www/portal
    <Directory /var/www/portal>
        AllowOverride All
        Require all granted
    </Directory>
    ErrorLog \${APACHE_LOG_DIR}/portal-error.log
</VirtualHost>
`;

const NGINX_VHOST = `server {
    listen 80;
    server_name api.example.com;
    location / {
        proxy_pass http://127.0.0.1:8080;
        proxy_read_timeout 60s
    }
}
`;

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
    // conf.d/ holds other programs' files too: the content, not the folder, gives the nginx language.
    const doc = await openAsNginx(uri);
    const finding = await waitFor('proxy-udp on the fragment', () => findingsOf(uri, 'proxy-udp')[0]);
    assert.equal(finding.severity, vscode.DiagnosticSeverity.Error);
    await applyQuickFix(uri, finding, /udp/);
    assert.match(doc.getText(), /listen 10\.20\.8\.25:500 udp; {2}# UDP was forgotten/);
    await waitFor('proxy-udp to disappear', () => (findingsOf(uri, 'proxy-udp').length === 0 ? true : undefined));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(uri);
  });

  it('gives an nginx server block in sites-available/ the nginx language and its finding, and an Apache vhost there neither', async () => {
    const apacheUri = await writeWorkspaceFile('sites-available/portal.conf', APACHE_VHOST);
    const nginxUri = await writeWorkspaceFile('sites-available/api', NGINX_VHOST);
    await openAsNginx(nginxUri);
    const finding = await waitFor('nginx-syntax on the nginx vhost', () => findingsOf(nginxUri, 'nginx-syntax')[0]);
    assert.match(finding.message, /unexpected "\}"/);

    const apache = await vscode.workspace.openTextDocument(apacheUri);
    await vscode.window.showTextDocument(apache);
    // The server's answer about the Apache file, asked after the client's own question about it.
    const api = await vscode.extensions.getExtension<FabEdgeApi>(EXTENSION_ID)?.activate();
    assert.ok(api);
    const nginx = await sendFabEdgeRequest(api.client, READS_AS_NGINX_REQUEST, { uri: api.client.code2ProtocolConverter.asUri(apacheUri) });
    assert.equal(nginx, false);
    assert.notEqual(vscode.workspace.textDocuments.find((d) => d.uri.toString() === apacheUri.toString())?.languageId, 'nginx');
    assert.deepEqual(vscode.languages.getDiagnostics(apacheUri).filter((d) => d.source === 'fabedge'), []);

    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(apacheUri);
    await vscode.workspace.fs.delete(nginxUri);
  });
});
