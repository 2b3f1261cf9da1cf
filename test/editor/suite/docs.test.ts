import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, codeOf, openAndWaitForDiagnostics, waitFor } from '../helpers';

/** The Markdown preview tabs open in the window. */
function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(tab.input.viewType));
}

// Named "display language" so that the runner's Chinese run checks the pages in Chinese too.
describe('display language: rule pages open offline from the finding', () => {
  const chinese = () => vscode.env.language.toLowerCase() === 'zh-cn';

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the finding\'s code links to the command that opens its page (the Problems panel, hover and peek follow it)', async () => {
    const { diagnostic } = await openAndWaitForDiagnostics('values.yaml', (d) => codeOf(d) === 'values-legacy-layout');
    assert.ok(typeof diagnostic.code === 'object', 'the code carries a link');
    const target = diagnostic.code.target;
    assert.equal(target.scheme, 'command');
    assert.equal(target.path, 'fabedge.showRuleDocumentation');
    assert.deepEqual(JSON.parse(decodeURIComponent(target.query)), ['values-legacy-layout']);
  });

  it('the link opens the page shipped in the extension, in the display language, in the Markdown preview', async () => {
    const page = await vscode.commands.executeCommand<vscode.Uri>('fabedge.showRuleDocumentation', 'values-legacy-layout');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension && page);
    const relative = page.path.slice(extension.extensionUri.path.length);
    assert.equal(relative, chinese() ? '/docs/zh-cn/rules/values-legacy-layout.md' : '/docs/rules/values-legacy-layout.md');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(page));
    assert.match(text, chinese() ? /\*\*严重级别：\*\*/ : /\*\*Severity:\*\*/);
    const tab = await waitFor('a Markdown preview of the page', () => previewTabs().find((t) => t.label.includes('values-legacy-layout.md')));
    assert.ok(tab.isActive);
  });

  it('"Show documentation for RULE" is a code action on the finding', async () => {
    const { doc, diagnostic } = await openAndWaitForDiagnostics('values.yaml', (d) => codeOf(d) === 'values-legacy-layout');
    let titles: string[] = [];
    // Right after the file is opened again, the first request can come before the server has it,
    // and VS Code cancels a request the document's new version overtakes: ask again, as the light bulb does.
    const show = await waitFor('the code action', async () => {
      const actions = await vscode.commands
        .executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value)
        .then(undefined, (error: Error) => {
          if (error.name === 'Canceled' || error.message === 'Canceled') return [];
          throw error;
        });
      titles = actions.map((a) => a.title);
      return actions.find((a) => a.command?.command === 'fabedge.showRuleDocumentation');
    }, 15_000, 500).catch((error: Error) => assert.fail(`${error.message}; offered: ${titles.join(' | ')}`));
    assert.equal(show.title, chinese() ? '显示 values-legacy-layout 的文档' : 'Show documentation for values-legacy-layout');
    await vscode.commands.executeCommand(show.command!.command, ...(show.command!.arguments ?? []));
    await waitFor('the preview the action opened', () => previewTabs().find((t) => t.label.includes('values-legacy-layout.md')));
  });
});
