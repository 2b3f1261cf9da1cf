import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { fullCollection, IdleCollection } from '../../../src/server/idleCollection';

test('collects once, only after the checks have stopped for the delay', async () => {
  let collections = 0;
  const idle = new IdleCollection(() => collections++, 60);
  // Checks every 10 ms for 150 ms: never quiet for 60 ms, so no collection yet.
  for (let elapsed = 0; elapsed < 150; elapsed += 10) {
    idle.workDone();
    await sleep(10);
  }
  assert.equal(collections, 0);
  await sleep(120);
  assert.equal(collections, 1);
  // Quiet with no new check: nothing more to give back.
  await sleep(120);
  assert.equal(collections, 1);
  idle.workDone();
  await sleep(120);
  assert.equal(collections, 2);
});

test('the full collection frees what nothing references any more', async () => {
  const collect = fullCollection();
  assert.ok(collect, 'no full collection on this Node');
  const refs = Array.from({ length: 8 }, () => new WeakRef({ payload: new Array(1000).fill(0) }));
  // A WeakRef keeps its target through the job that made it.
  await sleep(0);
  collect();
  assert.deepEqual(refs.map((ref) => ref.deref()), new Array(8).fill(undefined));
});
