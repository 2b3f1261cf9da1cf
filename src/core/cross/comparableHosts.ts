/**
 * Addresses as the cross-file checks compare them, without DNS: IPv6 literals in RFC 5952 form,
 * host names lower-cased as written.
 */
import { isIPv4, normalizeIPv6 } from '../ip';

/** Normalises an address as written in a values file or nginx text, for comparison. */
export function normalizeHost(text: string): string {
  let host = text.trim();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (isIPv4(host)) return host;
  if (host.includes(':')) return normalizeIPv6(host) ?? host.toLowerCase();
  return host.toLowerCase();
}

/**
 * normalizeHost of a values entry, once per entry: entries live as long as their document, and
 * the cross-file rules ask about every entry of every values file on each edit.
 */
export function entryHost(entry: { readonly text: string }): string {
  let host = hostOfEntry.get(entry);
  if (host === undefined) {
    host = normalizeHost(entry.text);
    hostOfEntry.set(entry, host);
  }
  return host;
}

const hostOfEntry = new WeakMap<object, string>();

/** An IPv4 or IPv6 literal (normalised or not). */
export function isIpLiteral(host: string): boolean {
  return isIPv4(host) || (host.includes(':') && normalizeIPv6(host) !== undefined);
}
