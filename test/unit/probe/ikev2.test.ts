/** The probe's IKE_SA_INIT builder and reply parser, against what strongSwan really sends (test/support/ikeCaptures.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  answersRequest,
  buildIkeSaInit,
  DH_GROUP,
  errorNotifies,
  EXCHANGE,
  parseIkeMessage,
  PAYLOAD,
  toHex,
  withNonEspMarker,
} from '../../../src/core/probe/ikev2';
import { freshRequest } from '../../../src/core/probe/probe';
import { ACCEPTED, ACCEPTED_NAT_T, fromHex, INVALID_KE, NO_PROPOSAL } from '../../support/ikeCaptures';

const SPI = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at] << 8) | bytes[at + 1];
}

/** [type, id] of each transform of the first proposal of a request's SA payload. */
function transformsOf(message: Uint8Array): [number, number][] {
  const proposal = 28 + 4;
  const transforms: [number, number][] = [];
  let at = proposal + 8;
  for (let i = 0; i < message[proposal + 7]; i++) {
    transforms.push([message[at + 4], u16(message, at + 6)]);
    at += u16(message, at + 2);
  }
  return transforms;
}

test('an IKE_SA_INIT request: header, then SA, KE and Nonce, with every length consistent', () => {
  const nonce = new Uint8Array(32).fill(0xab);
  const key = new Uint8Array(32).fill(0xcd);
  const message = buildIkeSaInit({ initiatorSpi: SPI, nonce, dhGroup: DH_GROUP.CURVE_25519, keyExchange: key });
  assert.deepEqual([...message.subarray(0, 8)], [...SPI]);
  assert.ok(message.subarray(8, 16).every((b) => b === 0), 'responder SPI zero');
  assert.equal(message[16], PAYLOAD.SA, 'first payload');
  assert.equal(message[17], 0x20, 'IKEv2.0');
  assert.equal(message[18], EXCHANGE.IKE_SA_INIT);
  assert.equal(message[19], 0x08, 'initiator, request');
  assert.equal(u16(message, 22) + (u16(message, 20) << 16), 0, 'message ID 0');
  assert.equal((message[24] << 24) | (message[25] << 16) | u16(message, 26), message.length);

  const parsed = parseIkeMessage(message);
  assert.ok(parsed);
  assert.deepEqual(parsed.payloads, [PAYLOAD.SA, PAYLOAD.KE, PAYLOAD.NONCE]);
  assert.equal(parsed.response, false);
  assert.equal(parsed.dhGroup, DH_GROUP.CURVE_25519);
  assert.equal(parsed.accepted, true, 'it carries an SA payload');

  // SA: one proposal for IKE, no SPI; transforms in order, the offered group first.
  const sa = 28;
  const proposal = sa + 4;
  assert.equal(message[proposal], 0, 'the last (only) proposal');
  assert.equal(message[proposal + 5], 1, 'protocol IKE');
  assert.equal(message[proposal + 6], 0, 'no SPI');
  const count = message[proposal + 7];
  let at = proposal + 8;
  for (let i = 0; i < count; i++) {
    assert.equal(message[at], i === count - 1 ? 0 : 3, 'more-transforms flag');
    at += u16(message, at + 2);
  }
  assert.equal(at, sa + u16(message, sa + 2), 'the transforms fill the SA payload');
  assert.deepEqual(transformsOf(message), [[1, 12], [1, 12], [2, 5], [2, 4], [2, 2], [3, 12], [3, 2], [4, 31], [4, 19], [4, 14]]);

  // KE: group 31, then the key; Nonce: the nonce.
  const ke = sa + u16(message, sa + 2);
  assert.equal(u16(message, ke + 4), 31);
  assert.deepEqual([...message.subarray(ke + 8, ke + u16(message, ke + 2))], [...key]);
  const noncePayload = ke + u16(message, ke + 2);
  assert.deepEqual([...message.subarray(noncePayload + 4)], [...nonce]);
});

test('the offered groups follow the KE group unless given', () => {
  const groups = (message: Uint8Array) => transformsOf(message).filter(([type]) => type === 4).map(([, id]) => id);
  assert.deepEqual(groups(buildIkeSaInit({ initiatorSpi: SPI, nonce: new Uint8Array(16), dhGroup: DH_GROUP.MODP_2048, keyExchange: new Uint8Array(256) })), [14, 31, 19]);
  assert.deepEqual(groups(buildIkeSaInit({ initiatorSpi: SPI, nonce: new Uint8Array(16), dhGroup: 1, keyExchange: new Uint8Array(96), offeredGroups: [1] })), [1]);
});

test('the builder refuses an all-zero SPI or a nonce outside 16 to 256 bytes', () => {
  assert.throws(() => buildIkeSaInit({ initiatorSpi: new Uint8Array(8), nonce: new Uint8Array(32), dhGroup: 31, keyExchange: new Uint8Array(32) }), RangeError);
  assert.throws(() => buildIkeSaInit({ initiatorSpi: SPI, nonce: new Uint8Array(8), dhGroup: 31, keyExchange: new Uint8Array(32) }), RangeError);
});

test('a fresh request has a random SPI and a real X25519 key, and strongSwan read it (captures)', () => {
  const a = freshRequest();
  const b = freshRequest();
  assert.notDeepEqual(a.spi, b.spi);
  const parsed = parseIkeMessage(a.message);
  assert.equal(parsed?.dhGroup, DH_GROUP.CURVE_25519);
  // The captured requests are messages of this builder that strongSwan parsed and answered.
  for (const capture of [ACCEPTED, INVALID_KE, NO_PROPOSAL]) assert.deepEqual(parseIkeMessage(fromHex(capture.request))?.payloads, [PAYLOAD.SA, PAYLOAD.KE, PAYLOAD.NONCE]);
  assert.equal(toHex(fromHex(ACCEPTED_NAT_T.request).subarray(0, 4)), '00000000', 'the NAT-T request starts with the marker');
});

test('strongSwan accepting the proposal on UDP 500: an IKE_SA_INIT response with SA, KE and Nonce', () => {
  const reply = parseIkeMessage(fromHex(ACCEPTED.reply));
  assert.ok(reply);
  assert.equal(reply.marker, false);
  assert.equal(reply.response, true);
  assert.equal(reply.exchange, EXCHANGE.IKE_SA_INIT);
  assert.equal(reply.majorVersion, 2);
  assert.equal(reply.messageId, 0);
  assert.equal(toHex(reply.responderSpi), '95051480d2e2ace9');
  assert.deepEqual(reply.payloads, [PAYLOAD.SA, PAYLOAD.KE, PAYLOAD.NONCE, PAYLOAD.CERTREQ, PAYLOAD.NOTIFY, PAYLOAD.NOTIFY]);
  assert.deepEqual(reply.notifies.map((n) => n.name), ['CHILDLESS_IKEV2_SUPPORTED', 'MULTIPLE_AUTH_SUPPORTED']);
  assert.equal(reply.accepted, true);
  assert.equal(reply.dhGroup, DH_GROUP.CURVE_25519);
  assert.deepEqual(errorNotifies(reply), []);
  assert.ok(answersRequest(reply, fromHex(ACCEPTED.request).subarray(0, 8)));
  assert.ok(!answersRequest(reply, SPI), 'an answer to someone else');
});

test('strongSwan on UDP 4500 answers behind the non-ESP marker', () => {
  const reply = parseIkeMessage(fromHex(ACCEPTED_NAT_T.reply));
  assert.ok(reply);
  assert.equal(reply.marker, true);
  assert.equal(reply.accepted, true);
  assert.ok(answersRequest(reply, fromHex(ACCEPTED_NAT_T.request).subarray(4, 12)));
});

test('INVALID_KE_PAYLOAD and NO_PROPOSAL_CHOSEN are answers too, with the error and the wanted group', () => {
  const invalidKe = parseIkeMessage(fromHex(INVALID_KE.reply));
  assert.ok(invalidKe && answersRequest(invalidKe, fromHex(INVALID_KE.request).subarray(0, 8)));
  assert.equal(invalidKe.accepted, false);
  assert.deepEqual(errorNotifies(invalidKe), ['INVALID_KE_PAYLOAD']);
  assert.equal(invalidKe.dhGroup, DH_GROUP.CURVE_25519, 'the group strongSwan asks for');
  assert.ok(invalidKe.responderSpi.every((b) => b === 0));

  const noProposal = parseIkeMessage(fromHex(NO_PROPOSAL.reply));
  assert.ok(noProposal && answersRequest(noProposal, fromHex(NO_PROPOSAL.request).subarray(0, 8)));
  assert.deepEqual(errorNotifies(noProposal), ['NO_PROPOSAL_CHOSEN']);
  assert.equal(noProposal.dhGroup, undefined);
});

test('what is not an IKE message is undefined: ESP, truncation, lengths that lie, payloads past the end', () => {
  const accepted = fromHex(ACCEPTED.reply);
  // ESP in UDP: SPI and sequence number, then ciphertext; the header length field is whatever the ciphertext holds.
  const esp = fromHex('c122f84200000001' + 'ee'.repeat(60));
  assert.equal(parseIkeMessage(esp), undefined);
  assert.equal(parseIkeMessage(accepted.subarray(0, 27)), undefined);
  assert.equal(parseIkeMessage(accepted.subarray(0, accepted.length - 1)), undefined, 'shorter than its length field');
  const lying = accepted.slice();
  lying[28 + 2] = 0xff; // the SA payload claims to run past the message
  assert.equal(parseIkeMessage(lying), undefined);
  assert.equal(parseIkeMessage(new Uint8Array(4)), undefined, 'a marker alone');
  assert.equal(parseIkeMessage(withNonEspMarker(new Uint8Array(28))), undefined, 'an initiator SPI of zero');
  assert.equal(parseIkeMessage(new Uint8Array([0xff])), undefined, 'a NAT-T keepalive');
});

test('the parser never throws and never reads past what it was given', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
      const parsed = parseIkeMessage(bytes);
      if (parsed) assert.ok(parsed.payloads.length <= bytes.length);
    }),
    { numRuns: 3000 },
  );
  fc.assert(
    fc.property(fc.integer({ min: 0, max: fromHex(ACCEPTED.reply).length - 1 }), fc.integer({ min: 0, max: 255 }), (at, value) => {
      const mutated = fromHex(ACCEPTED.reply);
      mutated[at] = value;
      parseIkeMessage(mutated);
      parseIkeMessage(withNonEspMarker(mutated));
    }),
    { numRuns: 3000 },
  );
});
