/**
 * The two IKEv2 messages the probe needs (RFC 7296): an IKE_SA_INIT request to send, and the
 * reading of whatever an IKE responder sends back. Pure: bytes in, bytes out.
 */

/** The 4 zero bytes in front of IKE on the NAT-T port (RFC 3948 §2.2): an SPI of 0 is never ESP. */
const NON_ESP_MARKER = new Uint8Array(4);

const HEADER_LENGTH = 28;
const IKE_VERSION_2 = 0x20;

export const EXCHANGE = { IKE_SA_INIT: 34, IKE_AUTH: 35, CREATE_CHILD_SA: 36, INFORMATIONAL: 37 } as const;

const FLAG_INITIATOR = 0x08;
const FLAG_RESPONSE = 0x20;

export const PAYLOAD = { NONE: 0, SA: 33, KE: 34, CERTREQ: 38, NONCE: 40, NOTIFY: 41, ENCRYPTED: 46, ENCRYPTED_FRAGMENT: 53 } as const;

/** Transform types and the IDs the probe offers (IANA "IKEv2 Parameters"). */
const TRANSFORM = { ENCR: 1, PRF: 2, INTEG: 3, DH: 4 } as const;
const ENCR_AES_CBC = 12;
const PRF_HMAC_SHA2_256 = 5;
const PRF_AES128_XCBC = 4;
const PRF_HMAC_SHA1 = 2;
const AUTH_HMAC_SHA2_256_128 = 12;
const AUTH_HMAC_SHA1_96 = 2;
const ATTRIBUTE_KEY_LENGTH = 0x800e;

/** Diffie-Hellman groups the probe offers, the first one with its key exchange data. */
export const DH_GROUP = { MODP_2048: 14, ECP_256: 19, CURVE_25519: 31 } as const;

/** Notify message types a responder sends back to an IKE_SA_INIT (RFC 7296 §3.10.1, RFC 5685, RFC 6023, RFC 7383, RFC 7427). */
const NOTIFY_NAMES: Readonly<Record<number, string>> = {
  1: 'UNSUPPORTED_CRITICAL_PAYLOAD',
  4: 'INVALID_IKE_SPI',
  5: 'INVALID_MAJOR_VERSION',
  7: 'INVALID_SYNTAX',
  9: 'INVALID_MESSAGE_ID',
  14: 'NO_PROPOSAL_CHOSEN',
  17: 'INVALID_KE_PAYLOAD',
  24: 'AUTHENTICATION_FAILED',
  16388: 'NAT_DETECTION_SOURCE_IP',
  16389: 'NAT_DETECTION_DESTINATION_IP',
  16390: 'COOKIE',
  16404: 'MULTIPLE_AUTH_SUPPORTED',
  16406: 'REDIRECT_SUPPORTED',
  16407: 'REDIRECT',
  16430: 'IKEV2_FRAGMENTATION_SUPPORTED',
  16418: 'CHILDLESS_IKEV2_SUPPORTED',
  16431: 'SIGNATURE_HASH_ALGORITHMS',
};

export interface IkeSaInitRequest {
  /** 8 bytes, not all zero. */
  initiatorSpi: Uint8Array;
  /** 16 to 256 bytes. */
  nonce: Uint8Array;
  /** The group of `keyExchange`. */
  dhGroup: number;
  keyExchange: Uint8Array;
  /** The groups offered, in order; by default `dhGroup` first, then Curve25519, ECP-256, MODP-2048. */
  offeredGroups?: readonly number[];
}

class Writer {
  private readonly parts: Uint8Array[] = [];
  length = 0;

  bytes(data: Uint8Array): this {
    this.parts.push(data);
    this.length += data.length;
    return this;
  }

  u8(value: number): this {
    return this.bytes(Uint8Array.of(value & 0xff));
  }

  u16(value: number): this {
    return this.bytes(Uint8Array.of((value >>> 8) & 0xff, value & 0xff));
  }

  u32(value: number): this {
    return this.bytes(Uint8Array.of((value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff));
  }

  done(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

function transform(type: number, id: number, last: boolean, keyLength?: number): Uint8Array {
  const attributes = keyLength === undefined ? new Uint8Array() : new Writer().u16(ATTRIBUTE_KEY_LENGTH).u16(keyLength).done();
  return new Writer()
    .u8(last ? 0 : 3)
    .u8(0)
    .u16(8 + attributes.length)
    .u8(type)
    .u8(0)
    .u16(id)
    .bytes(attributes)
    .done();
}

/**
 * One IKE proposal with the algorithms strongSwan's and the FabEdge images' defaults accept
 * (AES-CBC, SHA-1/SHA-2 and XCBC PRFs, HMAC integrity) and the DH groups offered.
 */
function proposal(groups: readonly number[]): Uint8Array {
  const specs: [number, number, number?][] = [
    [TRANSFORM.ENCR, ENCR_AES_CBC, 128],
    [TRANSFORM.ENCR, ENCR_AES_CBC, 256],
    [TRANSFORM.PRF, PRF_HMAC_SHA2_256],
    [TRANSFORM.PRF, PRF_AES128_XCBC],
    [TRANSFORM.PRF, PRF_HMAC_SHA1],
    [TRANSFORM.INTEG, AUTH_HMAC_SHA2_256_128],
    [TRANSFORM.INTEG, AUTH_HMAC_SHA1_96],
    ...groups.map((g): [number, number] => [TRANSFORM.DH, g]),
  ];
  const transforms = new Writer();
  specs.forEach(([type, id, keyLength], i) => transforms.bytes(transform(type, id, i === specs.length - 1, keyLength)));
  const body = transforms.done();
  return new Writer()
    .u8(0) // last proposal
    .u8(0)
    .u16(8 + body.length)
    .u8(1) // proposal number
    .u8(1) // protocol: IKE
    .u8(0) // no SPI in an IKE_SA_INIT proposal
    .u8(specs.length)
    .bytes(body)
    .done();
}

function payload(next: number, body: Uint8Array): Uint8Array {
  return new Writer().u8(next).u8(0).u16(4 + body.length).bytes(body).done();
}

/** A well-formed IKE_SA_INIT request: header, SA, KE and Nonce (no NAT detection: the probe asks for nothing but an answer). */
export function buildIkeSaInit(request: IkeSaInitRequest): Uint8Array {
  if (request.initiatorSpi.length !== 8 || request.initiatorSpi.every((b) => b === 0)) throw new RangeError('the initiator SPI must be 8 bytes, not all zero');
  if (request.nonce.length < 16 || request.nonce.length > 256) throw new RangeError('the nonce must be 16 to 256 bytes');
  const groups = request.offeredGroups ?? [request.dhGroup, ...[DH_GROUP.CURVE_25519, DH_GROUP.ECP_256, DH_GROUP.MODP_2048].filter((g) => g !== request.dhGroup)];
  const sa = payload(PAYLOAD.KE, proposal(groups));
  const ke = payload(PAYLOAD.NONCE, new Writer().u16(request.dhGroup).u16(0).bytes(request.keyExchange).done());
  const nonce = payload(PAYLOAD.NONE, request.nonce);
  const length = HEADER_LENGTH + sa.length + ke.length + nonce.length;
  return new Writer()
    .bytes(request.initiatorSpi)
    .bytes(new Uint8Array(8))
    .u8(PAYLOAD.SA)
    .u8(IKE_VERSION_2)
    .u8(EXCHANGE.IKE_SA_INIT)
    .u8(FLAG_INITIATOR)
    .u32(0)
    .u32(length)
    .bytes(sa)
    .bytes(ke)
    .bytes(nonce)
    .done();
}

/** `message` behind the non-ESP marker, as IKE travels on the NAT-T port. */
export function withNonEspMarker(message: Uint8Array): Uint8Array {
  const out = new Uint8Array(NON_ESP_MARKER.length + message.length);
  out.set(message, NON_ESP_MARKER.length);
  return out;
}

export interface IkeNotify {
  type: number;
  /** The IANA name, or the number when unknown. */
  name: string;
  data: Uint8Array;
}

export interface IkeReply {
  /** The datagram carried the non-ESP marker. */
  marker: boolean;
  initiatorSpi: Uint8Array;
  responderSpi: Uint8Array;
  majorVersion: number;
  minorVersion: number;
  exchange: number;
  response: boolean;
  messageId: number;
  /** Payload types in order (stops at an Encrypted payload, whose contents are opaque). */
  payloads: number[];
  notifies: IkeNotify[];
  /** The group of the responder's KE payload, or the group INVALID_KE_PAYLOAD asks for. */
  dhGroup?: number;
  /** The responder accepted our proposal: an SA payload came back. */
  accepted: boolean;
}

function readU16(bytes: Uint8Array, at: number): number {
  return (bytes[at] << 8) | bytes[at + 1];
}

function readU32(bytes: Uint8Array, at: number): number {
  return ((bytes[at] << 24) >>> 0) + ((bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Reads a datagram as an IKE message (with or without the non-ESP marker). Returns undefined for
 * anything that is not an IKE message: too short, a length that does not match, an ESP packet,
 * or payloads that run past the end. Never throws.
 */
export function parseIkeMessage(datagram: Uint8Array): IkeReply | undefined {
  let marker = false;
  let bytes = datagram;
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0 && bytes[3] === 0) {
    marker = true;
    bytes = bytes.subarray(4);
  }
  if (bytes.length < HEADER_LENGTH) return undefined;
  const length = readU32(bytes, 24);
  // Some senders pad a datagram; the header's length never exceeds it.
  if (length < HEADER_LENGTH || length > bytes.length) return undefined;
  const version = bytes[17];
  const reply: IkeReply = {
    marker,
    initiatorSpi: bytes.slice(0, 8),
    responderSpi: bytes.slice(8, 16),
    majorVersion: version >> 4,
    minorVersion: version & 0x0f,
    exchange: bytes[18],
    response: (bytes[19] & FLAG_RESPONSE) !== 0,
    messageId: readU32(bytes, 20),
    payloads: [],
    notifies: [],
    accepted: false,
  };
  if (reply.initiatorSpi.every((b) => b === 0)) return undefined;
  let next = bytes[16];
  let at = HEADER_LENGTH;
  while (next !== PAYLOAD.NONE) {
    if (at + 4 > length) return undefined;
    const type = next;
    const payloadLength = readU16(bytes, at + 2);
    if (payloadLength < 4 || at + payloadLength > length) return undefined;
    const body = bytes.subarray(at + 4, at + payloadLength);
    reply.payloads.push(type);
    if (type === PAYLOAD.SA) reply.accepted = true;
    if (type === PAYLOAD.KE && body.length >= 2) reply.dhGroup = readU16(body, 0);
    if (type === PAYLOAD.NOTIFY && body.length >= 4) {
      const spiSize = body[1];
      const notifyType = readU16(body, 2);
      const data = body.subarray(Math.min(body.length, 4 + spiSize));
      reply.notifies.push({ type: notifyType, name: NOTIFY_NAMES[notifyType] ?? String(notifyType), data });
      if (notifyType === 17 && data.length >= 2) reply.dhGroup = readU16(data, 0);
    }
    // The contents of an Encrypted payload are not payload headers.
    if (type === PAYLOAD.ENCRYPTED || type === PAYLOAD.ENCRYPTED_FRAGMENT) break;
    next = bytes[at];
    at += payloadLength;
  }
  return reply;
}

/** Whether a parsed message answers our IKE_SA_INIT: a response that names our SPI. */
export function answersRequest(reply: IkeReply, initiatorSpi: Uint8Array): boolean {
  return reply.response && reply.exchange === EXCHANGE.IKE_SA_INIT && sameBytes(reply.initiatorSpi, initiatorSpi);
}

/** The error notifies of a reply (types below 16384), by name. */
export function errorNotifies(reply: IkeReply): string[] {
  return reply.notifies.filter((n) => n.type < 16384).map((n) => n.name);
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
