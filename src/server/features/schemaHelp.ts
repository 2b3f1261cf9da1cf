/**
 * Schema help for values files as the user chose it, and peace with Red Hat's YAML extension.
 *
 * A values file may name a schema (a `$schema` modeline, a `yaml.schemas` entry): our own schema
 * keeps our completion and hover as without it; another local schema is served from its file;
 * `none`, a remote URL (never fetched) or an unreadable file means no schema help. The FabEdge
 * rules run whatever the choice.
 *
 * Red Hat's YAML extension runs yaml-language-server on every open YAML document. Beside it, for
 * the documents it has open, we leave to it what it shows already: plain YAML syntax errors while
 * it validates, and when it has the user's schema for the file, schema completion and hover (and,
 * for our schema, the values-schema findings).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../../core/findings';
import type { LayoutId } from '../../core/values/layout';
import type { SchemaStatus } from '../../shared/protocol';
import { readYamlSettings, schemaChoice, type ServedSchema, type YamlSettings } from './schemaChoice';
import type { SchemaChoice } from '../../shared/protocol';
import type { UriMapper } from '../lsp/uris';

export interface SchemaHelpHost {
  uris: UriMapper;
  /** The open documents. */
  documents(): readonly TextDocument[];
  /** A file's text: the editor's, else the disk's; undefined when it cannot be read. */
  readText(uri: string): string | undefined;
  /** A schema file a user named; undefined when it cannot, or may not, be read. */
  readUserSchema(path: string): string | undefined;
}

/** Who offers completion and hover from the schema a user chose: nobody for none or an unreadable file; we never fetch a remote one. */
function helpFrom(kind: SchemaChoice['kind'], yamlExtensionCompletes: boolean): SchemaStatus['helpFrom'] {
  if (kind === 'none' || kind === 'unreadable') return 'none';
  if (yamlExtensionCompletes) return 'yaml-extension';
  return kind === 'remote' ? 'none' : 'fabedge';
}

export class SchemaHelp {
  /** Red Hat's YAML extension settings (the `yaml` section), which yaml-language-server reads too. */
  private yamlSettings: YamlSettings = readYamlSettings(undefined);
  /** Whether Red Hat's YAML extension runs beside us on the same documents. */
  private yamlExtension = false;
  /** For each open YAML document whose findings the YAML extension partly shows: what we published of which findings. */
  private readonly leftToYamlExtension = new Map<string, { checked: readonly Finding[]; schemaToo: boolean; shown: readonly Finding[] }>();

  constructor(private readonly host: SchemaHelpHost) {}

  /** The `yaml` settings section, as the client sends it. */
  configure(yamlSection: unknown): void {
    this.yamlSettings = readYamlSettings(yamlSection);
  }

  setYamlExtension(present: boolean): void {
    this.yamlExtension = present;
  }

  /** The schema the user chose for a file (a modeline or `yaml.schemas`). */
  choiceOf(uri: string): SchemaChoice | undefined {
    const text = this.host.readText(uri);
    if (text === undefined) return undefined;
    return schemaChoice(this.host.uris.toPath(uri), text, this.yamlSettings, this.host.uris.folderPaths, (path) => this.host.readUserSchema(path));
  }

  /** Whether the YAML extension beside us offers this from the schema the user chose. */
  private yamlExtensionServes(feature: 'completion' | 'hover'): boolean {
    return this.yamlExtension && this.yamlSettings[feature];
  }

  /**
   * The schema our completion or hover uses for a values file: our layout's, unless the user chose
   * another; nothing for `none`, a remote or unreadable schema, nor when the YAML extension beside
   * us has the user's choice (ours included) and offers the same itself.
   */
  served(uri: string, layout: LayoutId, feature: 'completion' | 'hover'): LayoutId | ServedSchema | undefined {
    const choice = this.choiceOf(uri);
    if (!choice) return layout;
    if (this.yamlExtensionServes(feature)) return undefined;
    if (choice.kind === 'fabedge') return layout;
    return choice.kind === 'local' && choice.path ? { path: choice.path } : undefined;
  }

  /** What the language status says about the schema of a values file; undefined when the user chose none. */
  status(uri: string): SchemaStatus | undefined {
    const choice = this.choiceOf(uri);
    if (!choice) return undefined;
    return { source: choice.source, reference: choice.reference, kind: choice.kind, helpFrom: helpFrom(choice.kind, this.yamlExtensionServes('completion')) };
  }

  /**
   * The findings to publish: without what the YAML extension shows for the YAML documents it has
   * open and validates (plain YAML syntax errors; the values-schema findings too when it validates
   * the file against our schema). It shows nothing for closed files, so neither do we hide. A file
   * whose findings are as before keeps the same array, for the server's compare by identity.
   */
  shown(byFile: ReadonlyMap<string, readonly Finding[]>): Map<string, readonly Finding[]> {
    const validated = new Map<string, TextDocument>();
    if (this.yamlExtension && this.yamlSettings.validate) {
      for (const document of this.host.documents()) if (document.languageId === 'yaml') validated.set(this.host.uris.toPath(document.uri), document);
    }
    for (const file of this.leftToYamlExtension.keys()) if (!validated.has(file)) this.leftToYamlExtension.delete(file);
    const result = new Map<string, readonly Finding[]>();
    for (const [file, checked] of byFile) {
      const document = validated.get(file);
      result.set(file, document ? this.withoutWhatTheYamlExtensionShows(file, checked, document) : checked);
    }
    return result;
  }

  private withoutWhatTheYamlExtensionShows(file: string, checked: readonly Finding[], document: TextDocument): readonly Finding[] {
    const schemaToo = this.choiceOf(document.uri)?.kind === 'fabedge';
    const before = this.leftToYamlExtension.get(file);
    if (before && before.checked === checked && before.schemaToo === schemaToo) return before.shown;
    const kept = checked.filter((f) => !f.plainSyntax && !(schemaToo && f.rule === 'values-schema'));
    const shown = kept.length === checked.length ? checked : kept;
    this.leftToYamlExtension.set(file, { checked, schemaToo, shown });
    return shown;
  }
}
