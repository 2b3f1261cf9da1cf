import type { Finding } from '../findings';
import { lintWorkspace, type LintOptions } from '../engine';
import { parseValuesDocument, type ValuesDocument } from '../values/model';
import { siblingChart } from '../values/detect';
import { buildNginxTrees } from '../nginx/includes';
import type { FileSystemHost } from './fileSystem';
import { discover, type DiscoveredFile, type SkippedFile } from './discovery';
import type { WorkspaceModel } from './model';
import type { WorkspaceSettings } from './settings';

export function loadValuesDocument(fs: FileSystemHost, path: string, settings: WorkspaceSettings): ValuesDocument {
  const chartVersion = settings.chartVersion || siblingChart(fs, path)?.version;
  return parseValuesDocument(path, fs.readFile(path), chartVersion ? { chartVersion } : {});
}

/** Parses every discovered file once and builds the model the rules look at. */
export function buildModel(fs: FileSystemHost, files: readonly DiscoveredFile[], settings: WorkspaceSettings): WorkspaceModel {
  return {
    values: files.filter((f) => f.kind === 'values').map((f) => loadValuesDocument(fs, f.path, settings)),
    nginx: buildNginxTrees(fs, files, settings),
  };
}

export interface LintResult {
  files: (DiscoveredFile & { layout?: string })[];
  skipped: SkippedFile[];
  findings: Finding[];
  model: WorkspaceModel;
}

/** Discovers, parses and checks files and folders: what `fabedge-lint` and tests run. */
export function lintPaths(fs: FileSystemHost, paths: readonly string[], settings: WorkspaceSettings, options: LintOptions): LintResult {
  const { files, skipped } = discover(fs, paths, settings);
  const model = buildModel(fs, files, settings);
  const layouts = new Map(model.values.map((doc) => [doc.file, doc.layout.id]));
  const findings = lintWorkspace(model, options, (file) => {
    try {
      return fs.readFile(file);
    } catch {
      return undefined;
    }
  });
  return {
    files: files.map((f) => (layouts.has(f.path) ? { ...f, layout: layouts.get(f.path) } : f)),
    skipped,
    findings,
    model,
  };
}
