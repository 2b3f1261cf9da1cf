import { parseDocument } from 'yaml';
import { matchesAnyGlob } from '../glob';
import type { FileSystemHost } from '../workspace/fileSystem';
import { dirname, joinPath } from '../paths';
import { nodeAt } from './layout';

/** Keys only a FabEdge values file has, across every chart layout. */
const SIGNATURES: readonly (readonly string[])[] = [
  ['cluster', 'connectorPublicAddresses'],
  ['operator', 'connectorPublicAddresses'],
  ['operator', 'connectorSubnets'],
  ['operator', 'edgePodCIDR'],
  ['cluster', 'connectorNodeAddresses'],
  ['cluster', 'edgePodCIDR'],
  ['operator', 'cluster', 'role'],
];

export interface ChartInfo {
  name?: string;
  version?: string;
}

/** Reads the Chart.yaml beside a file, if any. */
export function siblingChart(fs: FileSystemHost, file: string): ChartInfo | undefined {
  const chartPath = joinPath(dirname(file), 'Chart.yaml');
  if (fs.stat(chartPath)?.kind !== 'file') return undefined;
  try {
    const chart = parseDocument(fs.readFile(chartPath), { version: '1.1' }).toJS() as unknown;
    if (!chart || typeof chart !== 'object') return {};
    const { name, version } = chart as Record<string, unknown>;
    return { name: typeof name === 'string' ? name : undefined, version: version === undefined ? undefined : String(version) };
  } catch {
    return {};
  }
}

export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/** Whether the text has a FabEdge layout's signature keys. */
export function hasValuesSignature(text: string): boolean {
  if (!/connectorPublicAddresses|connectorSubnets|edgePodCIDR|connectorNodeAddresses|cluster:/.test(text)) return false;
  try {
    const doc = parseDocument(text, { version: '1.1' });
    return SIGNATURES.some((path) => nodeAt(doc, path) !== undefined);
  } catch {
    return false;
  }
}

/**
 * Decides whether a YAML file is a FabEdge values file: matched by the `fabedge.valuesFiles`
 * globs, beside a Chart.yaml named fabedge, or (outside another chart) with a FabEdge signature.
 * Files under a chart's `templates/` are Helm templates, never values.
 */
export function isValuesFile(fs: FileSystemHost, file: string, text: string, valuesGlobs: readonly string[]): boolean {
  if (matchesAnyGlob(file, valuesGlobs)) return true;
  if (!isYamlPath(file) || /(^|\/)templates\//.test(file) || /(^|\/)Chart\.ya?ml$/.test(file)) return false;
  const chart = siblingChart(fs, file);
  if (chart?.name !== undefined) return chart.name === 'fabedge' && /values/i.test(file.slice(file.lastIndexOf('/') + 1));
  return hasValuesSignature(text);
}
