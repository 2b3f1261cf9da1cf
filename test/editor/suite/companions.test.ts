// Runs only with the stand-ins of other extensions loaded beside ours (test/stand-ins, built and
// loaded by test/host/run.mjs): Red Hat's YAML extension and an nginx extension with the NGINX
// language. The runner checks the `companions` metric to be sure they were there.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, findingsOf, waitFor, writeWorkspaceFile } from '../helpers';
import { metrics } from '../mocha-runner';
import { IN_CLUSTER, ON_CNI_TYPE, VALUES, completionLabels, hoverTexts, inChartFolder, open } from '../valuesHelp';

const RED_HAT_YAML = 'redhat.vscode-yaml';
const NGINX_EXTENSION = 'fabedge-test.nginx-grammar-stand-in';

/** The stand-in's problems on a document (source "YAML"). */
const yamlProblems = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'YAML');

/**
 * Writes a file, waits for our finding of `rule` while it is closed (the YAML extension shows
 * nothing for closed files, so neither do we hide anything), then opens it.
 */
async function openAfterOurFinding(rel: string, text: string, rule: string): Promise<vscode.TextDocument> {
  const uri = await writeWorkspaceFile(rel, text);
  await waitFor(`our ${rule} on the closed ${rel}`, () => findingsOf(uri, rule)[0]);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** How many items of this label, and how many hovers saying this, every extension together offers. */
async function offered(uri: vscode.Uri, shift: number) {
  const keys = (await completionLabels(uri, IN_CLUSTER.translate(shift))).filter((label) => label === 'connectorPublicPort').length;
  const hovers = (await hoverTexts(uri, ON_CNI_TYPE.translate(shift))).filter((text) => /CNI of the cluster/.test(text)).length;
  return { keys, hovers };
}

describe('beside other extensions', () => {
  inChartFolder('beside');
  after(async () => {
    await vscode.workspace.getConfiguration('yaml').update('schemas', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('runs with the stand-ins of Red Hat YAML and of an nginx extension', async () => {
    metrics().companions = [RED_HAT_YAML, NGINX_EXTENSION].filter((id) => vscode.extensions.getExtension(id)).join(',');
    const yaml = vscode.extensions.getExtension(RED_HAT_YAML);
    assert.ok(yaml, 'no redhat.vscode-yaml');
    assert.ok((await vscode.languages.getLanguages()).includes('NGINX'));
    await open('beside/chart/values.yaml', VALUES);
    await waitFor('redhat.vscode-yaml to activate on a YAML file', () => yaml.isActive);
  });

  it('an NGINX document (another nginx extension) gets its findings as it is typed', async () => {
    const uri = await writeWorkspaceFile('conf.d/beside-ngx.conf', 'upstream connector-natt {\n    server 10.20.8.23:4500;\n}\nserver {\n    listen 10.20.8.26:4500 udp;\n    proxy_pass connector-natt;\n}\n');
    await vscode.workspace.openTextDocument(uri);
    // conf.d/ files get a language by content: the server reads this one as nginx and the client
    // gives it ours. Then the user picks another nginx extension's language, which must stay.
    const adopted = await waitFor('our nginx language on the conf.d file', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && d.languageId === 'nginx'));
    const doc = await vscode.languages.setTextDocumentLanguage(adopted, 'NGINX');
    await vscode.window.showTextDocument(doc);
    try {
      assert.equal(doc.languageId, 'NGINX');
      const edit = new vscode.WorkspaceEdit();
      const udp = doc.getText().indexOf(' udp;');
      edit.delete(uri, new vscode.Range(doc.positionAt(udp), doc.positionAt(udp + 4)));
      assert.ok(await vscode.workspace.applyEdit(edit));
      // Unsaved: the finding can only come from the text in the editor.
      assert.ok(doc.isDirty);
      await waitFor('proxy-udp on the unsaved NGINX document', () => findingsOf(uri, 'proxy-udp')[0]);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('a YAML syntax error is reported once, by the YAML extension', async () => {
    const doc = await openAfterOurFinding('beside/chart/values-broken.yaml', 'cluster:\n  name: [beijing\n  cniType: flannel\n', 'values-syntax');
    await waitFor('the YAML extension\'s syntax error, and ours gone', () => yamlProblems(doc.uri).length > 0 && findingsOf(doc.uri, 'values-syntax').length === 0);
  });

  it('a duplicate key: its error, and our warning saying that Helm keeps the last value', async () => {
    const doc = await open('beside/chart/values-duplicate.yaml', 'cluster:\n  cniType: calico\n  cniType: flannel\n');
    const ours = await waitFor('our duplicate-key warning', () => findingsOf(doc.uri, 'values-syntax')[0]);
    assert.equal(ours.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(ours.message, /Helm keeps only the last value.*stricter than Helm/);
    const theirs = await waitFor('the YAML extension\'s error', () => yamlProblems(doc.uri).find((d) => /unique/i.test(d.message)));
    assert.equal(theirs.severity, vscode.DiagnosticSeverity.Error);
  });

  it('a plain values file: our completion and hover, once', async () => {
    const doc = await open('beside/chart/values-plain.yaml', VALUES);
    await waitFor('values-schema on the unknown key', () => findingsOf(doc.uri, 'values-schema')[0]);
    assert.deepEqual(await offered(doc.uri, 0), { keys: 1, hovers: 1 });
  });

  for (const [name, modeline, settings] of [
    ['a modeline', '# yaml-language-server: $schema=./values.schema.json\n', undefined],
    ['yaml.schemas', '', { 'beside/chart/values.schema.json': 'beside/chart/values-settings.yaml' }],
  ] as const) {
    it(`our schema named in ${name}: completion, hover and schema problems once, from the YAML extension`, async () => {
      if (settings) await vscode.workspace.getConfiguration('yaml').update('schemas', settings, vscode.ConfigurationTarget.Workspace);
      const rel = settings ? 'beside/chart/values-settings.yaml' : 'beside/chart/values-modeline.yaml';
      const doc = await openAfterOurFinding(rel, `${modeline}${VALUES}`, 'values-schema');
      const shift = modeline ? 1 : 0;
      const aboutTypo = (d: vscode.Diagnostic) => /nmae/.test(d.message);
      await waitFor('the unknown key reported by the YAML extension only', () =>
        yamlProblems(doc.uri).some(aboutTypo) && !vscode.languages.getDiagnostics(doc.uri).some((d) => codeOf(d) === 'values-schema'));
      assert.equal(vscode.languages.getDiagnostics(doc.uri).filter(aboutTypo).length, 1);
      assert.deepEqual(await offered(doc.uri, shift), { keys: 1, hovers: 1 });
    });
  }
});
