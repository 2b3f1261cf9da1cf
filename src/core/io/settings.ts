import { isInside } from '../paths';
import type { LocalizedText } from '../l10n';
import type { Range } from '../text';

/** Something wrong in a config file, where it is. */
export interface ConfigProblem {
  file: string;
  range: Range;
  message: LocalizedText;
  args?: Readonly<Record<string, string | number>>;
}

/**
 * The settings that shape discovery and analysis, shared by the editor and `fabedge-lint`. They
 * come from `src/core/config/` (the config file, the editor's settings, the CLI's flags), which
 * anchors every glob at the folder that stated it.
 */
export interface WorkspaceSettings {
  /** Absolute globs (see anchorGlob) of files and folders to leave out. */
  exclude: string[];
  /** Absolute globs of files to treat as FabEdge values files whatever their content. */
  valuesFiles: string[];
  /** Absolute globs of files to treat as nginx configurations whatever their name. */
  nginxFiles: string[];
  /** Absolute globs of nginx files whose IKE relays front the FabEdge connector, when nothing else in the workspace says so. */
  proxyFiles: string[];
  /** The FabEdge chart version, overriding layout detection. */
  chartVersion?: string;
  /** Files larger than this are skipped. */
  maxFileSize: number;
  /** Whether `include` may read files outside the workspace folder. */
  followIncludesOutsideWorkspace: boolean;
  /**
   * Workspace folders whose own settings differ by folder (a multi-root workspace): a path below
   * one of them takes its values from the deepest; any other path the ones above.
   */
  folders?: readonly FolderSettings[];
  /** What was wrong in the config file, reported as `config-file` findings. */
  configProblems?: readonly ConfigProblem[];
}

/** The settings a workspace folder may hold for itself, besides globs (which are absolute). */
export interface FolderSettings {
  folder: string;
  chartVersion?: string;
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

/** The deepest of `scopes` whose folder holds `path`. */
export function deepestScope<T extends { folder: string }>(scopes: readonly T[] | undefined, path: string): T | undefined {
  let found: T | undefined;
  for (const scope of scopes ?? []) {
    if (isInside(scope.folder, path) && (!found || scope.folder.length > found.folder.length)) found = scope;
  }
  return found;
}

/** The chart version the settings name for a values file. */
export function chartVersionFor(settings: WorkspaceSettings, path: string): string | undefined {
  const folder = deepestScope(settings.folders, path);
  return folder ? folder.chartVersion : settings.chartVersion;
}

/** Whether an include written in `path` may read files outside the workspace folders. */
export function followsIncludesOutside(settings: WorkspaceSettings, path: string): boolean {
  return (deepestScope(settings.folders, path) ?? settings).followIncludesOutsideWorkspace;
}
