/** One analysed nginx configuration: its files, includes, merged statement tree and stream model. */
import type { NginxVersion } from './ast';
import type { IncludeEdge, IncludeProblem, NginxContext, NginxFile, NginxNode } from './model';
import type { StreamModel } from './stream';

export interface NginxConfigTree {
  /** The root file's path (an nginx.conf, another main file, a fragment no root includes, or a ConfigMap's YAML file). */
  root: string;
  /** The root file's id in `files` (differs from `root` for a ConfigMap entry: `path#key`). */
  rootId: string;
  /** `root`: read from the main context; `fragment`: no root includes it, context inferred. */
  kind: 'root' | 'fragment';
  /** Directory that relative includes resolve against (the root file's folder). */
  confPrefix: string;
  /**
   * Context the root file's statements are read in (`['main']` for roots). A fragment whose module
   * the content does not tell has `HTTP_OR_STREAM` in place of `http` or `stream`.
   */
  rootContext: NginxContext;
  version: NginxVersion;
  /** Every file read for this tree, by id, root first. */
  files: Map<string, NginxFile>;
  includes: IncludeEdge[];
  /** Problems of the include resolver (missing targets, cycles, …). */
  includeProblems: IncludeProblem[];
  /** Top-level statements of the merged tree. */
  nodes: NginxNode[];
  stream: StreamModel;
}
