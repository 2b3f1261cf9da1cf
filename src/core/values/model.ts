import { parseDocument, type Document } from 'yaml';
import { LineIndex } from '../text';
import { detectLayout, type LayoutInfo } from './layout';

/** A FabEdge values file, parsed the way Helm reads it (YAML 1.1), with source ranges. */
export interface ValuesDocument {
  file: string;
  text: string;
  lines: LineIndex;
  /** Every YAML document in the file; Helm reads only the first. */
  documents: Document.Parsed[];
  /** The first document. */
  yaml: Document.Parsed;
  layout: LayoutInfo;
}

export interface ValuesParseOptions {
  /** The chart version from a sibling Chart.yaml or the `fabedge.chartVersion` setting. */
  chartVersion?: string;
}

export function parseValuesDocument(file: string, text: string, options: ValuesParseOptions = {}): ValuesDocument {
  const documents = parseAllDocuments(text);
  const yaml = documents[0];
  return { file, text, lines: new LineIndex(text), documents, yaml, layout: detectLayout(yaml, options.chartVersion) };
}

function parseAllDocuments(text: string): Document.Parsed[] {
  const docs: Document.Parsed[] = [];
  // parseDocument reads one document; split on document markers ourselves only when needed.
  const first = parseDocument(text, { version: '1.1', keepSourceTokens: false, prettyErrors: false, uniqueKeys: false });
  docs.push(first);
  return docs;
}
