/**
 * The requests and commands the FabEdge client and server exchange beyond LSP. Pure data: the
 * client imports this module too.
 */
import type { Position, Range } from '../core/text';

/** `{ uri }` → what the status item shows for one file. */
export const STATUS_REQUEST = 'fabedge/status';

export interface StatusReport {
  kind?: string;
  layout?: string;
  /** For a values file: the nginx files in front of it; for an nginx file: the values files behind it. */
  related: string[];
  values: number;
  nginx: number;
}

/** `{ uri }` → Helm's values.schema.json for the layout of a values file, or null. */
export const HELM_SCHEMA_REQUEST = 'fabedge/helmValuesSchema';

export interface HelmSchema {
  layout: string;
  text: string;
}

/** `{ uri }` → the nginx proxy for a values file, or null when the file is no values file. */
export const GENERATE_PROXY_REQUEST = 'fabedge/generateProxy';
/** The command behind the "Generate the nginx proxy" code action; its argument is the values file's URI. */
export const GENERATE_PROXY_COMMAND = 'fabedge.generateProxy';

export type GeneratedProxy =
  | { kind: 'edits'; uri: string; edits: { range: Range; newText: string }[] }
  | { kind: 'new-file'; uri: string; text: string }
  | { kind: 'snippet'; uri: string; snippet: string; position?: Position; newFile?: boolean };

/**
 * `{ uri }`, client → server: a file open in an editor without unsaved changes was deleted on
 * disk. The server then checks the workspace without it, as if it were closed; typing in that
 * editor brings it back.
 */
export const DOCUMENT_DELETED_NOTIFICATION = 'fabedge/documentDeleted';

/** `{}` → `{ pid }`: the server's process id, for the crash-recovery test and for bug reports. */
export const SERVER_INFO_REQUEST = 'fabedge/serverInfo';

/** `{}` → every file the server checks, with its kind and, for values files, the layout. */
export const FILES_REQUEST = 'fabedge/files';

export interface CheckedFile {
  uri: string;
  kind: string;
  layout?: string;
  /** Values files: where `connectorPublicAddresses` is (key or first entry). */
  publicAddresses?: Range;
}

/**
 * `{ uri }` → whether the checks read that file as nginx (by its content, or because an nginx file
 * includes it). The client asks for `.conf` files and Debian's vhost files that VS Code opened as
 * plain text or properties, and gives them the nginx language when the answer is yes.
 */
export const READS_AS_NGINX_REQUEST = 'fabedge/readsAsNginx';
