import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, codeOf, openAndWaitForDiagnostics, waitFor } from '../../editor/helpers';
import { metrics } from '../../editor/mocha-runner';

describe('packaged .vsix installed into code-server', () => {
  it('is the installed copy, not a development folder', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    const expectedDir = process.env.FABEDGE_EXPECT_EXTENSIONS_DIR;
    console.log(`installed at ${ext.extensionUri.toString()} (version ${ext.packageJSON.version})`);
    if (expectedDir) assert.ok(ext.extensionUri.path.startsWith(expectedDir + '/'), `${ext.extensionUri.path} is not under ${expectedDir}`);
    if (process.env.FABEDGE_EXPECT_VERSION) assert.strictEqual(ext.packageJSON.version, process.env.FABEDGE_EXPECT_VERSION);
    assert.ok(vscode.extensions.getExtension('fabedge-test.fabedge-vsix-probe'), 'probe not loaded');
  });

  it('activates', async () => {
    const t0 = Date.now();
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await waitFor('activation', async () => { if (!ext.isActive) await ext.activate(); return ext.isActive; }, 30_000);
    metrics().activationWaitMs = Date.now() - t0;
  });

  it('reports values-legacy-layout on examples/nginx-proxy/values.yaml', async () => {
    const { diagnostic } = await openAndWaitForDiagnostics('values.yaml',
      (d) => d.source === 'fabedge' && codeOf(d) === 'values-legacy-layout', 45_000);
    assert.strictEqual(codeOf(diagnostic), 'values-legacy-layout');
  });

  it('ships the rule pages in both languages and the third-party notices, not the CLI bundle', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const exists = async (...path: string[]) => {
      try {
        await vscode.workspace.fs.stat(vscode.Uri.joinPath(ext.extensionUri, ...path));
        return true;
      } catch {
        return false;
      }
    };
    for (const page of [['docs', 'rules', 'values-legacy-layout.md'], ['docs', 'zh-cn', 'rules', 'values-legacy-layout.md'], ['docs', 'rules', 'internal-error.md']]) {
      assert.ok(await exists(...page), page.join('/'));
    }
    assert.ok(await exists('dist', 'ThirdPartyNotices.txt'));
    assert.ok(await exists('dist', 'server.js'));
    assert.ok(await exists('dist', 'yaml-library.js'), 'the yaml-language-server part the server loads on the first completion or hover');
    assert.ok(!(await exists('dist', 'cli.js')), 'the CLI bundle is for npm, not for the editor');
  });

  it('opens a finding\'s page from the installed extension, offline', async () => {
    const { diagnostic } = await openAndWaitForDiagnostics('values.yaml', (d) => d.source === 'fabedge' && codeOf(d) === 'values-legacy-layout', 45_000);
    assert.ok(typeof diagnostic.code === 'object' && diagnostic.code.target.scheme === 'command');
    const page = await vscode.commands.executeCommand<vscode.Uri>('fabedge.showRuleDocumentation', 'values-legacy-layout');
    assert.ok(page?.path.endsWith('/docs/rules/values-legacy-layout.md'));
    await waitFor('the Markdown preview', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label.includes('values-legacy-layout.md')));
  });
});
