/**
 * Completion and hover for FabEdge values files, by yaml-language-server used as a library and
 * fed with our own in-memory schemas (see src/core/values/schemas.ts), or with a schema file the
 * user named for the file (a modeline or `yaml.schemas`), read from disk and never fetched.
 *
 * Validation stays with our rules (values-schema and the others): yaml-language-server runs with
 * `validate: false`, so a values file never gets two diagnostics for one problem.
 */
import type { LanguageService } from 'yaml-language-server' with { 'resolution-mode': 'import' };
import type { ClientCapabilities, CompletionList, Hover, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { Locale } from '../core/l10n';
import type { LayoutId } from '../core/values/layout';
import { parseSchemaUri, schemaUri, valuesSchema } from '../core/values/schemas';
import { configFileSchema, configSchemaUri, parseConfigSchemaUri } from './configSchema';
import { modelines, type ServedSchema } from './features/schemaChoice';

/** Reads a schema file by path; undefined when it cannot (or may not) be read. */
export type LocalSchemaReader = (path: string) => string | undefined;

/**
 * Serves our `fabedge-schema://` URIs from memory and `file:` URIs (a schema the user named, and
 * the files its `$ref`s name) through `readLocal`, and refuses everything else: opening a file
 * never makes the editor reach the network.
 */
export async function fabedgeSchemaRequest(uri: string, readLocal: LocalSchemaReader = () => undefined): Promise<string> {
  const config = parseConfigSchemaUri(uri);
  if (config) return JSON.stringify(configFileSchema(config.locale));
  const parsed = parseSchemaUri(uri);
  if (parsed) return JSON.stringify(valuesSchema(parsed.layout, parsed.locale));
  const text = uri.startsWith('file:') ? readLocal(URI.parse(uri).path) : undefined;
  if (text === undefined) throw new Error(`FabEdge serves only its bundled schemas and local schema files; not fetching ${uri}`);
  return text;
}

/**
 * The document with its schema modelines blanked out (same length, so positions hold): a
 * modeline outranks every other way to give yaml-language-server a schema, and we give it the
 * schema ourselves, having read the modeline already.
 */
function withoutModelines(document: TextDocument): TextDocument {
  const found = modelines(document.getText());
  if (found.length === 0) return document;
  const lines = document.getText().split('\n');
  for (const { line } of found) lines[line] = lines[line].replace(/#.*/, (comment) => `#${' '.repeat(comment.length - 1)}`);
  return TextDocument.create(document.uri, document.languageId, document.version, lines.join('\n'));
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
  /** Reads the schema files users name for values files; without it, only our schemas are served. */
  readLocalSchema?: LocalSchemaReader;
}

/** The language service, made once, and the switch of its texts' language. */
interface Library {
  service: LanguageService;
  useYamlServerLocale: (locale: Locale) => void;
}

/**
 * Completion and hover for values files. One instance serves every file: each call names the
 * schema (our layout's, from our detection, or the user's file) and the locale.
 */
export class FabEdgeYamlService {
  /** Made on the first request: loading yaml-language-server and compiling its schemas waits until then. */
  private loading: Promise<Library> | undefined;
  private readonly options: FabEdgeYamlServiceOptions;
  /** Document URI → schema URI, set right before each request for that document. */
  private readonly schemaFor = new Map<string, string>();
  /** The text each user schema file had when yaml-language-server last read it. */
  private readonly localSchemaTexts = new Map<string, string | undefined>();
  private readonly readLocal: LocalSchemaReader;

  constructor(options: FabEdgeYamlServiceOptions = {}) {
    this.readLocal = options.readLocalSchema ?? (() => undefined);
    this.options = options;
  }

  private library(): Promise<Library> {
    // A failed load (a bundle missing from a broken install) is tried again on the next request.
    this.loading ??= this.create(this.options).catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  private async create(options: FabEdgeYamlServiceOptions): Promise<Library> {
    // The server bundle leaves this import to run time (dist/yaml-library.js, see
    // scripts/bundle-options.mjs); tsx loads the source at test time.
    const { loadYamlLanguageServer, useYamlServerLocale } = await import('./yamlLibrary.js');
    const { getLanguageService } = await loadYamlLanguageServer();
    const service = getLanguageService({
      schemaRequestService: (uri: string) => fabedgeSchemaRequest(uri, this.readLocal),
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
    return { service, useYamlServerLocale };
  }

  /** Sets up a request: the schema for the document, the locale; the document as yaml-language-server gets it. */
  private async prepare(document: TextDocument, schema: LayoutId | ServedSchema, locale: Locale): Promise<{ service: LanguageService; document: TextDocument }> {
    const served = typeof schema === 'string' ? { layout: schema } : schema;
    const { service, useYamlServerLocale } = await this.library();
    if ('path' in served) {
      const uri = URI.from({ scheme: 'file', path: served.path }).toString();
      // yaml-language-server keeps a schema it has read: an edited schema file is read again.
      const text = this.readLocal(served.path);
      if (this.localSchemaTexts.has(uri) && this.localSchemaTexts.get(uri) !== text) service.resetSchema(uri);
      this.localSchemaTexts.set(uri, text);
      this.schemaFor.set(document.uri, uri);
    } else {
      this.schemaFor.set(document.uri, schemaUri(served.layout, locale));
    }
    useYamlServerLocale(locale);
    return { service, document: withoutModelines(document) };
  }

  async completion(document: TextDocument, position: Position, schema: LayoutId | ServedSchema, locale: Locale): Promise<CompletionList> {
    const prepared = await this.prepare(document, schema, locale);
    return prepared.service.doComplete(prepared.document, position, false);
  }

  async hover(document: TextDocument, position: Position, schema: LayoutId | ServedSchema, locale: Locale): Promise<Hover | null> {
    const prepared = await this.prepare(document, schema, locale);
    return prepared.service.doHover(prepared.document, position);
  }

  /** Completion in the workspace config file (`.fabedge.yaml`), from the schema of its settings. */
  async configCompletion(document: TextDocument, position: Position, locale: Locale): Promise<CompletionList> {
    const { service, useYamlServerLocale } = await this.library();
    this.schemaFor.set(document.uri, configSchemaUri(locale));
    useYamlServerLocale(locale);
    return service.doComplete(document, position, false);
  }

  async configHover(document: TextDocument, position: Position, locale: Locale): Promise<Hover | null> {
    const { service, useYamlServerLocale } = await this.library();
    this.schemaFor.set(document.uri, configSchemaUri(locale));
    useYamlServerLocale(locale);
    return service.doHover(document, position);
  }

  /** Forget a closed document. */
  close(uri: string): void {
    this.schemaFor.delete(uri);
  }
}
