/**
 * Completion and hover for FabEdge values files, by yaml-language-server used as a library and
 * fed only with our own in-memory schemas (see src/core/values/schemas.ts).
 *
 * Validation stays with our rules (values-schema and the others): yaml-language-server runs with
 * `validate: false`, so a values file never gets two diagnostics for one problem.
 */
import type { LanguageService } from 'yaml-language-server' with { 'resolution-mode': 'import' };
import type { ClientCapabilities, CompletionList, Hover, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Locale } from '../core/l10n';
import type { LayoutId } from '../core/values/layout';
import { parseSchemaUri, schemaUri, valuesSchema } from '../core/values/schemas';
import { configFileSchema, configSchemaUri, parseConfigSchemaUri } from './configSchema';

/**
 * Serves our `fabedge-schema://` URIs from memory and refuses everything else. A values file can
 * name a schema itself (a `# yaml-language-server: $schema=…` modeline or a `$schema` key); we
 * never fetch such a URL, so opening a file cannot make the editor reach the network.
 */
export async function fabedgeSchemaRequest(uri: string): Promise<string> {
  const config = parseConfigSchemaUri(uri);
  if (config) return JSON.stringify(configFileSchema(config.locale));
  const parsed = parseSchemaUri(uri);
  if (!parsed) throw new Error(`FabEdge serves only its bundled schemas; not fetching ${uri}`);
  return JSON.stringify(valuesSchema(parsed.layout, parsed.locale));
}

/** What yaml-language-server may assume about the editor; VS Code supports all of it. */
const CLIENT_CAPABILITIES: ClientCapabilities = {
  textDocument: {
    completion: {
      completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], commitCharactersSupport: true },
      completionItemKind: {},
    },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
};

export interface FabEdgeYamlServiceOptions {
  /** Client capabilities from `initialize`, when the server has them; defaults suit VS Code. */
  clientCapabilities?: ClientCapabilities;
}

/**
 * Completion and hover for values files. One instance serves every file: each call names the
 * layout (from our detection) and the locale, and the matching schema is chosen for that call.
 */
export class FabEdgeYamlService {
  private readonly service: Promise<LanguageService>;
  /** Document URI → schema URI, set right before each request for that document. */
  private readonly schemaFor = new Map<string, string>();

  constructor(options: FabEdgeYamlServiceOptions = {}) {
    this.service = this.create(options);
  }

  private async create(options: FabEdgeYamlServiceOptions): Promise<LanguageService> {
    // yaml-language-server is an ES module and this code is CommonJS: a dynamic import is the
    // portable way in (esbuild inlines it into the bundle, tsx and Node load it at test time).
    const { getLanguageService } = await import('yaml-language-server');
    const service = getLanguageService({
      schemaRequestService: fabedgeSchemaRequest,
      // Relative `$ref`s never occur in our schemas, and we refuse foreign schemas anyway.
      workspaceContext: { resolveRelativePath: (relativePath: string, resource: string) => new URL(relativePath, resource).toString() },
      clientCapabilities: options.clientCapabilities ?? CLIENT_CAPABILITIES,
    });
    service.configure({
      validate: false,
      completion: true,
      hover: true,
      hoverSchemaSource: false,
      format: false,
      isKubernetes: false,
      customTags: [],
      yamlVersion: '1.1',
      schemas: [],
    });
    service.registerCustomSchemaProvider(async (uri: string) => this.schemaFor.get(uri) ?? []);
    return service;
  }

  async completion(document: TextDocument, position: Position, layout: LayoutId, locale: Locale): Promise<CompletionList> {
    this.schemaFor.set(document.uri, schemaUri(layout, locale));
    return (await this.service).doComplete(document, position, false);
  }

  async hover(document: TextDocument, position: Position, layout: LayoutId, locale: Locale): Promise<Hover | null> {
    this.schemaFor.set(document.uri, schemaUri(layout, locale));
    return (await this.service).doHover(document, position);
  }

  /** Completion in the workspace config file (`.fabedge.yaml`), from the schema of its settings. */
  async configCompletion(document: TextDocument, position: Position, locale: Locale): Promise<CompletionList> {
    this.schemaFor.set(document.uri, configSchemaUri(locale));
    return (await this.service).doComplete(document, position, false);
  }

  async configHover(document: TextDocument, position: Position, locale: Locale): Promise<Hover | null> {
    this.schemaFor.set(document.uri, configSchemaUri(locale));
    return (await this.service).doHover(document, position);
  }

  /** Forget a closed document. */
  close(uri: string): void {
    this.schemaFor.delete(uri);
  }
}
