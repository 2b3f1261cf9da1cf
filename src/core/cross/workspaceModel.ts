import type { NginxConfigTree } from '../nginx/tree';
import type { ValuesDocument } from '../values/model';

/** Everything the rules may look at: the parsed values files and nginx configuration trees. */
export interface WorkspaceModel {
  readonly values: readonly ValuesDocument[];
  readonly nginx: readonly NginxConfigTree[];
  /** Globs of nginx files whose IKE relays front the FabEdge connector (the `fabedge.proxyFiles` setting). */
  readonly proxyFiles: readonly string[];
}
