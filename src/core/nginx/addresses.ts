/**
 * Address parsing for stream `listen`, upstream `server` and `proxy_pass` values, following
 * nginx's `ngx_parse_url` closely enough for the FabEdge checks: ports, port ranges, wildcards,
 * bracketed IPv6 (normalised so that `[::0]` and `[0::]` compare equal) and `unix:` sockets.
 */

import { isIPv4, normalizeIPv6 } from '../ip';

export interface PortRange {
  from: number;
  to: number;
}

export type ParsedAddress =
  | { kind: 'unix'; path: string }
  | {
      kind: 'inet';
      /** Normalised host: an IPv4/IPv6 literal, a host name, or undefined for the wildcard. */
      host: string | undefined;
      ipv6: boolean;
      port: PortRange | undefined;
      /** Whether the host is an IP literal (no DNS at nginx start-up). */
      literal: boolean;
    }
  | { kind: 'invalid'; reason: 'port' | 'host' };

function parsePort(text: string, allowRange: boolean): PortRange | undefined {
  const match = allowRange ? /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text) : /^(\d{1,5})()$/.exec(text);
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = match[2] ? Number(match[2]) : from;
  if (from < 1 || to > 65535 || to < from) return undefined;
  return { from, to };
}

/**
 * Parses `addr:port`, `port`, `[v6]:port`, `*:port`, `unix:path`; `listen` allows port ranges
 * and a bare port (the wildcard), the other places need a host.
 */
export function parseAddress(value: string, where: 'listen' | 'upstream'): ParsedAddress {
  if (value.startsWith('unix:')) return { kind: 'unix', path: value.slice(5) };
  const allowRange = where === 'listen';
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    if (close === -1) return { kind: 'invalid', reason: 'host' };
    const host = normalizeIPv6(value.slice(1, close));
    if (host === undefined) return { kind: 'invalid', reason: 'host' };
    const after = value.slice(close + 1);
    if (after === '') return { kind: 'inet', host: host === '::' && where === 'listen' ? undefined : host, ipv6: true, port: undefined, literal: true };
    if (!after.startsWith(':')) return { kind: 'invalid', reason: 'host' };
    const port = parsePort(after.slice(1), allowRange);
    if (!port) return { kind: 'invalid', reason: 'port' };
    return { kind: 'inet', host: host === '::' && where === 'listen' ? undefined : host, ipv6: true, port, literal: true };
  }
  const colon = value.lastIndexOf(':');
  if (colon === -1) {
    if (where === 'listen' && /^[\d-]+$/.test(value)) {
      const port = parsePort(value, true);
      return port ? { kind: 'inet', host: undefined, ipv6: false, port, literal: true } : { kind: 'invalid', reason: 'port' };
    }
    return { kind: 'inet', host: value.toLowerCase(), ipv6: false, port: undefined, literal: isIPv4(value) };
  }
  const hostText = value.slice(0, colon);
  const port = parsePort(value.slice(colon + 1), allowRange);
  if (!port) return { kind: 'invalid', reason: 'port' };
  if (hostText === '') return { kind: 'invalid', reason: 'host' };
  const wildcard = where === 'listen' && (hostText === '*' || hostText === '0.0.0.0');
  return { kind: 'inet', host: wildcard ? undefined : hostText.toLowerCase(), ipv6: false, port, literal: wildcard || isIPv4(hostText) };
}

/** Formats a host back for `listen`/`server` text (brackets around IPv6). */
export function formatHostPort(host: string | undefined, ipv6: boolean, port: number): string {
  if (host === undefined) return ipv6 ? `[::]:${port}` : String(port);
  return ipv6 ? `[${host}]:${port}` : `${host}:${port}`;
}

export function portIn(range: PortRange | undefined, port: number): boolean {
  return range !== undefined && range.from <= port && port <= range.to;
}

export function singlePort(range: PortRange | undefined): number | undefined {
  return range && range.from === range.to ? range.from : undefined;
}

/**
 * nginx time values (`ngx_parse_time`): `30s`, `10m`, `1h30m`, `500ms`, a bare number means
 * seconds. Returns milliseconds, undefined when nginx would say "invalid value".
 */
export function parseNginxTime(text: string): number | undefined {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, M: 2_592_000_000, y: 31_536_000_000 };
  const re = /(\d+)\s*(ms|s|m|h|d|w|M|y)?\s*/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while (matched < text.length && (m = re.exec(text)) !== null) {
    if (m[0].length === 0) break;
    total += Number(m[1]) * units[m[2] ?? 's'];
    matched = re.lastIndex;
    if (m[2] === undefined && matched < text.length) return undefined;
  }
  return matched === text.length && text.length > 0 ? total : undefined;
}
