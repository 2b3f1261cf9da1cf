import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ResolvedSettings } from '../../core/config/settings';
import type { FileSystemHost } from '../../core/io/fileSystem';
import { helmValuesSchemaText } from '../../core/values/schemas';
import type { CheckedFile, HelmSchema, StatusReport } from '../../shared/protocol';
import type { UriMapper } from '../lsp/uris';
import { existingSchema, fabedgeChartFolders } from './helmSchema';
import type { ProxyPathFeatures } from './proxyPaths';
import { modelines } from './schemaChoice';
import type { SchemaHelp } from './schemaHelp';
import type { WorkspaceIndexing } from './workspaceIndexing';

export interface FileQueriesHost {
  indexing: WorkspaceIndexing;
  documents: TextDocuments<TextDocument>;
  uris: UriMapper;
  fileSystem: FileSystemHost;
  settings(): ResolvedSettings;
  schemaHelp: SchemaHelp;
  proxyPaths: ProxyPathFeatures;
}

/**
 * The client's questions about the files the server checks: the status of one, the list of them,
 * whether one reads as nginx, and the Helm schema of a values file. The first three wait until the
 * workspace has been read once.
 */
export class FileQueries {
  constructor(private readonly host: FileQueriesHost) {}

  /** What the status item shows for a file. */
  async status(uri: string): Promise<StatusReport> {
    const { indexing, uris, schemaHelp, proxyPaths } = this.host;
    await indexing.firstIndex;
    const path = uris.toPath(uri);
    const files = indexing.current?.files ?? [];
    const kind = files.find((f) => f.path === path)?.kind;
    const doc = kind === 'values' ? indexing.valuesDocument(path) : undefined;
    const schema = doc ? schemaHelp.status(uri) : undefined;
    return {
      ...(kind ? { kind } : {}),
      ...(doc ? { layout: doc.layout.id } : {}),
      ...(schema ? { schema } : {}),
      related: kind === 'values' ? proxyPaths.nginxFilesFor(path) : proxyPaths.valuesFilesFor(path),
      values: files.filter((f) => f.kind === 'values').length,
      nginx: files.filter((f) => f.kind !== 'values').length,
    };
  }

  /** Every file checked, with the layout and the public addresses of the values files. */
  async files(): Promise<CheckedFile[]> {
    const { indexing, uris } = this.host;
    await indexing.firstIndex;
    const index = indexing.current;
    if (!index) return [];
    const values = new Map(index.model().values.map((doc) => [doc.file, doc]));
    return index.files.map((f) => {
      const doc = values.get(f.path);
      const field = doc?.values.publicAddresses;
      const at = field?.keyRange ?? field?.entries[0]?.range;
      return { uri: uris.toUri(f.path), kind: f.kind, ...(doc ? { layout: doc.layout.id } : {}), ...(at ? { publicAddresses: at } : {}) };
    });
  }

  /** Whether the checks read a file as nginx; a file the index has not heard of yet is classified first. */
  async readsAsNginx(uri: string): Promise<boolean> {
    const { indexing, uris, documents } = this.host;
    await indexing.firstIndex;
    const index = indexing.current;
    const path = uris.toPath(uri);
    if (!index?.covers(path)) return false;
    if (!index.readsAsNginx(path) && !documents.get(uri)) {
      index.fileChanged(path);
      indexing.scheduleRecheck();
    }
    return index.readsAsNginx(path);
  }

  /** Helm's values.schema.json for the layout of a values file, and the charts it may go to; null for any other file. */
  helmSchema(uri: string): HelmSchema | null {
    const { indexing, uris, fileSystem, documents } = this.host;
    const values = indexing.valuesDocument(uris.toPath(uri));
    if (!values) return null;
    const layout = values.layout.id;
    const charts = fabedgeChartFolders(fileSystem, values.file, uris.folderPaths, this.host.settings().settings)
      .map((folder) => ({ uri: uris.toUri(folder), existing: existingSchema(fileSystem, folder, layout) }));
    const [modeline] = modelines(documents.get(uri)?.getText() ?? values.text);
    return { layout, text: helmValuesSchemaText(layout), charts, ...(modeline ? { modelineLine: modeline.line } : {}) };
  }
}
