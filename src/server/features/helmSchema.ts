/**
 * Where "Export values schema for Helm" writes: Helm reads `values.schema.json` only from the
 * chart's own folder (beside Chart.yaml), so the schema goes into the folder of the FabEdge chart
 * the values file is for, when the workspace has that chart.
 */
import { matchesAnyGlob } from '../../core/glob';
import { dirname, isInside, joinPath } from '../../core/paths';
import { siblingChart } from '../../core/values/detect';
import { helmValuesSchemaText, isFabEdgeValuesSchema } from '../../core/values/schemas';
import type { LayoutId } from '../../core/values/layout';
import type { ExistingSchema } from '../../shared/protocol';
import type { FileSystemHost } from '../../core/io/fileSystem';
import { SKIPPED_FOLDERS, type WorkspaceSettings } from '../../core/io/settings';

const HELM_SCHEMA_FILE = 'values.schema.json';

function isFabEdgeChart(fs: FileSystemHost, folder: string): boolean {
  return siblingChart(fs, joinPath(folder, 'Chart.yaml'))?.name === 'fabedge';
}

/** The FabEdge chart folders below `root`, as discovery walks it (no node_modules, .git or excluded paths). */
function chartsBelow(fs: FileSystemHost, root: string, settings: WorkspaceSettings, found: string[]): void {
  let entries;
  try {
    entries = fs.readDirectory(root);
  } catch {
    return;
  }
  if (entries.some((entry) => entry.kind !== 'directory' && /^Chart\.ya?ml$/.test(entry.name)) && isFabEdgeChart(fs, root)) found.push(root);
  for (const entry of entries) {
    const path = joinPath(root, entry.name);
    if (entry.kind === 'directory' && !SKIPPED_FOLDERS.has(entry.name) && !matchesAnyGlob(path, settings.exclude)) chartsBelow(fs, path, settings, found);
  }
}

/**
 * The folders of the FabEdge charts a values file may be for: the chart it lives in (its own
 * folder or one above it, up to the workspace folder), else every FabEdge chart of the workspace.
 */
export function fabedgeChartFolders(fs: FileSystemHost, valuesFile: string, roots: readonly string[], settings: WorkspaceSettings): string[] {
  const top = roots.find((folder) => isInside(folder, valuesFile)) ?? '/';
  for (let folder = dirname(valuesFile); ; folder = dirname(folder)) {
    const chart = siblingChart(fs, joinPath(folder, 'Chart.yaml'));
    // The nearest chart above a file is the one it belongs to; the values of another chart are not paired.
    if (chart) {
      if (chart.name === 'fabedge') return [folder];
      break;
    }
    if (folder === top || folder === '/') break;
  }
  const found: string[] = [];
  for (const folder of roots) chartsBelow(fs, folder, settings, found);
  return found;
}

export function existingSchema(fs: FileSystemHost, chartFolder: string, layout: LayoutId): ExistingSchema {
  const path = joinPath(chartFolder, HELM_SCHEMA_FILE);
  if (fs.stat(path)?.kind !== 'file') return 'none';
  let text: string;
  try {
    text = fs.readFile(path);
  } catch {
    return 'other';
  }
  if (text === helmValuesSchemaText(layout)) return 'same';
  try {
    return isFabEdgeValuesSchema(JSON.parse(text)) ? 'fabedge' : 'other';
  } catch {
    return 'other';
  }
}
