/**
 * What the proxy rules' fixes share: when a fix may be applied unattended (`--fix`, fix-all on
 * save). A safe fix never changes where traffic goes, never makes nginx reject the file, never
 * adds a listen that exists already, and never touches a template expression; and it is offered
 * as safe only on a relay tied to FabEdge, where the rule knows what the relay is for.
 */
import type { Arg } from '../nginx/ast';
import type { StreamServer } from '../nginx/stream';

/** Variables, and the markers of Jinja, Go/Helm and Terraform templates (`{{`, `{%`, `%{`). */
const TEMPLATE = /\$|\{\{|\{%|%\{/;

/** Whether an argument holds a variable or template syntax: a fix must not rewrite it. */
export function isTemplated(arg: Arg): boolean {
  return TEMPLATE.test(arg.raw);
}

/**
 * Whether changing a setting of `stream {}` changes only relays tied to FabEdge: the other
 * servers of that block inherit it too, and what they need is not ours to decide.
 */
export function onlyFabEdgeBelow(servers: readonly StreamServer[], stream: StreamServer['stream'], isFabEdge: (server: StreamServer) => boolean): boolean {
  return servers.filter((s) => s.stream === stream).every(isFabEdge);
}
