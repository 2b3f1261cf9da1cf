import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { STATUS_REQUEST, type StatusReport } from '../server/protocol';
import { DOCUMENT_SELECTOR } from './languages';


function fileName(uri: string): string {
  return vscode.workspace.asRelativePath(vscode.Uri.parse(uri), false);
}

/** A language status item on values and nginx files: the chart layout and the files on the other side of the proxy. */
export function registerStatus(context: vscode.ExtensionContext, client: LanguageClient): void {
  const item = vscode.languages.createLanguageStatusItem('fabedge.status', DOCUMENT_SELECTOR);
  item.name = 'FabEdge';
  item.command = { title: vscode.l10n.t('Show output'), command: 'fabedge.showOutput' };
  context.subscriptions.push(item);

  const update = async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    let report: StatusReport;
    try {
      report = await client.sendRequest<StatusReport>(STATUS_REQUEST, { uri: client.code2ProtocolConverter.asUri(editor.document.uri) });
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
  };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(() => void update()),
    vscode.languages.onDidChangeDiagnostics(() => void update()),
  );
  void update();
}
