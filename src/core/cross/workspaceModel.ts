import type { NginxConfigTree } from '../nginx/tree';
import type { ValuesDocument } from '../values/model';

/** Everything the rules may look at: the parsed values files and nginx configuration trees. */
export interface WorkspaceModel {
  values: ValuesDocument[];
  nginx: NginxConfigTree[];
  /** Globs of nginx files whose IKE relays front the FabEdge connector (the `fabedge.proxyFiles` setting). */
  proxyFiles: readonly string[];
}
