/**
 * Address and CIDR parsing with Go's `net` semantics, because the FabEdge operator validates
 * these values with `net.ParseIP` / `net.ParseCIDR`.
 */
import { parseIPv4, parseIPv6 } from '../ip';

export type IpFamily = 4 | 6;

export interface ParsedIp {
  family: IpFamily;
  /** 32 or 128 bits, most significant first. */
  value: bigint;
}

export interface ParsedCidr {
  family: IpFamily;
  /** The network address (host bits cleared): Go allows host bits and masks them. */
  network: bigint;
  prefix: number;
}

function parseIp(text: string): ParsedIp | undefined {
  const v4 = parseIPv4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  if (!text.includes(':')) return undefined;
  const v6 = parseIPv6(text);
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

export function isIp(text: string): boolean {
  return parseIp(text) !== undefined;
}

export function parseCidr(text: string): ParsedCidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const bits = ip.family === 4 ? 32 : 128;
  if (prefix > bits) return undefined;
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
  return { family: ip.family, network: ip.value & mask, prefix };
}

export function cidrsOverlap(a: ParsedCidr, b: ParsedCidr): boolean {
  if (a.family !== b.family) return false;
  const bits = a.family === 4 ? 32 : 128;
  const prefix = Math.min(a.prefix, b.prefix);
  const shift = BigInt(bits - prefix);
  return a.network >> shift === b.network >> shift;
}

/** Address blocks reserved for documentation (RFC 5737, RFC 3849): examples, never a host anyone dials. */
const DOCUMENTATION_NETWORKS = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32'].map((cidr) => parseCidr(cidr) as ParsedCidr);

export function isDocumentationAddress(text: string): boolean {
  const ip = parseIp(text);
  if (!ip) return false;
  const bits = ip.family === 4 ? 32 : 128;
  return DOCUMENTATION_NETWORKS.some((net) => cidrsOverlap(net, { family: ip.family, network: ip.value, prefix: bits }));
}

/** Names reserved for examples (RFC 2606): example.com, .net, .org and their subdomains, and the .example and .invalid domains. */
const EXAMPLE_NAME = /(^|\.)(example\.(com|net|org)|example|invalid)\.?$/i;

export function isExampleName(text: string): boolean {
  return EXAMPLE_NAME.test(text) && isDnsName(text);
}

// RFC 1123 host names, as strongSwan and the resolver accept them; a trailing dot is allowed.
const LABEL = /^[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;

export function isDnsName(text: string): boolean {
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  // An all-numeric dotted name is a malformed IPv4 address, not a host name.
  if (labels.every((l) => /^\d+$/.test(l))) return false;
  return labels.every((l) => LABEL.test(l));
}

/** The operator's cluster-name check (a lowercase RFC 1123 subdomain, no length limit). */
export const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
