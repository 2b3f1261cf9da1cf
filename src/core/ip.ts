/**
 * IPv4 and IPv6 literals, parsed once for every layer: nginx addresses, values files and the
 * cross-file comparisons. IPv4 takes four decimal octets without leading zeros (Go, and so
 * FabEdge, rejects `010.0.0.1` since Go 1.17). IPv6 takes RFC 4291 text, an embedded IPv4 tail
 * included.
 */

// `0`, or 1 to 3 digits without a leading zero; the value is checked against 255 below.
const OCTET = /^(0|[1-9]\d{0,2})$/;

/** The 32-bit value of a dotted IPv4 literal, undefined when it is none. */
export function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

export function isIPv4(text: string): boolean {
  return parseIPv4(text) !== undefined;
}

/** The eight 16-bit groups of an IPv6 literal without a zone, undefined when it is none. */
function ipv6Groups(text: string): number[] | undefined {
  let body = text;
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.slice(lastColon + 1).includes('.')) {
    // An embedded IPv4 tail (`::ffff:1.2.3.4`) is the last two groups written in dotted form.
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    body = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const group of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
      out.push(parseInt(group, 16));
    }
    return out;
  };
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  return missing < 1 ? undefined : [...head, ...new Array<number>(missing).fill(0), ...tail];
}

/** The 128-bit value of an IPv6 literal; a zone (`%eth0`) makes it none, as in values files. */
export function parseIPv6(text: string): bigint | undefined {
  if (text.includes('%')) return undefined;
  const groups = ipv6Groups(text);
  if (!groups) return undefined;
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(group);
  return value;
}

/** RFC 5952 form of an IPv6 literal (lower case, longest zero run compressed, zone dropped), undefined if invalid. */
export function normalizeIPv6(text: string): string | undefined {
  const zone = text.indexOf('%');
  const groups = ipv6Groups(zone === -1 ? text : text.slice(0, zone));
  if (!groups) return undefined;
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
