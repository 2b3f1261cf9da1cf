/**
 * Run by capture.ts inside a lab namespace: sends IKE_SA_INIT requests that strongSwan answers in
 * each of the ways the probe must read, and prints request and reply as JSON lines.
 */
import { createDiffieHellman, getDiffieHellman, randomBytes } from 'node:crypto';
import * as dgram from 'node:dgram';
import { buildIkeSaInit, DH_GROUP, toHex, withNonEspMarker } from '../../src/core/probe/ikev2';
import { freshRequest } from '../../src/core/probe/probe';

function exchange(host: string, port: number, datagram: Uint8Array): Promise<Uint8Array | undefined> {
  const socket = dgram.createSocket('udp4');
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.close();
      resolve(undefined);
    }, 1500);
    socket.on('message', (bytes) => {
      clearTimeout(timer);
      socket.close();
      resolve(new Uint8Array(bytes));
    });
    socket.send(datagram, port, host);
  });
}

function request(dhGroup: number, keyExchange: Uint8Array, offeredGroups: number[]): Uint8Array {
  return buildIkeSaInit({ initiatorSpi: new Uint8Array(randomBytes(8)), nonce: new Uint8Array(randomBytes(32)), dhGroup, keyExchange, offeredGroups });
}

async function main(): Promise<void> {
  const host = process.argv[2];
  const modp2048 = new Uint8Array(getDiffieHellman('modp14').generateKeys());
  const modp768 = new Uint8Array(createDiffieHellman(768).generateKeys());
  const cases: { name: string; port: number; marker: boolean; message: Uint8Array }[] = [
    { name: 'accepted', port: 500, marker: false, message: freshRequest().message },
    { name: 'accepted-nat-t', port: 4500, marker: true, message: freshRequest().message },
    { name: 'invalid-ke', port: 500, marker: false, message: request(DH_GROUP.MODP_2048, modp2048, [DH_GROUP.MODP_2048, DH_GROUP.CURVE_25519]) },
    { name: 'no-proposal', port: 500, marker: false, message: request(1, modp768, [1]) },
  ];
  for (const c of cases) {
    const sent = c.marker ? withNonEspMarker(c.message) : c.message;
    const reply = await exchange(host, c.port, sent);
    process.stdout.write(`${JSON.stringify({ name: c.name, port: c.port, request: toHex(sent), reply: reply ? toHex(reply) : null })}\n`);
  }
}
void main();
