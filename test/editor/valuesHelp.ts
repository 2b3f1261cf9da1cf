// Helpers for the suites about schema help and values snippets (help.test.ts, companions.test.ts).
import * as vscode from 'vscode';
import type { FabEdgeApi } from '../../src/client/extension';
import { helmValuesSchemaText } from '../../src/core/values/schemas';
import { EXTENSION_ID, workspaceUri, writeWorkspaceFile } from './helpers';

/** A values file with an unknown key (values-schema reports it) and an empty line inside `cluster:`. */
export const VALUES = 'cluster:\n  name: beijing\n  role: host\n  cniType: flannel\n  connectorPublicAddresses:\n    - 10.20.8.24\n  nmae: typo\n  \n';
/** Where the empty line inside `cluster:` is, and where `cniType` is. */
export const IN_CLUSTER = new vscode.Position(7, 2);
export const ON_CNI_TYPE = new vscode.Position(3, 4);
export const FABEDGE_CHART = 'apiVersion: v2\nname: fabedge\nversion: 1.0.0\n';
export const SCHEMA_TEXT = helmValuesSchemaText('L4');

export const FABEDGE_KEYS = ['connectorPublicAddresses', 'connectorPublicPort', 'connectorNodeAddresses', 'edgePodCIDR', 'cniType', 'keepalived', 'fabDNS'];

export function labels(list: vscode.CompletionList): string[] {
  return list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

export async function completionLabels(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  return labels(await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position));
}

/** The text of every hover at a position, one string per hover (from every extension). */
export async function hoverTexts(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers.map((hover) => hover.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n'));
}

export async function open(rel: string, text: string): Promise<vscode.TextDocument> {
  const uri = await writeWorkspaceFile(rel, text);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return doc;
}

/**
 * Mocha hooks of a suite that works in `folder`: a FabEdge chart there with its exported schema,
 * and no word-based suggestions (they would list the words of open documents, FabEdge keys among
 * them); afterwards the editors closed, the folder deleted, the setting back.
 */
export function inChartFolder(folder: string): void {
  const editor = () => vscode.workspace.getConfiguration('editor');
  before(async () => {
    await editor().update('wordBasedSuggestions', 'off', vscode.ConfigurationTarget.Workspace);
    await writeWorkspaceFile(`${folder}/chart/Chart.yaml`, FABEDGE_CHART);
    await writeWorkspaceFile(`${folder}/chart/values.schema.json`, SCHEMA_TEXT);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceUri(folder), { recursive: true });
    await editor().update('wordBasedSuggestions', undefined, vscode.ConfigurationTarget.Workspace);
  });
}

/** The extension's API (activating it if need be), once its language server has started. */
export async function fabedgeApi(): Promise<FabEdgeApi> {
  const extension = vscode.extensions.getExtension<FabEdgeApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  const api = await extension.activate();
  await api.ready;
  return api;
}
