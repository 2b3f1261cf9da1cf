/**
 * A UDP responder on 127.0.0.1 that stands in for the connector's strongSwan in the probe's tests:
 * it answers with the replies strongSwan really sent (ikeCaptures.ts), carrying the request's SPI.
 * Nothing it sends leaves the loopback interface.
 */
import * as dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { parseIkeMessage } from '../../src/core/probe/ikev2';
import { ACCEPTED, ACCEPTED_NAT_T, fromHex, INVALID_KE, NO_PROPOSAL } from './ikeCaptures';

/** `late` answers only from the second datagram on; `junk` answers with something that is not IKE. */
export type Behaviour = 'answer' | 'silent' | 'late' | 'junk' | 'invalid-ke' | 'no-proposal';

export interface IkeResponder {
  port: number;
  /** Every datagram received, with the source port it came from. */
  received: { bytes: Uint8Array; port: number }[];
  close(): Promise<void>;
}

/** Listens on 127.0.0.1; reads IKE behind the non-ESP marker when `marker` (ignores the other kind). */
export async function ikeResponder(behaviour: Behaviour, marker: boolean): Promise<IkeResponder> {
  const socket = dgram.createSocket('udp4');
  const received: IkeResponder['received'] = [];
  socket.on('message', (bytes, from) => {
    const data = new Uint8Array(bytes);
    received.push({ bytes: data, port: from.port });
    const request = parseIkeMessage(data);
    if (!request || request.marker !== marker) return;
    if (behaviour === 'silent' || (behaviour === 'late' && received.length < 2)) return;
    if (behaviour === 'junk') {
      socket.send(Buffer.from('hello, not IKE'), from.port, from.address);
      return;
    }
    const capture = behaviour === 'invalid-ke' ? INVALID_KE : behaviour === 'no-proposal' ? NO_PROPOSAL : marker ? ACCEPTED_NAT_T : ACCEPTED;
    const reply = fromHex(capture.reply);
    const offset = marker && reply[0] === 0 && reply[1] === 0 && reply[2] === 0 && reply[3] === 0 ? 4 : 0;
    reply.set(request.initiatorSpi, offset);
    socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: (socket.address() as AddressInfo).port,
    received,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
