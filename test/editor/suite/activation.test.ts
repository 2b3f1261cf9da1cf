import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, codeOf, openAndWaitForDiagnostics, waitFor } from '../helpers';
import { metrics } from '../mocha-runner';
import type { FabEdgeApi } from '../../../src/client/extension';

/** Milliseconds between two of the extension host's own performance marks for this extension, if it made both. */
function hostInterval(from: string, to: string): number | undefined {
  const marks = (globalThis as { MonacoPerformanceMarks?: { getMarks(): { name: string; startTime: number }[] } }).MonacoPerformanceMarks?.getMarks() ?? [];
  const at = (name: string) => marks.find((m) => m.name === `code/extHost/${name}/${EXTENSION_ID}`)?.startTime;
  const start = at(from);
  const end = at(to);
  return start === undefined || end === undefined ? undefined : end - start;
}

describe('FabEdge extension in a real VS Code (code-server)', () => {
  it('activates when examples/nginx-proxy is opened, without waiting for the language server', async () => {
    const t0 = Date.now();
    const ext = vscode.extensions.getExtension<FabEdgeApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    await waitFor(`${EXTENSION_ID} to activate`, async () => {
      if (!ext.isActive) await ext.activate();
      return ext.isActive;
    }, 30_000);
    const waited = Date.now() - t0;
    // activate() resolves with the extension's API; a failed activation leaves it undefined.
    const api = await ext.activate();
    assert.ok(api && typeof api.activationMs === 'number', 'activate() did not return the API (did activation fail?)');
    await api.ready;
    const readyMs = api.readyMs();
    assert.ok(readyMs !== undefined);
    // activate() returns before the server has started: the server's start settles after it.
    assert.ok(api.activationMs <= readyMs, `activate() took ${api.activationMs} ms, the server was ready after ${readyMs} ms`);
    // What VS Code itself counts as this extension's activation (the extension host's marks, which
    // the Running Extensions view shows): loading its code, then activate() until it settled.
    const hostActivation = hostInterval('willLoadExtensionCode', 'didActivateExtension');
    const hostLoadCode = hostInterval('willLoadExtensionCode', 'didLoadExtensionCode');
    assert.ok(hostActivation !== undefined && hostLoadCode !== undefined, "the extension host's activation marks for FabEdge are missing");
    metrics().activationWaitMs = waited;
    metrics().extensionHostUptimeMs = Math.round(process.uptime() * 1000);
    metrics().activationMs = Math.round(api.activationMs);
    metrics().serverReadyMs = Math.round(readyMs);
    metrics().hostActivationMs = hostActivation;
    metrics().hostLoadCodeMs = hostLoadCode;
    console.log(`activation: VS Code counts ${hostActivation} ms (loading the code ${hostLoadCode} ms); activate() took ${Math.round(api.activationMs)} ms; ` +
      `the server answered initialize after ${Math.round(readyMs)} ms; waited ${waited} ms in the test; extension host up ${metrics().extensionHostUptimeMs} ms`);
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
