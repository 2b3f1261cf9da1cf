import { parseDocument } from 'yaml';
import { excessiveNesting } from './depth';
import { matchesAnyGlob } from '../glob';
import type { FileSystemHost } from '../io/fileSystem';
import { basename, dirname, inTemplatesFolder, isYamlPath, joinPath } from '../paths';
import { pairAt } from './layout';
import { parseValuesYaml } from './parse';

/**
 * Keys that only a FabEdge values file has, in some layout. Generic names (`cluster.name`,
 * `operator.image`, `keepalived.vip`) are left out on purpose: other charts use them too, and a
 * false positive would flood another chart's values with FabEdge findings.
 */
const SIGNATURES: readonly (readonly string[])[] = [
  ['cluster', 'connectorPublicAddresses'],
  ['cluster', 'connectorNodeAddresses'],
  ['cluster', 'connectorPublicPort'],
  ['cluster', 'connectorAsMediator'],
  ['cluster', 'connectorLabels'],
  ['cluster', 'cniType'],
  ['cluster', 'edgeCIDRMaskSize'],
  ['cluster', 'edgeCIDRMaskSize6'],
  ['cluster', 'operatorAPIServer'],
  ['cluster', 'serviceHubAPIServer'],
  ['fabDNS'],
  ['cluster', 'edgePodCIDR'],
  ['cluster', 'edgePodCIDR6'],
  ['cluster', 'hostOperatorAPIServer'],
  ['cluster', 'serverServiceHubAPIServer'],
  ['operator', 'connectorPublicAddresses'],
  ['operator', 'connectorSubnets'],
  ['operator', 'serviceClusterIPRanges'],
  ['operator', 'hostOperatorAPIServer'],
  ['operator', 'edgePodCIDR'],
];

const QUICK_TEST = /cniType|edgeCIDRMaskSize|operatorAPIServer|serviceHubAPIServer|fabDNS|connectorPublicAddresses|connectorNodeAddresses|connectorPublicPort|connectorAsMediator|connectorLabels|connectorSubnets|edgePodCIDR|serviceClusterIPRanges|hostOperatorAPIServer|serverServiceHubAPIServer/;

export interface ChartInfo {
  name?: string;
  version?: string;
}

/** Reads the Chart.yaml beside a file, if any. */
export function siblingChart(fs: FileSystemHost, file: string): ChartInfo | undefined {
  for (const name of ['Chart.yaml', 'Chart.yml']) {
    const chartPath = joinPath(dirname(file), name);
    if (fs.stat(chartPath)?.kind !== 'file') continue;
    try {
      const text = fs.readFile(chartPath);
      if (excessiveNesting(text) !== undefined) return {};
      const chart = parseDocument(text, { version: '1.1' }).toJS() as unknown;
      if (!chart || typeof chart !== 'object') return {};
      const { name: chartName, version } = chart as Record<string, unknown>;
      return {
        name: typeof chartName === 'string' ? chartName : undefined,
        version: version === undefined || version === null ? undefined : String(version),
      };
    } catch {
      return {};
    }
  }
  return undefined;
}

// Regular expressions of functions called for every YAML file of a workspace live here, not in
// the functions: a literal makes a new RegExp object each time it is evaluated.
const CHART_FILE = /^Chart(\.lock)?\.ya?ml$/i;
const VALUES_NAME = /values/i;

/** Whether the text (its first YAML document, the one Helm reads) has a FabEdge layout's signature keys. */
export function hasValuesSignature(text: string): boolean {
  if (!QUICK_TEST.test(text)) return false;
  // Too deep to parse: it names FabEdge keys, so let the values checks say why it cannot be read.
  if (excessiveNesting(text) !== undefined) return true;
  try {
    const doc = parseValuesYaml(text)[0];
    return SIGNATURES.some((path) => pairAt(doc, path) !== undefined);
  } catch {
    return false;
  }
}

/**
 * Decides whether a YAML file is a FabEdge values file: matched by the `fabedge.valuesFiles`
 * globs, a values file beside a Chart.yaml named fabedge, or (outside any chart) with a FabEdge
 * signature. Files under a chart's `templates/` are Helm templates, never values, and a file
 * beside another chart's Chart.yaml belongs to that chart whatever keys it has.
 */
export function isValuesFile(fs: FileSystemHost, file: string, text: string, valuesGlobs: readonly string[]): boolean {
  if (matchesAnyGlob(file, valuesGlobs)) return true;
  const name = basename(file);
  if (!isYamlPath(file) || inTemplatesFolder(file) || CHART_FILE.test(name)) return false;
  const valuesName = VALUES_NAME.test(name);
  // Every way below to a values file needs "values" in the name or a FabEdge key in the text:
  // most YAML files of a workspace have neither, and then need no look at their folder.
  if (!valuesName && !QUICK_TEST.test(text)) return false;
  const chart = siblingChart(fs, file);
  if (chart?.name !== undefined) return chart.name === 'fabedge' && (valuesName || hasValuesSignature(text));
  // A values*.yaml naming FabEdge keys that does not parse (a tab in the indentation, say) is a
  // broken values file: say so, rather than pass it over because its keys cannot be read.
  return hasValuesSignature(text) || (valuesName && namesKeysButDoesNotParse(text));
}

function namesKeysButDoesNotParse(text: string): boolean {
  if (!QUICK_TEST.test(text) || excessiveNesting(text) !== undefined) return false;
  try {
    return parseDocument(text, { version: '1.1', uniqueKeys: false }).errors.length > 0;
  } catch {
    return true;
  }
}
