import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { basename, dirname, joinPath } from '../paths';
import { LineIndex, type Range } from '../text';
import type { FileSystemHost } from '../io/fileSystem';
import { readSettingValues, resolveFolder, type FolderConfiguration, type SettingsLayer, type SettingValues } from './settings';
import type { ConfigProblem } from '../io/settings';

/** The workspace configuration file, at the root of a workspace folder (or of a folder above it). */
export const CONFIG_FILE_NAME = '.fabedge.yaml';

/** A config file is a few lines; anything this large is not one, and is not read. */
const MAX_CONFIG_SIZE = 256 * 1024;

export function isConfigFile(path: string): boolean {
  return basename(path) === CONFIG_FILE_NAME;
}

/**
 * The config file that applies to a folder: `.fabedge.yaml` in the folder, else in the nearest
 * folder above it, as ESLint looks for its config from the current folder up. The editor looks
 * from each workspace folder, `fabedge-lint` from the current folder, so both find the same file
 * for the same checkout.
 */
export function findConfigFile(fs: FileSystemHost, folder: string): string | undefined {
  for (let current = folder; ;) {
    const candidate = joinPath(current, CONFIG_FILE_NAME);
    if (fs.stat(candidate)?.kind === 'file') return candidate;
    const parent = dirname(current);
    // `/` is its own parent; a drive (`C:`) has `.`, which is no folder above it.
    if (parent === current || parent === '.') return undefined;
    current = parent;
  }
}

export interface ConfigFile {
  path: string;
  values: SettingValues;
  problems: ConfigProblem[];
}

const UNREADABLE = { en: 'The configuration file cannot be read ({detail}).', 'zh-cn': '无法读取配置文件（{detail}）。' };
const TOO_LARGE = { en: 'The configuration file is larger than 256 KB and was not read.', 'zh-cn': '配置文件大于 256 KB，未读取。' };
const NOT_YAML = { en: 'The configuration file is not valid YAML: {detail}', 'zh-cn': '配置文件不是有效的 YAML：{detail}' };

const WHOLE_FILE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * Reads a config file: the settings it states well, and a problem (placed on the key or entry it
 * is about) for each it states badly. A file that is no YAML mapping states nothing. Never throws.
 */
function readConfigFile(fs: FileSystemHost, path: string, knownRules: ReadonlySet<string>): ConfigFile {
  let text: string;
  try {
    const size = fs.stat(path)?.size ?? 0;
    if (size > MAX_CONFIG_SIZE) return { path, values: {}, problems: [{ file: path, range: WHOLE_FILE, message: TOO_LARGE }] };
    text = fs.readFile(path);
  } catch (error) {
    return { path, values: {}, problems: [{ file: path, range: WHOLE_FILE, message: UNREADABLE, args: { detail: error instanceof Error ? error.message : String(error) } }] };
  }
  return parseConfigText(path, text, knownRules);
}

export function parseConfigText(path: string, text: string, knownRules: ReadonlySet<string>): ConfigFile {
  const lines = new LineIndex(text);
  // YAML 1.2, as every current YAML tool reads it: `rules: { proxy-timeout: off }` is the string "off".
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const [start, end] = error.pos;
    return {
      path,
      values: {},
      problems: [{ file: path, range: lines.rangeOf(start, end), message: NOT_YAML, args: { detail: error.message.split('\n')[0] } }],
    };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { path, values: {}, problems: [{ file: path, range: WHOLE_FILE, message: NOT_YAML, args: { detail: error instanceof Error ? error.message : String(error) } }] };
  }
  const { values, problems } = readSettingValues(raw, knownRules);
  return {
    path,
    values,
    problems: problems.map((p) => ({ file: path, range: rangeOfPath(doc.contents, p.path, lines), message: p.message, ...(p.args ? { args: p.args } : {}) })),
  };
}

/** The range of the key (for a mapping entry) or the item (for a list entry) a problem names; the nearest found. */
function rangeOfPath(root: Node | null, path: readonly (string | number)[], lines: LineIndex): Range {
  let node: unknown = root;
  let found: Range = node && isRangeNode(node) ? rangeOfNode(node, lines) : WHOLE_FILE;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(step));
      if (!pair) break;
      if (isScalar(pair.key) && pair.key.range) found = lines.rangeOf(pair.key.range[0], pair.key.range[1]);
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      const item: unknown = node.items[step];
      if (!isRangeNode(item)) break;
      found = rangeOfNode(item, lines);
      node = item;
    } else break;
  }
  return found;
}

function isRangeNode(value: unknown): value is Node & { range: [number, number, number] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { range?: unknown }).range);
}

function rangeOfNode(node: Node & { range: [number, number, number] }, lines: LineIndex): Range {
  return lines.rangeOf(node.range[0], node.range[1]);
}

/**
 * The settings of one folder as the editor and `fabedge-lint` both work them out: the config file
 * (`configPath`, or the one `findConfigFile` finds), then `overrides` (the editor's settings for
 * the folder, or the CLI's flags) on top.
 */
export function configureFolder(
  fs: FileSystemHost,
  folder: string,
  options: { overrides?: SettingsLayer; trusted: boolean; configPath?: string; knownRules: ReadonlySet<string> },
): { folder: FolderConfiguration; configFile?: ConfigFile } {
  const configPath = options.configPath ?? findConfigFile(fs, folder);
  const configFile = configPath ? readConfigFile(fs, configPath, options.knownRules) : undefined;
  const layers: SettingsLayer[] = [];
  if (configFile) layers.push({ values: configFile.values, base: dirname(configFile.path) });
  if (options.overrides) layers.push(options.overrides);
  return { folder: resolveFolder(folder, layers, options.trusted), ...(configFile ? { configFile } : {}) };
}
