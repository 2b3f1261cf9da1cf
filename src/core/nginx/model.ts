/**
 * The analysed nginx configuration: a root file and everything it includes, each file parsed in
 * the context of its include site. Filled in by the nginx engine (includes, stream model).
 */
export interface NginxConfigTree {
  /** The root file (an nginx.conf, or a fragment no root includes). */
  root: string;
}
