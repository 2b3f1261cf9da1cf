/**
 * The analysed nginx configuration: a root file and everything it includes, each file parsed
 * once and walked in the context of every include site. Built by `buildNginxTrees` (./includes);
 * the stream model (./stream) is derived from the merged statement tree, and ./tree holds both.
 */
import type { Directive, ParseResult } from './ast';
import type { Position, Range } from '../text';
import { depthFirst } from '../walk';

/** Enclosing block names, outermost first, always starting with `main` (e.g. `main > stream > server`). */
export type NginxContext = readonly string[];

/** One parsed configuration text: a file, or one `data` entry of a Kubernetes ConfigMap. */
export interface NginxFile {
  /** The file findings and edits point at (for a ConfigMap entry: the YAML file). */
  path: string;
  /** Unique within a workspace: the path, or `path#key` for a ConfigMap entry. */
  id: string;
  /** The nginx text that was parsed (for a ConfigMap: the block scalar's content, de-indented). */
  text: string;
  parse: ParseResult;
  /** Maps offsets of `text` to positions in `path`; use this, not `parse.lineIndex`, for findings. */
  rangeOf(start: number, end: number): Range;
  positionAt(offset: number): Position;
  /**
   * Text to insert at a line start or after a line break: in a ConfigMap every new line must also
   * carry the block scalar's indentation. Identity for plain files.
   */
  embedText(text: string): string;
  /** ConfigMap entries only: the data key and the YAML line of its first content line (0-based). */
  configMap?: { key: string; firstLine: number; indent: number };
}

/** One `include` statement as seen from one context. */
export interface IncludeSite {
  file: NginxFile;
  directive: Directive;
  context: NginxContext;
}

export interface IncludeEdge extends IncludeSite {
  /** The argument as written. */
  pattern: string;
  /** The absolute path or glob after resolving against the conf prefix. */
  resolved: string;
  glob: boolean;
  /** Ids of the files read for this include, in nginx's order. */
  targets: string[];
}

/**
 * `missing`, `unreadable` and `cycle` are problems nginx has too. The others are includes the
 * analysis did not follow: outside the workspace, a template, a file that ships with nginx
 * (mime.types, fastcgi_params, …) and that the repository does not hold, or a file a fragment
 * names that is not where the fragment's guessed conf prefix puts it (./notices tells about those).
 */
export type IncludeProblemKind = 'missing' | 'unreadable' | 'cycle' | 'outside-workspace' | 'templated' | 'shipped' | 'unplaced';

export interface IncludeProblem {
  kind: IncludeProblemKind;
  site: IncludeSite;
  /** The path that could not be read, that leaves the workspace or that closes the cycle. */
  target: string;
  /** Error text for `unreadable`; the cycle's chain of file paths for `cycle`. */
  detail?: string;
  chain?: string[];
}

/**
 * The block a fragment stands in when its content fits http {} and stream {} alike (or neither):
 * checks that depend on the module stay silent there, and what nginx rejects in both is still reported.
 */
export const HTTP_OR_STREAM = 'http|stream';

/**
 * One statement in the merged tree. An `include` keeps its own node, and the statements of the
 * included files follow it among its siblings, as nginx reads them.
 */
export interface NginxNode {
  directive: Directive;
  file: NginxFile;
  context: NginxContext;
  parent: NginxNode | undefined;
  children: NginxNode[];
  /** The include sites that led to this node's file, outermost first; empty for the root file. */
  via: readonly IncludeSite[];
}

/** Depth-first over the merged tree, parents before children. */
export function walkNodes(nodes: readonly NginxNode[]): NginxNode[] {
  return depthFirst(nodes, (node) => node.children);
}

/** The last element of a context (`main` at top level). */
export function innermost(context: NginxContext): string {
  return context[context.length - 1] ?? 'main';
}
