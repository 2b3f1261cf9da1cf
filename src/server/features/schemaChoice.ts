/**
 * Which schema the user chose for a YAML file, the way yaml-language-server (and so Red Hat's
 * YAML extension) reads the choice: a `# yaml-language-server: $schema=…` modeline among the
 * comments that head the file, else the first `yaml.schemas` entry whose globs match the file.
 * Nothing here fetches anything: a remote schema is only recognised as remote.
 */
import { URI } from 'vscode-uri';
import picomatch from 'picomatch';
import { basename, dirname, isInside, joinPath, normalizePath } from '../../core/paths';
import { isFabEdgeValuesSchema } from '../../core/values/schemas';
import type { LayoutId } from '../../core/values/layout';
import type { SchemaChoice } from '../../shared/protocol';
import { isRecord } from '../../core/records';

/** `yaml.schemas`: a schema (URL or path) and the globs of the files it is for. */
export interface YamlSchemaAssociation {
  reference: string;
  patterns: string[];
}

/** What Red Hat's YAML extension settings (the `yaml` section) say that matters to us. */
export interface YamlSettings {
  schemas: YamlSchemaAssociation[];
  /** `yaml.validate`, `yaml.completion`, `yaml.hover`: whether that extension does each (default on). */
  validate: boolean;
  completion: boolean;
  hover: boolean;
}

/** The `yaml` section as the client sends it; anything malformed is left out. */
export function readYamlSettings(raw: unknown): YamlSettings {
  const section = isRecord(raw) ? raw : {};
  const schemas: YamlSchemaAssociation[] = [];
  if (isRecord(section.schemas)) {
    for (const [reference, globs] of Object.entries(section.schemas)) {
      const patterns = (Array.isArray(globs) ? globs : [globs]).filter((glob): glob is string => typeof glob === 'string');
      if (reference.trim() && patterns.length > 0) schemas.push({ reference: reference.trim(), patterns });
    }
  }
  return { schemas, validate: section.validate !== false, completion: section.completion !== false, hover: section.hover !== false };
}

/** The schema a request is served from: ours for the file's layout, or a schema file the user named. */
export type ServedSchema = { layout: LayoutId } | { path: string };

/** Reads a schema file the user named; undefined when it cannot (or may not) be read. */
export type SchemaReader = (path: string) => string | undefined;

// yaml-language-server's own tests (services/modelineUtil): a header comment is a modeline when it
// starts with `# yaml-language-server:` or `# $schema:`, and `$schema=X` or `$schema: X` names X.
const MODELINE = /^#\s+(?:yaml-language-server\s*:|\$schema:)/;
const MODELINE_SCHEMA = /\$schema(?:=|:[^\S\r\n]*)(\S+)/;
// Lines that may come before the first document's content: blank, a directive, the `---` that opens it.
const BEFORE_CONTENT = /^\s*$|^%|^---\s*(?:#.*)?$/;

export interface Modeline {
  /** The 0-based line of the modeline. */
  line: number;
  reference: string;
}

/** The schema modelines among the comments that head the file; the first one is the choice. */
export function modelines(text: string): Modeline[] {
  const found: Modeline[] = [];
  const lines = text.split('\n');
  for (let line = 0; line < lines.length; line++) {
    const content = lines[line].replace(/\r$/, '').replace(/^\uFEFF/, '');
    const comment = content.trimStart();
    if (comment.startsWith('#')) {
      const reference = MODELINE.test(comment) ? MODELINE_SCHEMA.exec(comment)?.[1] : undefined;
      if (reference) found.push({ line, reference });
    } else if (!BEFORE_CONTENT.test(content)) break;
  }
  return found;
}

const SCHEME = /^[a-z][a-z0-9+.-]+:/i;
const WINDOWS_PATH = /^[a-z]:[\\/]/i;

/**
 * The path of a local schema reference, or undefined for a URL. Relative paths resolve against
 * `base`; a `yaml.schemas` path that starts with a workspace folder's name resolves in that
 * folder, as yaml-language-server does.
 */
function localPath(reference: string, base: string, folders: readonly string[]): string | undefined {
  const withoutFragment = reference.split('#')[0];
  if (/^file:/i.test(withoutFragment)) return URI.parse(withoutFragment).path;
  if (WINDOWS_PATH.test(withoutFragment)) return URI.file(withoutFragment).path;
  if (SCHEME.test(withoutFragment)) return undefined;
  const slashed = withoutFragment.replace(/\\/g, '/');
  if (slashed.startsWith('/')) return normalizePath(slashed);
  const named = folders.find((folder) => slashed.startsWith(`${basename(folder)}/`));
  if (named) return joinPath(named, slashed.slice(basename(named).length + 1));
  return joinPath(base, slashed);
}

/** Whether a `yaml.schemas` glob list matches a file as yaml-language-server matches it: each glob anywhere below the root, `!` excludes. */
function associationMatches(patterns: readonly string[], path: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const glob = (negated ? pattern.slice(1) : pattern).replace(/^\//, '');
    if (!glob) continue;
    if (picomatch(`**/${glob}`, { dot: true })(path)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

function classify(reference: string, source: SchemaChoice['source'], base: string, folders: readonly string[], read: SchemaReader): SchemaChoice {
  if (source === 'modeline' && reference.trim().toLowerCase() === 'none') return { source, reference, kind: 'none' };
  // `kubernetes` in yaml.schemas stands for a schema on GitHub.
  const path = source === 'yaml.schemas' && reference.toLowerCase() === 'kubernetes' ? undefined : localPath(reference, base, folders);
  if (path === undefined) return { source, reference, kind: 'remote' };
  const text = read(path);
  let schema: unknown;
  try {
    schema = text === undefined ? undefined : JSON.parse(text);
  } catch {
    schema = undefined;
  }
  if (!isRecord(schema)) return { source, reference, kind: 'unreadable', path };
  return { source, reference, kind: isFabEdgeValuesSchema(schema) ? 'fabedge' : 'local', path };
}

/** The schema the user chose for a file, or undefined when they chose none. */
export function schemaChoice(path: string, text: string, settings: YamlSettings, folders: readonly string[], read: SchemaReader): SchemaChoice | undefined {
  const [modeline] = modelines(text);
  if (modeline) return classify(modeline.reference, 'modeline', dirname(path), folders, read);
  const association = settings.schemas.find((entry) => associationMatches(entry.patterns, path));
  if (!association) return undefined;
  // yaml-language-server resolves a relative `yaml.schemas` path against the workspace root: in a
  // single-folder workspace that is the folder, and in a multi-root one we take the file's folder.
  const root = folders.find((folder) => isInside(folder, path)) ?? folders[0] ?? dirname(path);
  return classify(association.reference, 'yaml.schemas', root, folders, read);
}
