/**
 * nginx configurations embedded in Kubernetes ConfigMaps: a `data` entry named `nginx.conf` or
 * `*.conf` written as a literal block scalar (`|`, `|-`, `|+`, optionally with an indentation
 * indicator). The content is de-indented line by line, so a position in the nginx text maps back
 * to the YAML file by adding the first content line and the block's indentation.
 *
 * A line scanner rather than a YAML parser: the mapping must be exact per character, and a
 * literal block scalar's content is the source text minus a fixed indentation.
 */
import { LineIndex, type Position, type Range } from '../text';

export interface EmbeddedConfig {
  key: string;
  /** The de-indented nginx text. */
  text: string;
  /** 0-based YAML line of the first content line. */
  firstLine: number;
  /** Spaces removed from every content line. */
  indent: number;
  /** YAML range of the data key, for findings about the entry as a whole. */
  keyRange: Range;
}

const KEY_LINE = /^( *)(?:"([^"]+)"|'([^']+)'|([^\s"'#][^:#]*?)) *: *(\|[-+]?\d?|\|\d?[-+]?)? *(?:#.*)?\r?$/;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** Every nginx configuration a ConfigMap document (or multi-document stream) holds. */
export function extractConfigMapConfigs(text: string): EmbeddedConfig[] {
  const lines = text.split('\n');
  const result: EmbeddedConfig[] = [];
  let docStart = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i === lines.length || /^(---|\.\.\.)(\s|$)/.test(lines[i])) {
      scanDocument(lines, docStart, i, result);
      docStart = i + 1;
    }
  }
  return result;
}

function scanDocument(lines: string[], from: number, to: number, out: EmbeddedConfig[]): void {
  let isConfigMap = false;
  let dataLine = -1;
  for (let i = from; i < to; i++) {
    if (/^kind: *["']?ConfigMap["']? *(#.*)?\r?$/.test(lines[i])) isConfigMap = true;
    if (/^data: *(#.*)?\r?$/.test(lines[i])) dataLine = i;
  }
  if (!isConfigMap || dataLine === -1) return;
  let keyIndent = -1;
  for (let i = dataLine + 1; i < to; i++) {
    const line = lines[i];
    if (isBlank(line) || line.trimStart().startsWith('#')) continue;
    const indent = indentOf(line);
    if (indent === 0) return;
    if (keyIndent === -1) keyIndent = indent;
    if (indent !== keyIndent) continue;
    const match = KEY_LINE.exec(line);
    if (!match) continue;
    const key = match[2] ?? match[3] ?? match[4] ?? '';
    const indicator = match[5];
    if (!indicator || !(key === 'nginx.conf' || key.endsWith('.conf'))) continue;
    const explicit = /\d/.exec(indicator);
    let blockIndent = explicit ? keyIndent + Number(explicit[0]) : -1;
    let last = -1;
    let j = i + 1;
    for (; j < to; j++) {
      const content = lines[j];
      if (isBlank(content)) continue;
      const contentIndent = indentOf(content);
      if (blockIndent === -1) {
        if (contentIndent <= keyIndent) break;
        blockIndent = contentIndent;
      }
      if (contentIndent < blockIndent) break;
      last = j;
    }
    if (last === -1 || blockIndent === -1) continue;
    const body = lines.slice(i + 1, last + 1).map((l) => (isBlank(l) ? '' : l.slice(blockIndent)));
    const keyStart = line.indexOf(key);
    out.push({
      key,
      text: `${body.join('\n')}\n`,
      firstLine: i + 1,
      indent: blockIndent,
      keyRange: { start: { line: i, character: keyStart }, end: { line: i, character: keyStart + key.length } },
    });
    i = last;
  }
}

// Tested on every YAML file of a workspace: one RegExp object, not one per call of a literal.
const CONFIGMAP_KIND = /^kind: *["']?ConfigMap/m;

export function isNginxConfigMap(text: string): boolean {
  return CONFIGMAP_KIND.test(text) && extractConfigMapConfigs(text).length > 0;
}

/** Position mapping from an embedded text back into its YAML file. */
export function configMapMapper(config: EmbeddedConfig): { positionAt(offset: number): Position; rangeOf(start: number, end: number): Range } {
  const index = new LineIndex(config.text);
  const positionAt = (offset: number): Position => {
    const p = index.positionAt(offset);
    return { line: config.firstLine + p.line, character: p.character + config.indent };
  };
  return { positionAt, rangeOf: (start, end) => ({ start: positionAt(start), end: positionAt(end) }) };
}
