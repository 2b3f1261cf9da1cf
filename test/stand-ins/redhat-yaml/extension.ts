/**
 * A stand-in for Red Hat's YAML extension (redhat.vscode-yaml), as measured beside FabEdge in
 * code-server: yaml-language-server on every YAML document, honouring `$schema` modelines and
 * `yaml.schemas`, reporting syntax errors (a repeated key included) as "YAML" problems, and schema
 * completion, hover and problems for files it has a schema for. Local schema files only: it never
 * fetches anything.
 */
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { LanguageService } from 'yaml-language-server' with { 'resolution-mode': 'import' };
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem as LspCompletionItem, Diagnostic as LspDiagnostic, MarkupContent } from 'vscode-languageserver';

const SEVERITY: Record<number, vscode.DiagnosticSeverity> = {
  1: vscode.DiagnosticSeverity.Error,
  2: vscode.DiagnosticSeverity.Warning,
  3: vscode.DiagnosticSeverity.Information,
  4: vscode.DiagnosticSeverity.Hint,
};

function lspDocument(document: vscode.TextDocument): TextDocument {
  return TextDocument.create(document.uri.toString(), 'yaml', document.version, document.getText());
}

function range(r: LspDiagnostic['range']): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** `yaml.schemas`, as yaml-language-server takes it: relative schema paths resolve against the workspace folder. */
function schemaAssociations(): { uri: string; fileMatch: string[] }[] {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const schemas = vscode.workspace.getConfiguration('yaml').get<Record<string, string | string[]>>('schemas', {});
  return Object.entries(schemas).map(([reference, globs]) => ({
    uri: /^[a-z]+:/i.test(reference) || !folder ? reference : vscode.Uri.joinPath(folder, reference).toString(),
    fileMatch: Array.isArray(globs) ? globs : [globs],
  }));
}

function configure(service: LanguageService): void {
  const yaml = vscode.workspace.getConfiguration('yaml');
  service.configure({
    validate: yaml.get('validate', true),
    completion: yaml.get('completion', true),
    hover: yaml.get('hover', true),
    format: false,
    isKubernetes: false,
    customTags: [],
    schemas: schemaAssociations(),
  });
}

function completionItem(item: LspCompletionItem): vscode.CompletionItem {
  const result = new vscode.CompletionItem(item.label, item.kind === undefined ? undefined : item.kind - 1);
  const text = item.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : (item.insertText ?? item.label);
  result.insertText = item.insertTextFormat === 2 ? new vscode.SnippetString(text) : text;
  const documentation = item.documentation;
  if (documentation) result.documentation = new vscode.MarkdownString(typeof documentation === 'string' ? documentation : documentation.value);
  return result;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // An ES module: esbuild bundles it, the dynamic import is how CommonJS code reaches it.
  const { getLanguageService } = await import('yaml-language-server');
  const service = getLanguageService({
    schemaRequestService: async (uri: string) => {
      if (!uri.startsWith('file:')) throw new Error(`the stand-in fetches nothing: ${uri}`);
      return readFileSync(vscode.Uri.parse(uri).fsPath, 'utf8');
    },
    workspaceContext: { resolveRelativePath: (relativePath: string, resource: string) => new URL(relativePath, resource).toString() },
    clientCapabilities: { textDocument: { completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } }, hover: { contentFormat: ['markdown'] } } },
  });
  configure(service);
  const problems = vscode.languages.createDiagnosticCollection('YAML');

  const validate = async (document: vscode.TextDocument) => {
    if (document.languageId !== 'yaml') return;
    if (!vscode.workspace.getConfiguration('yaml').get('validate', true)) {
      problems.delete(document.uri);
      return;
    }
    const found = await service.doValidation(lspDocument(document), false);
    problems.set(document.uri, found.map((d) => {
      const message = typeof d.message === 'string' ? d.message : d.message.value;
      return Object.assign(new vscode.Diagnostic(range(d.range), message, SEVERITY[d.severity ?? 1]), { source: 'YAML' });
    }));
  };
  const validateAll = () => vscode.workspace.textDocuments.forEach((document) => void validate(document));

  context.subscriptions.push(
    problems,
    vscode.workspace.onDidOpenTextDocument((document) => void validate(document)),
    vscode.workspace.onDidChangeTextDocument((event) => void validate(event.document)),
    vscode.workspace.onDidCloseTextDocument((document) => problems.delete(document.uri)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('yaml')) return;
      configure(service);
      validateAll();
    }),
    vscode.languages.registerCompletionItemProvider({ language: 'yaml' }, {
      async provideCompletionItems(document, position) {
        const list = await service.doComplete(lspDocument(document), position, false);
        return list.items.map(completionItem);
      },
    }, ':'),
    vscode.languages.registerHoverProvider({ language: 'yaml' }, {
      async provideHover(document, position) {
        const hover = await service.doHover(lspDocument(document), position);
        const contents = hover?.contents as MarkupContent | undefined;
        return contents?.value ? new vscode.Hover(new vscode.MarkdownString(contents.value)) : undefined;
      },
    }),
  );
  validateAll();
}
