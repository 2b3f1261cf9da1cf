import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

interface StatusReport {
  files: { uri: string; kind: string; layout?: string }[];
  findings: number;
}

const STATUS_REQUEST = 'fabedge/status';

/** A language status item on values and nginx files: the chart layout and what FabEdge checked. */
export function registerStatus(context: vscode.ExtensionContext, client: LanguageClient): void {
  const item = vscode.languages.createLanguageStatusItem('fabedge.status', [{ language: 'yaml' }, { language: 'nginx' }]);
  item.name = 'FabEdge';
  item.command = { title: vscode.l10n.t('Show output'), command: 'fabedge.showOutput' };
  context.subscriptions.push(item);

  const update = async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    let report: StatusReport;
    try {
      report = await client.sendRequest<StatusReport>(STATUS_REQUEST);
    } catch {
      return;
    }
    const uri = editor.document.uri.toString();
    const file = report.files.find((f) => f.uri === uri);
    if (!file) {
      item.text = vscode.l10n.t('FabEdge: not a FabEdge file');
      item.detail = undefined;
    } else if (file.kind === 'values') {
      item.text = vscode.l10n.t('FabEdge values ({0})', file.layout ?? '?');
      item.detail = vscode.l10n.t('{0} nginx files in this workspace', report.files.filter((f) => f.kind === 'nginx').length);
    } else {
      item.text = vscode.l10n.t('FabEdge: nginx');
      item.detail = vscode.l10n.t('{0} values files in this workspace', report.files.filter((f) => f.kind === 'values').length);
    }
  };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(() => void update()),
    vscode.languages.onDidChangeDiagnostics(() => void update()),
  );
  void update();
}
