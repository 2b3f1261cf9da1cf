/**
 * Every message the FabEdge client and server exchange beyond LSP, typed once: each request and
 * notification with its parameters and result, each command the server puts in a code action or
 * CodeLens with its arguments, and the initialization options. The client and the server send and
 * handle these objects only, never a method name. Pure data on top of JSON-RPC's message types
 * (vscode-jsonrpc's transport-free entry point): the client imports this module too.
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-jsonrpc';
import type { Position, Range } from '../core/text';

/** The parameters of every request and notification about one file. */
export interface FileParams {
  uri: string;
}

/** What the client tells the server in `initialize`, read again at each start. */
export interface InitializationOptions {
  /** Whether VS Code trusts the workspace: an untrusted one is never read outside its folders and never probed. */
  trusted: boolean;
  /** Whether Red Hat's YAML extension is installed and enabled (see `YAML_EXTENSION_NOTIFICATION`). */
  yamlExtension: boolean;
  /** `SHOW_RULE_DOCUMENTATION_COMMAND` when the client has it: the server then offers it as a code action. */
  ruleDocumentationCommand: string;
}

/**
 * What kind of schema a values file names:
 * - `fabedge`: one of our schemas (an exported values.schema.json or a copy of it)
 * - `none`: `$schema=none`, no schema at all
 * - `remote`: a URL, never fetched here
 * - `local`: another schema file on disk
 * - `unreadable`: a file that is missing, too large, outside what we may read, or not a JSON object
 */
export type SchemaKind = 'fabedge' | 'none' | 'remote' | 'local' | 'unreadable';

export interface SchemaChoice {
  source: 'modeline' | 'yaml.schemas';
  /** As the user wrote it. */
  reference: string;
  kind: SchemaKind;
  /** For `local` and `fabedge`: the schema file's path. */
  path?: string;
}

/** What a chart folder holds where the schema would go: nothing, this very schema, another FabEdge schema, or someone else's file. */
export type ExistingSchema = 'none' | 'same' | 'fabedge' | 'other';

export interface StatusReport {
  kind?: string;
  layout?: string;
  /** For a values file: the nginx files in front of it; for an nginx file: the values files behind it. */
  related: string[];
  values: number;
  nginx: number;
  /** For a values file that names a schema (a modeline or `yaml.schemas`): which one, and who serves it. */
  schema?: SchemaStatus;
}

export interface SchemaStatus extends Pick<SchemaChoice, 'source' | 'reference' | 'kind'> {
  /** Where completion and hover from a schema come from: us, the YAML extension beside us, or nowhere. */
  helpFrom: 'fabedge' | 'yaml-extension' | 'none';
}

/** What the status item shows for one file; answered once the workspace has been read. */
export const STATUS_REQUEST = new RequestType<FileParams, StatusReport, void>('fabedge/status');

export interface YamlExtensionParams {
  present: boolean;
}

/**
 * Client → server: whether Red Hat's YAML extension is installed and enabled (also sent as the
 * `yamlExtension` initialization option). It activates on every YAML document, runs
 * yaml-language-server on it and validates it unless `yaml.validate` is off.
 */
export const YAML_EXTENSION_NOTIFICATION = new NotificationType<YamlExtensionParams>('fabedge/yamlExtension');

export interface HelmSchema {
  layout: string;
  text: string;
  /**
   * The folders (URIs) of the FabEdge charts the values file may be for, the chart it lives in
   * alone if any, and what each holds at values.schema.json; empty when the workspace has none.
   */
  charts: { uri: string; existing: ExistingSchema }[];
  /** The 0-based line of the values file's schema modeline, if it has one. */
  modelineLine?: number;
}

/** Helm's values.schema.json for the layout of a values file, or null for a file that is no values file. */
export const HELM_SCHEMA_REQUEST = new RequestType<FileParams, HelmSchema | null, void>('fabedge/helmValuesSchema');

export type GeneratedProxy =
  | { kind: 'edits'; uri: string; edits: { range: Range; newText: string }[] }
  | { kind: 'new-file'; uri: string; text: string }
  | { kind: 'snippet'; uri: string; snippet: string; position?: Position; newFile?: boolean };

/** The nginx proxy for a values file, or null when the file is no values file. */
export const GENERATE_PROXY_REQUEST = new RequestType<FileParams, GeneratedProxy | null, void>('fabedge/generateProxy');
/** The command behind the "Generate the nginx proxy" code action; its argument is the values file's URI. */
export const GENERATE_PROXY_COMMAND = 'fabedge.generateProxy';

/**
 * Client → server: a file open in an editor without unsaved changes was deleted on disk. The
 * server then checks the workspace without it, as if it were closed; typing in that editor
 * brings it back.
 */
export const DOCUMENT_DELETED_NOTIFICATION = new NotificationType<FileParams>('fabedge/documentDeleted');

export interface ServerInfo {
  pid: number;
}

/** The server's process id, for the crash-recovery test and for bug reports. */
export const SERVER_INFO_REQUEST = new RequestType0<ServerInfo, void>('fabedge/serverInfo');

export interface CheckedFile {
  uri: string;
  kind: string;
  layout?: string;
  /** Values files: where `connectorPublicAddresses` is (key or first entry). */
  publicAddresses?: Range;
}

/** Every file the server checks, with its kind and, for values files, the layout; answered once the workspace has been read. */
export const FILES_REQUEST = new RequestType0<CheckedFile[], void>('fabedge/files');

/** Client command, argument a rule id: opens the rule's page. The server offers it as a code action when the client says it has it. */
export const SHOW_RULE_DOCUMENTATION_COMMAND = 'fabedge.showRuleDocumentation';

/** Every port answered (`ok`) or not, in one line and as the full report; or why nothing was sent. */
export type ProbeAnswer = { ok: boolean; summary: string; text: string } | { problem: string };

/**
 * The probe of a values file's dial address, or null in an untrusted workspace or for a file that
 * is no values file. The only request that sends packets: the client makes it when the user
 * clicks the probe's CodeLens or runs the command.
 */
export const PROBE_REQUEST = new RequestType<FileParams, ProbeAnswer | null, void>('fabedge/probe');
/** The command behind the probe's CodeLens; its argument is the values file's URI. */
export const PROBE_COMMAND = 'fabedge.probePublicAddress';

/**
 * Whether the checks read that file as nginx (by its content, or because an nginx file includes
 * it). The client asks for `.conf` files and Debian's vhost files that VS Code opened as plain
 * text or properties, and gives them the nginx language when the answer is yes.
 */
export const READS_AS_NGINX_REQUEST = new RequestType<FileParams, boolean, void>('fabedge/readsAsNginx');

/** The command behind the path's CodeLens above `connectorPublicAddresses`: it shows the nginx listens that serve the address. */
export const SHOW_LOCATIONS_COMMAND = 'fabedge.showLocations';

/** The arguments of `SHOW_LOCATIONS_COMMAND`: the values file, where the CodeLens is, and the listens. */
export type ShowLocationsArguments = [uri: string, position: Position, locations: { uri: string; range: Range }[]];
