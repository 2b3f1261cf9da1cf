/**
 * Completion and hover for FabEdge values files, by yaml-language-server used as a library and
 * fed only with our own in-memory schemas (see src/core/values/schemas.ts).
 *
 * Validation stays with our rules (values-schema and the others): yaml-language-server runs with
 * `validate: false`, so a values file never gets two diagnostics for one problem.
 */
import type { LanguageService } from 'yaml-language-server' with { 'resolution-mode': 'import' };
import * as yamlServerStrings from '@vscode/l10n';
// yaml-language-server's own Chinese texts ("Allowed Values:", "Default value"), bundled so that
// nothing is read at run time; its Traditional Chinese file is not for our Simplified locale.
import yamlServerChinese from 'yaml-language-server/l10n/bundle.l10n.zh-cn.json';
import type { ClientCapabilities, CompletionList, Hover, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Locale } from '../core/l10n';
import type { LayoutId } from '../core/values/layout';
import { parseSchemaUri, schemaUri, valuesSchema } from '../core/values/schemas';

/**
 * Serves our `fabedge-schema://` URIs from memory and refuses everything else. A values file can
 * name a schema itself (a `# yaml-language-server: $schema=…` modeline or a `$schema` key); we
 * never fetch such a URL, so opening a file cannot make the editor reach the network.
 */
export async function fabedgeSchemaRequest(uri: string): Promise<string> {
  const parsed = parseSchemaUri(uri);
  if (!parsed) throw new Error(`FabEdge serves only its bundled schemas; not fetching ${uri}`);
  return JSON.stringify(valuesSchema(parsed.layout, parsed.locale));
}

/**
 * Makes yaml-language-server's own texts follow the locale of a request. @vscode/l10n holds one
 * bundle for the whole process and yaml-language-server reads it as it builds each answer; the
 * server speaks one locale, and setting it per request keeps tests of both locales honest.
 */
function useYamlServerLocale(locale: Locale): void {
  yamlServerStrings.config({ contents: locale === 'zh-cn' ? yamlServerChinese : {} });
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
    const service = await this.service;
    useYamlServerLocale(locale);
    return service.doComplete(document, position, false);
  }

  async hover(document: TextDocument, position: Position, layout: LayoutId, locale: Locale): Promise<Hover | null> {
    this.schemaFor.set(document.uri, schemaUri(layout, locale));
    const service = await this.service;
    useYamlServerLocale(locale);
    return service.doHover(document, position);
  }

  /** Forget a closed document. */
  close(uri: string): void {
    this.schemaFor.delete(uri);
  }
}
