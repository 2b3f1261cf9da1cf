/**
 * One analysed nginx configuration: its files, includes, merged statement tree and stream model.
 * Not changed once built: what other files say about it (the public port of a values file) reaches
 * the rules beside it, as the proxy evidence, and an edit builds a new tree.
 */
import type { NginxVersion } from './ast';
import type { IncludeEdge, IncludeProblem, NginxContext, NginxFile, NginxNode } from './model';
import type { StreamModel } from './stream';

export interface NginxConfigTree {
  /** The root file's path (an nginx.conf, another main file, a fragment no root includes, or a ConfigMap's YAML file). */
  readonly root: string;
  /** The root file's id in `files` (differs from `root` for a ConfigMap entry: `path#key`). */
  readonly rootId: string;
  /** `root`: read from the main context; `fragment`: no root includes it, context inferred. */
  readonly kind: 'root' | 'fragment';
  /** Directory that relative includes resolve against (the root file's folder). */
  readonly confPrefix: string;
  /**
   * Context the root file's statements are read in (`['main']` for roots). A fragment whose module
   * the content does not tell has `HTTP_OR_STREAM` in place of `http` or `stream`.
   */
  readonly rootContext: NginxContext;
  readonly version: NginxVersion;
  /** Every file read for this tree, by id, root first. */
  readonly files: ReadonlyMap<string, NginxFile>;
  readonly includes: readonly IncludeEdge[];
  /** Problems of the include resolver (missing targets, cycles, …). */
  readonly includeProblems: readonly IncludeProblem[];
  /** Top-level statements of the merged tree. */
  readonly nodes: readonly NginxNode[];
  readonly stream: StreamModel;
}
