import type { NginxConfigTree } from '../nginx/model';
import type { ValuesDocument } from '../values/model';

/** Everything the rules may look at: the parsed values files and nginx configuration trees. */
export interface WorkspaceModel {
  values: ValuesDocument[];
  nginx: NginxConfigTree[];
}
