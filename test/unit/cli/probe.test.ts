/**
 * `fabedge-lint probe` as a user runs it (dist/cli.js), against an IKE responder on 127.0.0.1
 * that answers with what strongSwan sends (test/support/ikeResponder.ts). Nothing leaves loopback.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from '../../../src/cli/args';
import { parseHostTarget } from '../../../src/cli/probeCommand';
import { ikeResponder } from '../../support/ikeResponder';

const ROOT = resolve(__dirname, '../../..');
const CLI = resolve(ROOT, 'dist/cli.js');

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
  // Asynchronous: the responder runs in this process and must answer while the CLI waits.
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, LANG: 'C', LC_ALL: '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolvePromise) => child.on('close', (status) => resolvePromise({ status, stdout, stderr })));
}

/** Answers IKE behind the marker with strongSwan's captured answer, or never. */
async function responder(answers: boolean): Promise<{ port: number; close: () => void }> {
  const r = await ikeResponder(answers ? 'answer' : 'silent', true);
  return { port: r.port, close: () => void r.close() };
}

function valuesFolder(port: number, addresses = ['127.0.0.1']): string {
  const dir = mkdtempSync(join(tmpdir(), 'fabedge-probe-'));
  const list = addresses.map((a) => `    - ${a}\n`).join('');
  writeFileSync(join(dir, 'values.yaml'), `cluster:\n  name: beijing\n  role: host\n  cniType: flannel\n  connectorPublicAddresses:\n${list}  connectorPublicPort: ${port}\n`);
  return dir;
}

test('probe HOST:PORT: the custom port answers behind the marker; exit 0', async () => {
  const r = await responder(true);
  try {
    const { status, stdout } = await cli(['probe', `127.0.0.1:${r.port}`]);
    assert.equal(status, 0, stdout);
    assert.match(stdout, new RegExp(`^Probing 127\\.0\\.0\\.1, public port ${r.port}:\\n`));
    assert.match(stdout, new RegExp(`UDP 127\\.0\\.0\\.1:${r.port}  IKE_SA_INIT \\+ non-ESP marker: answered in [\\d.]+ ms`));
    assert.match(stdout, /Every port the edges use answers with IKE/);
  } finally {
    r.close();
  }
});

test('probe values.yaml: the first connectorPublicAddresses entry on connectorPublicPort, as JSON', async () => {
  const r = await responder(true);
  const dir = valuesFolder(r.port);
  try {
    const { status, stdout } = await cli(['probe', join(dir, 'values.yaml'), '--format', 'json']);
    assert.equal(status, 0, stdout);
    const report = JSON.parse(stdout);
    assert.equal(report.version, 1);
    assert.equal(report.ok, true);
    assert.equal(report.host, '127.0.0.1');
    assert.equal(report.publicPort, r.port);
    assert.deepEqual(report.source, { file: join(dir, 'values.yaml'), key: 'cluster.connectorPublicAddresses[0]' });
    assert.equal(report.probes.length, 1);
    assert.deepEqual(
      { port: report.probes[0].port, marker: report.probes[0].marker, outcome: report.probes[0].outcome, accepted: report.probes[0].reply.accepted },
      { port: r.port, marker: true, outcome: 'answered', accepted: true },
    );
  } finally {
    r.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no answer: exit 1, and the likely causes in the language asked for', async () => {
  const r = await responder(false);
  try {
    const { status, stdout } = await cli(['probe', `127.0.0.1:${r.port}`, '--timeout', '100', '--attempts', '2', '--locale', 'zh-cn']);
    assert.equal(status, 1);
    assert.match(stdout, /发送 2 次后仍无应答/);
    assert.match(stdout, /可能的原因：/);
    assert.match(stdout, /隧道无法经由此路径建立/);
  } finally {
    r.close();
  }
});

test('a values file without a usable address: exit 1 with the reason', async () => {
  const dir = valuesFolder(45000, ['"<ASK: the nginx address>"']);
  try {
    const { status, stderr } = await cli(['probe', join(dir, 'values.yaml')]);
    assert.equal(status, 1);
    assert.match(stderr, /placeholder/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('usage errors exit 2 and send nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fabedge-probe-'));
  mkdirSync(join(dir, 'folder'));
  writeFileSync(join(dir, 'other.yaml'), 'apiVersion: v1\nkind: ConfigMap\n');
  try {
    for (const args of [
      ['probe'],
      ['probe', '127.0.0.1:0'],
      ['probe', '127.0.0.1:65536'],
      ['probe', 'bad host!'],
      ['probe', '[not-v6]:500'],
      ['probe', '127.0.0.1', '--timeout', '0'],
      ['probe', '127.0.0.1', '--attempts', '11'],
      ['probe', '127.0.0.1', '--format', 'sarif'],
      ['probe', '127.0.0.1', '--fix'],
      ['probe', '127.0.0.1', '127.0.0.2'],
      ['probe', join(dir, 'folder')],
      ['probe', join(dir, 'missing.yaml')],
      ['probe', join(dir, 'other.yaml')],
    ]) {
      const { status, stderr } = await cli(args);
      assert.equal(status, 2, `${args.join(' ')}: ${stderr}`);
      assert.match(stderr, /^fabedge-lint: /, args.join(' '));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--help tells how probe works and its exit status', async () => {
  const { status, stdout } = await cli(['--help']);
  assert.equal(status, 0);
  assert.match(stdout, /fabedge-lint probe VALUES-FILE\|HOST\[:PORT\]/);
  assert.match(stdout, /non-ESP marker/);
  const probeHelp = await cli(['probe', '--help']);
  assert.equal(probeHelp.status, 0);
});

test('HOST[:PORT]: IPv4, names, bracketed and bare IPv6; the port defaults to 500', () => {
  assert.deepEqual(parseHostTarget('10.20.8.24'), { host: '10.20.8.24', port: 500 });
  assert.deepEqual(parseHostTarget('10.20.8.24:45000'), { host: '10.20.8.24', port: 45000 });
  assert.deepEqual(parseHostTarget('vpn.example.com:4500'), { host: 'vpn.example.com', port: 4500 });
  assert.deepEqual(parseHostTarget('[2001:db8::24]:45000'), { host: '2001:db8::24', port: 45000 });
  assert.deepEqual(parseHostTarget('[2001:db8::24]'), { host: '2001:db8::24', port: 500 });
  assert.deepEqual(parseHostTarget('2001:db8::24'), { host: '2001:db8::24', port: 500 });
  for (const bad of ['10.20.8.24:', '10.20.8.24:0', ':500', 'a..b', '[10.20.8.24]:500', 'host name']) assert.throws(() => parseHostTarget(bad), UsageError, bad);
});
