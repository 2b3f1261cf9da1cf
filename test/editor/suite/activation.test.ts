import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, codeOf, openAndWaitForDiagnostics, waitFor } from '../helpers';
import { metrics } from '../mocha-runner';

describe('FabEdge extension in a real VS Code (code-server)', () => {
  it('activates when examples/nginx-proxy is opened', async () => {
    const t0 = Date.now();
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    await waitFor(`${EXTENSION_ID} to activate`, async () => {
      if (!ext.isActive) await ext.activate();
      return ext.isActive;
    }, 30_000);
    const waited = Date.now() - t0;
    // activate() resolves with the extension's API; a failed activation leaves it undefined.
    const api = (await ext.activate()) as { activationMs?: number } | undefined;
    metrics().activationWaitMs = waited;
    metrics().extensionHostUptimeMs = Math.round(process.uptime() * 1000);
    const reported = api?.activationMs;
    if (typeof reported === 'number') metrics().activationMs = Math.round(reported);
    console.log(`activation: waited ${waited} ms in the test; activate() took ${reported === undefined ? 'n/a' : Math.round(reported)} ms ` +
      `(extension's own measure, until the language server answered initialize); extension host up ${metrics().extensionHostUptimeMs} ms`);
    assert.strictEqual(typeof reported, 'number', 'activate() did not resolve with { activationMs } (did activation fail?)');
    assert.strictEqual(ext.isActive, true);
  });

  it('reports values-legacy-layout on values.yaml', async () => {
    const { doc, diagnostic } = await openAndWaitForDiagnostics('values.yaml',
      (d) => d.source === 'fabedge' && codeOf(d) === 'values-legacy-layout', 45_000);
    console.log(`diagnostic on ${doc.uri.toString()}: [${diagnostic.source}/${codeOf(diagnostic)}] ` +
      `severity=${vscode.DiagnosticSeverity[diagnostic.severity]} line ${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
    assert.strictEqual(diagnostic.source, 'fabedge');
    assert.strictEqual(codeOf(diagnostic), 'values-legacy-layout');
  });
});
