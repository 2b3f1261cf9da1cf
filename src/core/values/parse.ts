/** Parses a values file into the values model (./model), the way Helm reads it. */
import { parseAllDocuments, parseDocument, YAMLParseError, type Document } from 'yaml';
import { excessiveNesting, MAX_YAML_DEPTH } from './depth';
import { LineIndex } from '../text';
import { detectLayout } from './layout';
import { HELM_YAML_OPTIONS } from './helm';
import { readFabEdgeValues } from './layoutFields';
import type { ValuesDocument } from './model';

export interface ValuesParseOptions {
  /** The chart version from a sibling Chart.yaml or the `fabedge.chartVersion` setting. */
  chartVersion?: string;
  /** The file is the chart's own `values.yaml` (see ValuesDocument.chartDefaults). */
  chartDefaults?: boolean;
}

export function parseValuesDocument(file: string, text: string, options: ValuesParseOptions = {}): ValuesDocument {
  const documents = parsedForDetection.get(text) ?? parseAll(text);
  parsedForDetection.delete(text);
  const yaml = documents[0];
  const lines = new LineIndex(text);
  const layout = detectLayout(yaml, options.chartVersion);
  return { file, text, lines, documents, yaml, layout, values: readFabEdgeValues(yaml, text, lines, layout), chartDefaults: options.chartDefaults === true };
}

/**
 * Texts parsed while deciding whether a file is a values file, kept for parseValuesDocument: a
 * workspace scan would otherwise parse every values file twice. Bounded, oldest first out: an
 * entry nobody takes (a file that names a FabEdge key but is no values file) costs a re-parse at most.
 */
const parsedForDetection = new Map<string, Document.Parsed[]>();
const DETECTION_PARSES_KEPT = 256;

/** The YAML documents of a text as Helm reads them; parseValuesDocument takes them over. */
export function parseValuesYaml(text: string): Document.Parsed[] {
  let documents = parsedForDetection.get(text);
  if (!documents) {
    documents = parseAll(text);
    parsedForDetection.set(text, documents);
    if (parsedForDetection.size > DETECTION_PARSES_KEPT) parsedForDetection.delete(parsedForDetection.keys().next().value as string);
  }
  return documents;
}

function parseAll(text: string): Document.Parsed[] {
  const tooDeep = excessiveNesting(text);
  if (tooDeep !== undefined) {
    // Not parsed at all: an empty document carrying the one error values-syntax reports.
    const empty = parseDocument('', HELM_YAML_OPTIONS);
    empty.errors.push(new YAMLParseError([tooDeep, Math.min(tooDeep + 1, text.length)], 'RESOURCE_EXHAUSTION', `nested more than ${MAX_YAML_DEPTH} levels deep; the file is not read any further`));
    return [empty];
  }
  const docs = parseAllDocuments(text, HELM_YAML_OPTIONS);
  if (Array.isArray(docs) && docs.length > 0) return docs as Document.Parsed[];
  return [parseDocument(text, HELM_YAML_OPTIONS)];
}
