/** What discovery found in a workspace: each file it will analyse and as what. */

/** `nginx-configmap`: a Kubernetes ConfigMap YAML file with an nginx configuration in its `data`. */
export type FileKind = 'values' | 'nginx' | 'nginx-configmap';

export interface DiscoveredFile {
  path: string;
  kind: FileKind;
}
