/**
 * The lab's process handling must end every run: a command or daemon that hangs is stopped, and
 * nothing the lab started keeps the test process alive. Real processes, no root needed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Daemons, settlesWithin, Shell } from '../../lab/exec';
import { withinLimit } from '../../lab/matrix';

const IGNORES_TERM = ['-c', 'trap "" TERM; sleep 60 & wait'];

test('a shell command past its limit is ended, even one that ignores SIGTERM', async () => {
  const shell = new Shell();
  try {
    const began = performance.now();
    const [plain, stubborn, quick] = await Promise.all([
      shell.run('sleep', ['60'], { timeoutMs: 1000 }),
      shell.run('sh', IGNORES_TERM, { timeoutMs: 1000 }),
      shell.run('echo', ['done']),
    ]);
    assert.equal(plain.code, 124, 'timeout ends a command with 124');
    assert.equal(stubborn.code, 137, 'timeout -k kills a command that ignores SIGTERM');
    assert.deepEqual(quick, { code: 0, stdout: 'done\n', stderr: '' });
    assert.ok(performance.now() - began < 30_000, 'the limits, not the commands, ended the wait');
  } finally {
    shell.close();
  }
});

test('a closed shell answers at once, and a command running at its close does not keep the process alive', () => {
  const script = `
    const { Shell } = require(${JSON.stringify(resolve(__dirname, '../../lab/exec.ts'))});
    const shell = new Shell();
    void shell.run('sleep', ['60']);
    setTimeout(async () => {
      shell.close();
      const after = await shell.run('echo', ['late']);
      console.log(after.code, after.stderr);
    }, 300);
  `;
  const began = performance.now();
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), '-1 the lab shell has ended');
  assert.ok(performance.now() - began < 30_000);
});

test('stopAll ends a daemon that ignores its stop signal, and names none as stuck', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fabedge-lab-exec-'));
  try {
    const daemons = new Daemons();
    const child = daemons.start('stubborn', 'sh', IGNORES_TERM, { logFile: join(dir, 'log') });
    await new Promise((r) => setTimeout(r, 200));
    const stuck = await daemons.stopAll(500);
    assert.deepEqual(stuck, []);
    assert.equal(child.signalCode, 'SIGKILL');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('settlesWithin: true for a promise settled in time, rejected ones included; false for one that is not', async () => {
  assert.equal(await settlesWithin(Promise.resolve(1), 100), true);
  assert.equal(await settlesWithin(Promise.reject(new Error('no')), 100), true);
  assert.equal(await settlesWithin(new Promise(() => undefined), 50), false);
});

test('withinLimit: a run that does not finish is stopped and reported with the phase it was stuck in', async () => {
  let stopped = false;
  const hanging = withinLimit(async (watch) => {
    watch.onStop(async () => {
      stopped = true;
    });
    watch.phase = 'initiation';
    await new Promise(() => undefined);
  }, 100);
  await assert.rejects(hanging, /did not finish within 0\.1 s; it was at: initiation/);
  assert.equal(stopped, true);
  assert.equal(await withinLimit(async () => 'verdict', 1000), 'verdict');
  await assert.rejects(withinLimit(async () => Promise.reject(new Error('no namespace')), 1000), /no namespace/);
});
