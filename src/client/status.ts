import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { STATUS_REQUEST, type SchemaStatus, type StatusReport } from '../shared/protocol';
import { DOCUMENT_SELECTOR } from './languages';

/** What a language status item shows, for tests. */
export interface LanguageStatusText {
  id: string;
  text: string;
  detail?: string;
}

function fileName(uri: string): string {
  return vscode.workspace.asRelativePath(vscode.Uri.parse(uri), false);
}

/** What the schema a user chose for a values file means for completion, hover and our checks. */
function schemaDetail(schema: SchemaStatus): string {
  switch (schema.kind) {
    case 'fabedge':
      return schema.helpFrom === 'yaml-extension'
        ? vscode.l10n.t('the FabEdge schema: completion, hover and schema problems from the YAML extension')
        : vscode.l10n.t('the FabEdge schema: completion and hover as without it');
    case 'none':
      return vscode.l10n.t('no schema: no completion or hover from a schema; the FabEdge checks still run');
    case 'unreadable':
      return vscode.l10n.t('the schema file cannot be read: no completion or hover from a schema; the FabEdge checks still run');
    case 'remote':
    case 'local':
      if (schema.helpFrom === 'yaml-extension') return vscode.l10n.t('completion and hover from the YAML extension; the FabEdge checks still run');
      if (schema.helpFrom === 'fabedge') return vscode.l10n.t('completion and hover from this schema; the FabEdge checks still run');
      return vscode.l10n.t('a remote schema, never fetched here: no completion or hover from a schema; the FabEdge checks still run');
  }
}

/**
 * Language status items on values and nginx files: the chart layout and the files on the other
 * side of the proxy; and, for a values file that names a schema (a modeline or `yaml.schemas`),
 * which schema and what it means. Returns what they show, for tests.
 */
export function registerStatus(context: vscode.ExtensionContext, client: LanguageClient): () => LanguageStatusText[] {
  const item = vscode.languages.createLanguageStatusItem('fabedge.status', DOCUMENT_SELECTOR);
  item.name = 'FabEdge';
  item.command = { title: vscode.l10n.t('Show output'), command: 'fabedge.showOutput' };
  context.subscriptions.push(item);
  // Only while the active file names a schema: an item cannot be hidden for one document.
  let schemaItem: vscode.LanguageStatusItem | undefined;
  context.subscriptions.push({ dispose: () => schemaItem?.dispose() });

  const showSchema = (schema: SchemaStatus | undefined) => {
    if (!schema) {
      schemaItem?.dispose();
      schemaItem = undefined;
      return;
    }
    schemaItem ??= vscode.languages.createLanguageStatusItem('fabedge.schema', DOCUMENT_SELECTOR);
    schemaItem.name = vscode.l10n.t('FabEdge: schema of this values file');
    schemaItem.text = vscode.l10n.t('schema from {0}: {1}', schema.source, schema.reference);
    schemaItem.detail = schemaDetail(schema);
    schemaItem.severity = schema.helpFrom === 'none' && schema.kind !== 'none' ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  };

  const update = async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    let report: StatusReport;
    try {
      report = await client.sendRequest(STATUS_REQUEST, { uri: client.code2ProtocolConverter.asUri(editor.document.uri) });
    } catch {
      return;
    }
    const related = report.related.map(fileName).join(', ');
    if (report.kind === 'values') {
      item.text = vscode.l10n.t('FabEdge values ({0})', report.layout ?? '?');
      item.detail = related ? vscode.l10n.t('behind nginx: {0}', related) : vscode.l10n.t('no nginx proxy in front of it');
    } else if (report.kind) {
      item.text = vscode.l10n.t('FabEdge: nginx');
      item.detail = related ? vscode.l10n.t('proxies for: {0}', related) : vscode.l10n.t('{0} values files in this workspace', report.values);
    } else {
      item.text = vscode.l10n.t('FabEdge: not a FabEdge file');
      item.detail = undefined;
    }
    showSchema(report.schema);
  };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(() => void update()),
    vscode.languages.onDidChangeDiagnostics(() => void update()),
    // A modeline typed or removed changes no diagnostic of ours.
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document === vscode.window.activeTextEditor?.document) void update();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('yaml')) void update();
    }),
  );
  void update();
  return () => [item, ...(schemaItem ? [schemaItem] : [])].map((shown) => ({ id: shown.id, text: shown.text, ...(shown.detail ? { detail: shown.detail } : {}) }));
}
