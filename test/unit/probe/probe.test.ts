/**
 * The probe's transport against a UDP responder on 127.0.0.1 that this test runs: it answers the
 * way strongSwan does (the captured replies, with the request's SPI), stays silent, answers late,
 * or sends what is not IKE. Nothing leaves the loopback interface; host names resolve through a
 * lookup the test passes in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIkeMessage } from '../../../src/core/probe/ikev2';
import { pathProven, probeAll, probeTarget, probeTargets, type ProbeOptions } from '../../../src/core/probe/probe';
import { describeResult, likelyCauses, probeJson, probeSummary, probeText, planFromHost } from '../../../src/core/probe/report';
import { ikeResponder as responder } from '../../support/ikeResponder';

/** For responders that stay silent: short waits. */
const FAST: ProbeOptions = { timeoutMs: 150, attempts: 3 };
/** For responders that answer: an answer ends the wait, and a loaded machine must not turn a slow answer into a retransmission. */
const PATIENT: ProbeOptions = { timeoutMs: 3000, attempts: 3 };

test('the targets: 500 then 4500 behind the marker for public port 500; the custom port alone, behind the marker', () => {
  assert.deepEqual(probeTargets('10.20.8.24', 500), [
    { host: '10.20.8.24', port: 500, marker: false },
    { host: '10.20.8.24', port: 4500, marker: true },
  ]);
  assert.deepEqual(probeTargets('10.20.8.24', 45000), [{ host: '10.20.8.24', port: 45000, marker: true }]);
  assert.deepEqual(probeTargets('10.20.8.24', 4500), [{ host: '10.20.8.24', port: 4500, marker: true }]);
});

test('an answer proves the path: outcome, round trip, the reply read', async () => {
  for (const marker of [false, true]) {
    const r = await responder('answer', marker);
    try {
      const result = await probeTarget({ host: '127.0.0.1', port: r.port, marker }, PATIENT);
      assert.equal(result.outcome, 'answered');
      assert.equal(result.sent, 1);
      assert.equal(result.answeredAttempt, 1);
      assert.ok(result.rttMs !== undefined && result.rttMs >= 0);
      assert.equal(result.reply?.accepted, true);
      assert.equal(result.reply?.marker, marker);
      assert.equal(result.address, '127.0.0.1');
      assert.equal(r.received.length, 1);
      assert.equal(parseIkeMessage(r.received[0].bytes)?.marker, marker);
    } finally {
      await r.close();
    }
  }
});

test('INVALID_KE_PAYLOAD and NO_PROPOSAL_CHOSEN prove the path as well', async () => {
  for (const [behaviour, error] of [['invalid-ke', 'INVALID_KE_PAYLOAD'], ['no-proposal', 'NO_PROPOSAL_CHOSEN']] as const) {
    const r = await responder(behaviour, false);
    try {
      const result = await probeTarget({ host: '127.0.0.1', port: r.port, marker: false }, PATIENT);
      assert.equal(result.outcome, 'answered');
      assert.equal(result.reply?.accepted, false);
      assert.deepEqual(result.reply?.errors, [error]);
      assert.match(describeResult(result, 'en', FAST), new RegExp(error));
    } finally {
      await r.close();
    }
  }
});

test('no answer: the same request from the same source port, exactly `attempts` times, then silent with the causes', async () => {
  const r = await responder('silent', true);
  try {
    const result = await probeTarget({ host: '127.0.0.1', port: r.port, marker: true }, FAST);
    assert.equal(result.outcome, 'silent');
    assert.equal(result.sent, 3);
    assert.equal(r.received.length, 3);
    assert.equal(new Set(r.received.map((d) => d.port)).size, 1, 'one source port: one nginx session');
    assert.equal(new Set(r.received.map((d) => Buffer.from(d.bytes).toString('hex'))).size, 1, 'a retransmission, not a new request');
    const causes = likelyCauses(result, 'en');
    assert.ok(causes.some((c) => /crossed ports/.test(c) && /connector's 500 instead of 4500/.test(c)), causes.join('\n'));
    assert.ok(causes.some((c) => /firewall/.test(c)));
    assert.ok(likelyCauses(result, 'zh-cn').some((c) => /端口交叉/.test(c)));
  } finally {
    await r.close();
  }
});

test('an answer to a retransmission counts, and says which transmission it followed', async () => {
  const r = await responder('late', false);
  try {
    const result = await probeTarget({ host: '127.0.0.1', port: r.port, marker: false }, { timeoutMs: 1000, attempts: 3 });
    assert.equal(result.outcome, 'answered');
    assert.ok(result.answeredAttempt !== undefined && result.answeredAttempt >= 2, 'the first transmission goes unanswered');
    assert.match(describeResult(result, 'en', FAST), /after [23] transmissions/);
  } finally {
    await r.close();
  }
});

test('a closed port answers with ICMP port unreachable: refused at once, with its causes', async () => {
  const r = await responder('silent', false);
  const port = r.port;
  await r.close();
  const result = await probeTarget({ host: '127.0.0.1', port, marker: false }, { timeoutMs: 2000, attempts: 3 });
  assert.equal(result.outcome, 'refused');
  assert.ok(result.sent <= 2, 'it does not wait for the timeouts');
  assert.ok(likelyCauses(result, 'en').some((c) => /without the udp parameter/.test(c)));
});

test('datagrams that are not an answer to our request are not an answer', async () => {
  const r = await responder('junk', false);
  try {
    const result = await probeTarget({ host: '127.0.0.1', port: r.port, marker: false }, FAST);
    assert.equal(result.outcome, 'not-ike');
    assert.equal(result.sent, 3);
  } finally {
    await r.close();
  }
});

test('a name is resolved by the lookup given; one that does not resolve sends nothing', async () => {
  const r = await responder('answer', true);
  try {
    const lookup = async (host: string) => {
      if (host === 'proxy.example') return { address: '127.0.0.1', family: 4 };
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    };
    const found = await probeTarget({ host: 'proxy.example', port: r.port, marker: true }, { ...PATIENT, lookup });
    assert.equal(found.outcome, 'answered');
    const missing = await probeTarget({ host: 'nowhere.example', port: r.port, marker: true }, { ...FAST, lookup });
    assert.equal(missing.outcome, 'unresolved');
    assert.equal(missing.sent, 0);
    assert.match(describeResult(missing, 'en', FAST), /cannot resolve nowhere\.example/);
  } finally {
    await r.close();
  }
});

test('the report: every port must answer; text, JSON and the editor summary in both languages', async () => {
  const answering = await responder('answer', true);
  const silent = await responder('silent', true);
  try {
    const targets = [
      { host: '127.0.0.1', port: answering.port, marker: true },
      { host: '127.0.0.1', port: silent.port, marker: true },
    ];
    const results = await probeAll(targets, FAST);
    assert.equal(pathProven(results), false);
    assert.equal(pathProven(results.slice(0, 1)), true);
    assert.equal(pathProven([]), false);
    const plan = { ...planFromHost('127.0.0.1', answering.port), targets };
    const text = probeText(plan, results, 'en', FAST);
    assert.match(text, /^Probing 127\.0\.0\.1, public port \d+:\n/);
    assert.match(text, /IKE_SA_INIT \+ non-ESP marker: answered in [\d.]+ ms \(IKE_SA_INIT response, proposal accepted(, after \d transmissions)?\)/);
    assert.match(text, /no answer after 3 transmissions \(0\.5 s\)\n\s+Likely causes: /);
    assert.match(text, /Not every port the edges use answers/);
    assert.match(probeText(plan, results, 'zh-cn', FAST), /可能的原因/);
    const json = probeJson(plan, results, 'en', FAST);
    assert.equal(json.ok, false);
    assert.deepEqual(json.probes.map((p) => p.outcome), ['answered', 'silent']);
    assert.match(json.probes[0].reply?.hex ?? '', /^00000000/, 'the raw reply, marker included');
    assert.ok(json.probes[1].causes.length > 0);
    assert.match(probeSummary(results, 'en'), /^UDP \d+ answered in [\d.]+ ms, UDP \d+ no answer$/);
    assert.match(probeSummary(results, 'zh-cn'), /无应答/);
  } finally {
    await answering.close();
    await silent.close();
  }
});
