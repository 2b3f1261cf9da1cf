import * as vscode from 'vscode';
import { toLocale } from '../core/l10n';
import { SHOW_RULE_DOCUMENTATION_COMMAND } from '../shared/protocol';

/**
 * A rule's page opens in the Markdown preview, from the extension's own files in the display
 * language: no network, and the same text `fabedge-lint` puts into SARIF. The command returns the
 * page it opened.
 */
export function registerRuleDocumentation(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_RULE_DOCUMENTATION_COMMAND, async (rule: unknown): Promise<vscode.Uri | undefined> => {
      if (typeof rule !== 'string' || !/^[a-z0-9-]+$/.test(rule)) return undefined;
      const page = await rulePage(context.extensionUri, rule);
      if (!page) {
        void vscode.window.showWarningMessage(vscode.l10n.t('FabEdge has no page for {0}.', rule));
        return undefined;
      }
      await vscode.commands.executeCommand('markdown.showPreview', page);
      return page;
    }),
  );
}

async function rulePage(extension: vscode.Uri, rule: string): Promise<vscode.Uri | undefined> {
  const english = vscode.Uri.joinPath(extension, 'docs', 'rules', `${rule}.md`);
  const candidates = toLocale(vscode.env.language) === 'zh-cn' ? [vscode.Uri.joinPath(extension, 'docs', 'zh-cn', 'rules', `${rule}.md`), english] : [english];
  for (const candidate of candidates) {
    try {
      await vscode.workspace.fs.stat(candidate);
      return candidate;
    } catch {
      // Not shipped in this language: try the next.
    }
  }
  return undefined;
}

/** `command:fabedge.showRuleDocumentation?["rule"]`: what a finding's code links to in VS Code. */
function ruleDocumentationUri(rule: string): vscode.Uri {
  return vscode.Uri.parse(`command:${SHOW_RULE_DOCUMENTATION_COMMAND}?${encodeURIComponent(JSON.stringify([rule]))}`);
}

/**
 * The server links each finding to its page as a `file:` URI, which any editor can open; in VS Code
 * the link runs our command instead, so the page opens rendered in the Markdown preview (the
 * Problems panel, the hover and the peek view all open command links).
 */
export function linkToRulePages(diagnostics: readonly vscode.Diagnostic[]): void {
  for (const diagnostic of diagnostics) {
    if (diagnostic.source === 'fabedge' && typeof diagnostic.code === 'object' && diagnostic.code.target.scheme === 'file') {
      diagnostic.code = { value: diagnostic.code.value, target: ruleDocumentationUri(String(diagnostic.code.value)) };
    }
  }
}
