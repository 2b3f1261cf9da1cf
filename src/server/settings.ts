import { configureFolder } from '../core/config/configFile';
import { combineFolders, readSettingValues, resolveFolder, type ResolvedSettings } from '../core/config/settings';
import type { ConfigProblem } from '../core/io/settings';
import { RULE_IDS } from '../core/engine';
import type { FileSystemHost } from '../core/io/fileSystem';

/** A workspace folder and its `fabedge` section as the client sends it (VS Code's: only what the user set). */
export interface EditorFolderSettings {
  /** Undefined when the editor opened files without a folder. */
  path: string | undefined;
  raw: unknown;
}

/**
 * The settings the server checks with: each folder's config file (`.fabedge.yaml` in it or above
 * it, as `fabedge-lint` finds it from its current folder), with the editor's settings for that
 * folder on top. Malformed editor settings are left out (VS Code already flags them against
 * package.json); a malformed config file becomes `config-file` findings.
 */
export function editorSettings(fs: FileSystemHost, folders: readonly EditorFolderSettings[], trusted: boolean): ResolvedSettings {
  const problems = new Map<string, readonly ConfigProblem[]>();
  const configured = folders.map(({ path, raw }) => {
    const overrides = { values: readSettingValues(raw, RULE_IDS).values, base: path ?? '/' };
    // Files opened without a folder: the editor's settings alone.
    if (path === undefined) return resolveFolder('/', [overrides], trusted);
    const { folder, configFile } = configureFolder(fs, path, { overrides, trusted, knownRules: RULE_IDS });
    // Two folders under one config file: its problems are reported once.
    if (configFile) problems.set(configFile.path, configFile.problems);
    return folder;
  });
  return combineFolders(configured, [...problems.values()].flat());
}
