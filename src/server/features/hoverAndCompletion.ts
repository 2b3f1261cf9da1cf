import type { CompletionList, Hover, Position, TextDocuments } from 'vscode-languageserver';
import { MarkupContent, MarkupKind } from '../lsp/values';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isConfigFile } from '../../core/config/configFile';
import type { Locale } from '../../core/l10n';
import type { LayoutId } from '../../core/values/layout';
import type { UriMapper } from '../lsp/uris';
import type { ProxyPathFeatures } from './proxyPaths';
import type { ServedSchema } from './schemaChoice';
import type { SchemaHelp } from './schemaHelp';
import { valuesSnippetItems } from './valuesSnippets';

/** Completion and hover from a schema: what this feature asks of yaml-language-server (src/server/yamlLanguageService.ts). */
export interface SchemaLanguageService {
  completion(document: TextDocument, position: Position, schema: LayoutId | ServedSchema, locale: Locale): Promise<CompletionList>;
  hover(document: TextDocument, position: Position, schema: LayoutId | ServedSchema, locale: Locale): Promise<Hover | null>;
  /** The same for `.fabedge.yaml`, from the schema of the settings. */
  configCompletion(document: TextDocument, position: Position, locale: Locale): Promise<CompletionList>;
  configHover(document: TextDocument, position: Position, locale: Locale): Promise<Hover | null>;
}

export interface HoverAndCompletionHost {
  documents: TextDocuments<TextDocument>;
  uris: UriMapper;
  locale(): Locale;
  /** Made at `initialize`, from the client's capabilities. */
  yaml(): SchemaLanguageService | undefined;
  snippetSupport(): boolean;
  /** The layout of a FabEdge values file; undefined for any other file. */
  valuesLayout(path: string): LayoutId | undefined;
  schemaHelp: SchemaHelp;
  proxyPaths: ProxyPathFeatures;
}

/**
 * Hover and completion: in `.fabedge.yaml` from the settings' schema; in a values file, the keys
 * and values of its layout's schema (or the one the user chose) with the values snippets at the
 * left margin, and on the public addresses the path the edges take through nginx.
 */
export class HoverAndCompletion {
  constructor(private readonly host: HoverAndCompletionHost) {}

  async completion(uri: string, position: Position): Promise<CompletionList | null> {
    const { documents, uris, schemaHelp } = this.host;
    const yaml = this.host.yaml();
    const locale = this.host.locale();
    const document = documents.get(uri);
    if (document && yaml && isConfigFile(uris.toPath(uri))) return yaml.configCompletion(document, position, locale);
    const layout = this.host.valuesLayout(uris.toPath(uri));
    if (!document || !layout) return null;
    const served = schemaHelp.served(uri, layout, 'completion');
    const schema = yaml && served ? await yaml.completion(document, position, served, locale) : undefined;
    const snippets = valuesSnippetItems(document, position, locale, this.host.snippetSupport());
    return { isIncomplete: schema?.isIncomplete ?? false, items: [...(schema?.items ?? []), ...snippets] };
  }

  /** Our path through nginx on the addresses; elsewhere in a values file, the key's description from the schema. */
  async hover(uri: string, position: Position): Promise<Hover | null> {
    const { documents, uris, schemaHelp } = this.host;
    const yaml = this.host.yaml();
    const locale = this.host.locale();
    const proxyHover = this.host.proxyPaths.hover(uris.toPath(uri), position);
    const document = documents.get(uri);
    if (document && yaml && isConfigFile(uris.toPath(uri))) return yaml.configHover(document, position, locale);
    const layout = this.host.valuesLayout(uris.toPath(uri));
    const served = layout ? schemaHelp.served(uri, layout, 'hover') : undefined;
    const schemaHover = document && served && yaml ? await yaml.hover(document, position, served, locale) : null;
    if (!proxyHover || !schemaHover) return proxyHover ?? schemaHover;
    const text = (hover: Hover) => (MarkupContent.is(hover.contents) ? hover.contents.value : '');
    return { contents: { kind: MarkupKind.Markdown, value: `${text(proxyHover)}\n\n---\n\n${text(schemaHover)}` }, ...(proxyHover.range ? { range: proxyHover.range } : {}) };
  }
}
