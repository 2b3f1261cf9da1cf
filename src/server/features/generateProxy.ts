import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver';
import { CodeActionKind } from '../lsp/values';
import { generateProxy } from '../../core/cross/generateProxy';
import { proxyIndex } from '../../core/cross/proxies';
import type { WorkspaceModel } from '../../core/cross/workspaceModel';
import { localize, type Locale } from '../../core/l10n';
import { GENERATE_PROXY_COMMAND, type GeneratedProxy } from '../../shared/protocol';
import type { UriMapper } from '../lsp/uris';

/** The kind of the "Generate the nginx proxy" code action. */
export const GENERATE_PROXY_KIND = `${CodeActionKind.Refactor}.fabedge.generateProxy`;

const TITLE = { en: 'Generate the nginx proxy for this values file', 'zh-cn': '为此 values 文件生成 nginx 代理' };

/** The findings the generated proxy resolves. */
const RESOLVED_RULES = new Set(['public-address-not-proxied', 'public-port-not-proxied']);

/**
 * The nginx stream block for a values file, written by the client: the code action that offers
 * it where it helps, and the answer to `GENERATE_PROXY_REQUEST`.
 */
export class GenerateProxyFeature {
  constructor(
    private readonly uris: UriMapper,
    private readonly model: () => WorkspaceModel | undefined,
    private readonly locale: () => Locale,
  ) {}

  private valuesDocument(uri: string) {
    const path = this.uris.toPath(uri);
    return this.model()?.values.find((doc) => doc.file === path);
  }

  /** The proxy for a values file; null when the file is no values file. */
  generate(uri: string): GeneratedProxy | null {
    const values = this.valuesDocument(uri);
    const model = this.model();
    if (!values || !model) return null;
    const generated = generateProxy(model, values);
    switch (generated.kind) {
      case 'edits':
        return { kind: 'edits', uri: this.uris.toUri(generated.file), edits: generated.edits.map((e) => ({ range: e.range, newText: e.newText })) };
      case 'new-file':
        return { kind: 'new-file', uri: this.uris.toUri(generated.path), text: generated.text };
      case 'snippet':
        return generated.target.kind === 'stream'
          ? { kind: 'snippet', snippet: generated.snippet, uri: this.uris.toUri(generated.target.file), position: generated.target.position }
          : { kind: 'snippet', snippet: generated.snippet, uri: this.uris.toUri(generated.target.path), newFile: true };
    }
  }

  /** The code action on connectorPublicAddresses, or beside the findings it resolves; none when a proxy already serves the file. */
  actions(uri: string, range: Range, diagnostics: readonly Diagnostic[]): CodeAction[] {
    const values = this.valuesDocument(uri);
    if (!values) return [];
    const field = values.values.publicAddresses;
    const spans = [field.keyRange, ...field.entries.map((e) => e.range)].filter((r): r is Range => r !== undefined);
    const onAddresses = spans.some((span) => span.start.line <= range.end.line && range.start.line <= span.end.line);
    const resolves = diagnostics.some((d) => typeof d.code === 'string' && RESOLVED_RULES.has(d.code));
    // A proxy that already serves this values file would only be duplicated.
    const model = this.model();
    const served = model ? (proxyIndex(model).paths.find((p) => p.doc.file === values.file)?.hops.length ?? 0) > 0 : false;
    if (served || (!onAddresses && !resolves)) return [];
    const title = localize(TITLE, this.locale());
    return [{ title, kind: GENERATE_PROXY_KIND, command: { title, command: GENERATE_PROXY_COMMAND, arguments: [uri] } }];
  }
}
