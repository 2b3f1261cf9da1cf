/** The settings that shape discovery and analysis, shared by the editor and `fabedge-lint`. */
export interface WorkspaceSettings {
  /** Globs of files and folders to leave out. */
  exclude: string[];
  /** Globs of files to treat as FabEdge values files whatever their content. */
  valuesFiles: string[];
  /** Globs of files to treat as nginx configurations whatever their name. */
  nginxFiles: string[];
  /** Globs of nginx files whose IKE relays front the FabEdge connector, when no values file in the workspace says so. */
  proxyFiles: string[];
  /** The FabEdge chart version, overriding layout detection. */
  chartVersion?: string;
  /** Files larger than this are skipped. */
  maxFileSize: number;
  /** Whether `include` may read files outside the workspace folder. */
  followIncludesOutsideWorkspace: boolean;
}

export const DEFAULT_SETTINGS: WorkspaceSettings = {
  exclude: [],
  valuesFiles: [],
  nginxFiles: [],
  proxyFiles: [],
  maxFileSize: 2 * 1024 * 1024,
  followIncludesOutsideWorkspace: false,
};

/** Folders never scanned. */
export const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.vscode-test', '.hg', '.svn']);
