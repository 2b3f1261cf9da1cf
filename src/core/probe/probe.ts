/**
 * `fabedge-lint probe` and the editor's probe action: a real IKE_SA_INIT to the address and port
 * the edges dial, and one to the NAT-T port behind the non-ESP marker. Any IKE answer proves that
 * the path reaches an IKE responder (even NO_PROPOSAL_CHOSEN or INVALID_KE_PAYLOAD). Packets go
 * out only when this is called, to the one address asked for, a bounded number of times.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { answersRequest, buildIkeSaInit, DH_GROUP, errorNotifies, parseIkeMessage, withNonEspMarker, type IkeReply } from './ikev2';

export const IKE_PORT = 500;
const NAT_T_PORT = 4500;

/** One datagram destination: what the edges send there decides whether it carries the non-ESP marker. */
export interface ProbeTarget {
  host: string;
  port: number;
  /** IKE behind the non-ESP marker, as on the NAT-T port or a custom public port. */
  marker: boolean;
}

/**
 * Where the edges send for a public port: with 500, IKE_SA_INIT to 500 and then everything to 4500
 * behind the marker; with any other port, everything to that port behind the marker (the agent
 * then sends from its 4500).
 */
export function probeTargets(host: string, publicPort: number): ProbeTarget[] {
  if (publicPort === IKE_PORT) return [{ host, port: IKE_PORT, marker: false }, { host, port: NAT_T_PORT, marker: true }];
  return [{ host, port: publicPort, marker: true }];
}

export interface ProbeOptions {
  /** How long to wait for an answer after each transmission, in milliseconds. */
  timeoutMs: number;
  /** How many times the same request is sent (from the same source port) before giving up. */
  attempts: number;
  /** Resolves a host name (tests pass their own, so that no query leaves the machine). */
  lookup?: (host: string) => Promise<{ address: string; family: number }>;
}

export const DEFAULT_PROBE_OPTIONS: ProbeOptions = { timeoutMs: 1000, attempts: 3 };
export const PROBE_LIMITS = { timeoutMs: { min: 50, max: 60_000 }, attempts: { min: 1, max: 10 } } as const;

/**
 * - `answered`: an IKE response to our request came back;
 * - `refused`: an ICMP port unreachable: nothing receives UDP on that port there;
 * - `unreachable`: an ICMP host or network unreachable, or no route;
 * - `silent`: nothing within the timeouts;
 * - `not-ike`: only datagrams that are no answer to our request;
 * - `unresolved`: the host name did not resolve;
 * - `failed`: the local socket failed (for example no address of that family).
 */
export type ProbeOutcome = 'answered' | 'refused' | 'unreachable' | 'silent' | 'not-ike' | 'unresolved' | 'failed';

export interface ProbeReplySummary {
  /** The responder accepted the offered proposal (an SA payload came back). */
  accepted: boolean;
  /** Error notifies, e.g. NO_PROPOSAL_CHOSEN, INVALID_KE_PAYLOAD. */
  errors: string[];
  /** Every notify, by name. */
  notifies: string[];
  marker: boolean;
  dhGroup?: number;
}

export interface ProbeResult {
  target: ProbeTarget;
  /** The address the datagrams went to (the host, resolved). */
  address?: string;
  outcome: ProbeOutcome;
  /** Transmissions sent. */
  sent: number;
  /** From the last transmission before the answer to the answer, in milliseconds. */
  rttMs?: number;
  /** The transmission (1-based) that was last before the answer. */
  answeredAttempt?: number;
  reply?: ProbeReplySummary;
  /** The raw answer, for tests and `--format json`. */
  replyBytes?: Uint8Array;
  /** The socket or resolver error, as the system words it. */
  error?: string;
}

/** A fresh IKE_SA_INIT with a real X25519 public key and a random SPI and nonce. */
export function freshRequest(): { spi: Uint8Array; message: Uint8Array } {
  let spi = new Uint8Array(randomBytes(8));
  while (spi.every((b) => b === 0)) spi = new Uint8Array(randomBytes(8));
  const { publicKey } = generateKeyPairSync('x25519');
  const jwk = publicKey.export({ format: 'jwk' });
  const keyExchange = new Uint8Array(Buffer.from(jwk.x ?? '', 'base64url'));
  return { spi, message: buildIkeSaInit({ initiatorSpi: spi, nonce: new Uint8Array(randomBytes(32)), dhGroup: DH_GROUP.CURVE_25519, keyExchange }) };
}

function summarize(reply: IkeReply): ProbeReplySummary {
  return {
    accepted: reply.accepted,
    errors: errorNotifies(reply),
    notifies: reply.notifies.map((n) => n.name),
    marker: reply.marker,
    ...(reply.dhGroup !== undefined ? { dhGroup: reply.dhGroup } : {}),
  };
}

const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL']);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

async function resolveHost(host: string, timeoutMs: number, resolver: NonNullable<ProbeOptions['lookup']>): Promise<{ address: string; family: 4 | 6 } | { error: string }> {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const literal = isIP(bare);
  if (literal === 4 || literal === 6) return { address: bare, family: literal };
  let timer: NodeJS.Timeout | undefined;
  try {
    const found = await Promise.race([
      resolver(bare),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer from the resolver within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { address: found.address, family: found.family === 6 ? 6 : 4 };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Sends one IKE_SA_INIT to one target, retransmitted up to `attempts` times, and waits for the answer. */
export async function probeTarget(target: ProbeTarget, options: ProbeOptions = DEFAULT_PROBE_OPTIONS): Promise<ProbeResult> {
  const resolved = await resolveHost(target.host, options.timeoutMs * options.attempts, options.lookup ?? lookup);
  if ('error' in resolved) return { target, outcome: 'unresolved', sent: 0, error: resolved.error };
  const { spi, message } = freshRequest();
  const datagram = target.marker ? withNonEspMarker(message) : message;
  const socket = dgram.createSocket(resolved.family === 6 ? 'udp6' : 'udp4');
  return new Promise<ProbeResult>((resolve) => {
    let sent = 0;
    let lastSend = 0;
    let junk = false;
    let timer: NodeJS.Timeout | undefined;
    let finished = false;
    const finish = (result: Omit<ProbeResult, 'target' | 'address' | 'sent'>) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      socket.removeAllListeners('message');
      // A late ICMP error on a closing socket must not become an unhandled 'error'.
      socket.on('error', () => undefined);
      socket.close();
      resolve({ target, address: resolved.address, sent, ...result });
    };
    const transmit = () => {
      if (sent >= options.attempts) {
        finish({ outcome: junk ? 'not-ike' : 'silent' });
        return;
      }
      sent++;
      lastSend = performance.now();
      socket.send(datagram, (error) => {
        if (error) failWith(error);
      });
      timer = setTimeout(transmit, options.timeoutMs);
    };
    const failWith = (error: unknown) => {
      const code = errorCode(error);
      const text = error instanceof Error ? error.message : String(error);
      if (code === 'ECONNREFUSED') finish({ outcome: 'refused', error: text });
      else if (code !== undefined && UNREACHABLE.has(code)) finish({ outcome: 'unreachable', error: text });
      else finish({ outcome: 'failed', error: text });
    };
    socket.on('error', failWith);
    socket.on('message', (bytes: Buffer) => {
      const data = new Uint8Array(bytes);
      const reply = parseIkeMessage(data);
      if (!reply || !answersRequest(reply, spi)) {
        junk = true;
        return;
      }
      finish({ outcome: 'answered', rttMs: performance.now() - lastSend, answeredAttempt: sent, reply: summarize(reply), replyBytes: data });
    });
    // A connected socket hears the ICMP errors that answer its datagrams (ECONNREFUSED and friends).
    socket.connect(target.port, resolved.address, () => transmit());
  });
}

/** Probes every target at once (each from its own socket). */
export function probeAll(targets: readonly ProbeTarget[], options: ProbeOptions = DEFAULT_PROBE_OPTIONS): Promise<ProbeResult[]> {
  return Promise.all(targets.map((t) => probeTarget(t, options)));
}

/** Every target answered: the path reaches an IKE responder on each port the edges use. */
export function pathProven(results: readonly ProbeResult[]): boolean {
  return results.length > 0 && results.every((r) => r.outcome === 'answered');
}
