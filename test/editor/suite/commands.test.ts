import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, openAndWaitForDiagnostics, waitFor, workspaceUri } from '../helpers';

describe('commands', () => {
  it('Export values schema for Helm writes values.schema.json for the layout of the active values file', async () => {
    await openAndWaitForDiagnostics('values.yaml', (d) => codeOf(d) === 'values-legacy-layout');
    const target = workspaceUri('values.schema.json');
    try {
      await vscode.commands.executeCommand('fabedge.exportValuesSchema');
      const text = await waitFor('values.schema.json on disk', async () => {
        try {
          return new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
        } catch {
          return undefined;
        }
      });
      const schema = JSON.parse(text) as { $schema: string; properties: Record<string, { properties?: Record<string, unknown> }> };
      assert.match(schema.$schema, /draft-07/);
      // The example is the chart 0.3.0 layout: its schema knows operator.connectorSubnets, not cluster.
      assert.ok(schema.properties.operator.properties?.connectorSubnets);
      assert.equal(schema.properties.cluster, undefined);
    } finally {
      await vscode.workspace.fs.delete(target).then(undefined, () => undefined);
    }
  });
});
