import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { findingsOf, waitFor, writeWorkspaceFile } from '../helpers';
import { FABEDGE_KEYS, IN_CLUSTER, ON_CNI_TYPE, VALUES, completionLabels, fabedgeApi, hoverTexts, inChartFolder, open } from '../valuesHelp';

describe('help where it belongs', () => {
  inChartFolder('help');

  it("offers no FabEdge item in a Kubernetes Deployment, a GitHub workflow or another chart's values file", async () => {
    const others: Record<string, string> = {
      'help/k8s/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  \n\n',
      'help/.github/workflows/ci.yaml': 'name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n  \n\n',
      'help/ingress/values.yaml': 'controller:\n  replicaCount: 2\n  \n\n',
    };
    await writeWorkspaceFile('help/ingress/Chart.yaml', 'apiVersion: v2\nname: ingress-nginx\nversion: 4.0.0\n');
    // The same places in a FabEdge values file do offer them: the calls below can see our items.
    const values = await open('help/chart/values.yaml', `${VALUES}\n`);
    const inValues = await waitFor('FabEdge completion in the values file', async () => {
      const got = await completionLabels(values.uri, new vscode.Position(8, 0));
      return got.includes('fabedge-values-host') ? got : undefined;
    });
    assert.ok(inValues.includes('keepalived'), inValues.join(', '));
    for (const [rel, text] of Object.entries(others)) {
      const doc = await open(rel, text);
      const lines = text.split('\n').length;
      for (const position of [new vscode.Position(lines - 2, 0), new vscode.Position(lines - 3, 2)]) {
        const got = await completionLabels(doc.uri, position);
        const ours = got.filter((label) => label.startsWith('fabedge') || FABEDGE_KEYS.includes(label));
        assert.deepEqual(ours, [], `${rel} at ${position.line}:${position.character}: ${got.join(', ')}`);
      }
    }
  });

  // Each modeline variant: whether our schema's keys and descriptions come, and what the status says.
  const variants = [
    { name: 'no modeline', modeline: '', keys: true, status: undefined },
    { name: '$schema=none', modeline: '# yaml-language-server: $schema=none\n', keys: false, status: /^schema from modeline: none$/ },
    { name: 'our exported schema', modeline: '# yaml-language-server: $schema=./values.schema.json\n', keys: true, status: /^schema from modeline: \.\/values\.schema\.json$/ },
    { name: 'a remote URL', modeline: '# yaml-language-server: $schema=https://example.invalid/values.schema.json\n', keys: false, status: /^schema from modeline: https:\/\/example\.invalid\/values\.schema\.json$/ },
  ];
  for (const [index, variant] of variants.entries()) {
    it(`completion and hover in a FabEdge values file with ${variant.name}`, async () => {
      const rel = `help/chart/values-${index}.yaml`;
      const doc = await open(rel, `${variant.modeline}${VALUES}`);
      const shift = variant.modeline ? 1 : 0;
      // The FabEdge rules run whatever the modeline says.
      await waitFor('values-schema on the unknown key', () => findingsOf(doc.uri, 'values-schema').find((d) => d.message.includes('nmae')));
      const keys = await completionLabels(doc.uri, IN_CLUSTER.translate(shift));
      assert.equal(keys.includes('connectorPublicPort'), variant.keys, keys.join(', '));
      const hover = (await hoverTexts(doc.uri, ON_CNI_TYPE.translate(shift))).join('\n');
      assert.equal(/CNI of the cluster/.test(hover), variant.keys, hover);
      // Our snippets are no schema's: they stay at the left margin.
      assert.ok((await completionLabels(doc.uri, new vscode.Position(8 + shift, 0))).includes('fabedge-values-proxy'));
      const status = await waitFor('the language status of the file', async () => {
        const items = (await fabedgeApi()).languageStatus();
        const schema = items.find((item) => item.id === 'fabedge.schema');
        const values = items.find((item) => item.id === 'fabedge.status');
        return values?.text.includes('FabEdge values') && (variant.status ? schema && variant.status.test(schema.text) : !schema) ? items : undefined;
      });
      if (variant.name === 'a remote URL') assert.match(status.find((item) => item.id === 'fabedge.schema')?.detail ?? '', /never fetched/);
    });
  }
});
