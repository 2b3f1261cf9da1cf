/**
 * What nginx knows about each directive name: the blocks it may stand in, whether it opens a
 * block, and how many arguments it takes there. The facts come from Debian's nginx itself
 * (./directiveTable, written by scripts/nginx-directives.mjs); modules Debian does not build are
 * known by name only (`knownDirectiveName`).
 */
import { DIRECTIVE_TABLE } from './directiveTable';
import type { NginxVersion } from './ast';
import type { NginxContext } from './model';

/**
 * The `listen` parameters nginx refuses next to `udp`, by version, in the order nginx checks them:
 * the first one a listen has is the one its error names.
 */
export const UDP_INCOMPATIBLE_LISTEN_PARAMETERS: Readonly<Record<NginxVersion, readonly string[]>> = {
  '1.22': ['backlog', 'ssl', 'so_keepalive', 'proxy_protocol', 'fastopen'],
  current: ['fastopen', 'backlog', 'accept_filter', 'deferred', 'multipath', 'ssl', 'so_keepalive', 'proxy_protocol'],
};

/** The blocks the table was probed in (an `if` or `limit_except` body is not among them). */
export type DirectiveContext =
  | 'main'
  | 'events'
  | 'http'
  | 'http-server'
  | 'http-location'
  | 'http-upstream'
  | 'stream'
  | 'stream-server'
  | 'stream-upstream';

export interface DirectivePlacement {
  contexts: ReadonlySet<DirectiveContext>;
  /** Opens a block (`name … { }`) rather than ending with `;`. */
  block: boolean;
  /** Argument counts nginx accepts there; `atLeast` covers every count from it up. */
  counts: ReadonlySet<number>;
  atLeast: number | undefined;
}

/** Placements parsed so far, by name: a check meets a few dozen of the table's names, not all of them. */
const parsed = new Map<string, readonly DirectivePlacement[]>();

/** `http,http-server:{12 stream:1+` -> placements. */
function parsePlacements(spec: string): DirectivePlacement[] {
  return spec.split(' ').map((part) => {
    const [contexts, rawCounts] = part.split(':');
    const block = rawCounts.startsWith('{');
    const counts = block ? rawCounts.slice(1) : rawCounts;
    const open = counts.endsWith('+');
    const digits = (open ? counts.slice(0, -1) : counts).replace('-', '');
    return {
      contexts: new Set(contexts.split(',') as DirectiveContext[]),
      block,
      counts: new Set([...digits].map(Number)),
      atLeast: open ? Number(digits.slice(-1)) : undefined,
    };
  });
}

function inTable(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(DIRECTIVE_TABLE, name);
}

/**
 * Prefixes and suffixes of directives from modules Debian's package does not build (NGINX Plus,
 * njs, OpenResty's Lua, headers-more, brotli, GeoIP2, Passenger, ModSecurity, mail, perl, …):
 * a file using them is still nginx, though the table cannot say where they belong.
 */
const OTHER_MODULES = /^(?:lua|js|more|brotli|geoip2?|passenger|pagespeed|modsecurity|vhost_traffic_status|auth_jwt|perl|xslt|image_filter|sticky|zone_sync|health_check|keyval|imap|pop3|smtp|mail|echo|srcache|set_by|redis2?|memc|rtmp|upload|push_stream|naxsi|testcookie|dav_ext|fancyindex|vod|nchan|otel|opentracing|zipkin|jaeger|datadog|vts|cache_purge|auth_ldap|auth_pam|headers_more|security_headers|status_zone|api|njs|wasm|acme)(?:_|$)|_by_lua(?:_block|_file)?$/;

export function directivePlacements(name: string): readonly DirectivePlacement[] {
  // Only the table's names are kept: any word of any file may be asked about.
  if (!inTable(name)) return [];
  let found = parsed.get(name);
  if (!found) {
    found = parsePlacements(DIRECTIVE_TABLE[name]);
    parsed.set(name, found);
  }
  return found;
}

/** A directive of nginx or of a well-known module. */
export function knownDirectiveName(name: string): boolean {
  return inTable(name) || OTHER_MODULES.test(name);
}

/** The table's context for a statement inside `context` (`['main', 'stream', 'server']` -> `stream-server`). */
export function directiveContextOf(context: NginxContext): DirectiveContext | undefined {
  const inner = context[context.length - 1] ?? 'main';
  const module = context.includes('stream') ? 'stream' : context.includes('http') ? 'http' : undefined;
  if (inner === 'main' || inner === 'events') return inner;
  if (inner === 'http' || inner === 'stream') return inner;
  if (!module) return undefined;
  if (inner === 'server' || inner === 'upstream') return `${module}-${inner}`;
  if (inner === 'location' && module === 'http') return 'http-location';
  return undefined;
}

/** Where `name` may stand in `context`, or undefined when nginx does not allow it there. */
export function placementIn(name: string, context: DirectiveContext): DirectivePlacement | undefined {
  return directivePlacements(name).find((p) => p.contexts.has(context));
}

export function acceptsArgumentCount(placement: DirectivePlacement, count: number): boolean {
  return placement.counts.has(count) || (placement.atLeast !== undefined && count >= placement.atLeast);
}
