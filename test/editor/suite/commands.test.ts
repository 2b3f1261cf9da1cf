import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, openAndWaitForDiagnostics, waitFor, workspaceUri, writeWorkspaceFile } from '../helpers';

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

describe('commands', () => {
  // Helm reads values.schema.json from the chart folder only: the export goes there.
  for (const [title, valuesFile] of [
    ['beside Chart.yaml', 'export/fabedge/values-0.3.yaml'],
    ['from a values file outside the chart', 'export/deploy/values.yaml'],
  ] as const) {
    it(`Export values schema for Helm writes values.schema.json into the FabEdge chart's folder (${title})`, async () => {
      const example = await readText(workspaceUri('values.yaml'));
      assert.ok(example);
      await writeWorkspaceFile('export/fabedge/Chart.yaml', 'apiVersion: v2\nname: fabedge\nversion: 0.3.0\n');
      // A mistake that every placement reports, so the test knows when the server has read the file
      // (beside a Chart.yaml the chart is pinned and the layout itself is no finding).
      await writeWorkspaceFile(valuesFile, example.replace(/^cniType: flannel$/m, 'cniType: Flannel'));
      const target = workspaceUri('export', 'fabedge', 'values.schema.json');
      try {
        await openAndWaitForDiagnostics(valuesFile, (d) => codeOf(d) === 'values-cni-type');
        await vscode.commands.executeCommand('fabedge.exportValuesSchema');
        const text = await waitFor('values.schema.json in the chart folder', () => readText(target));
        const schema = JSON.parse(text) as { $schema: string; properties: Record<string, { properties?: Record<string, unknown> }> };
        assert.match(schema.$schema, /draft-07/);
        // The chart 0.3.0 layout: its schema knows operator.connectorSubnets, not cluster.
        assert.ok(schema.properties.operator.properties?.connectorSubnets);
        assert.equal(schema.properties.cluster, undefined);
        assert.equal(await readText(vscode.Uri.joinPath(workspaceUri(valuesFile), '..', 'values.schema.json')), valuesFile.startsWith('export/fabedge/') ? text : undefined, 'nothing beside a values file outside the chart');
      } finally {
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
        await vscode.workspace.fs.delete(workspaceUri('export'), { recursive: true });
      }
    });
  }
});
