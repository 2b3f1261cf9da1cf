/** The small helpers the workspace scan leans on: reading with a size limit, joining paths, filling templates. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { formatText } from '../../../src/core/l10n';
import { joinPath, normalizePath } from '../../../src/core/paths';
import { readFileUpTo } from '../../../src/core/io/fileSystem';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { NodeFileSystem, OverlayFileSystem } from '../../../src/core/io/nodeFileSystem';

test('readFileUpTo reads small and large files whole, and only the size of one over the limit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fabedge-read-'));
  try {
    const fs = new NodeFileSystem();
    const small = join(dir, 'small.conf');
    writeFileSync(small, 'events {}\n');
    assert.deepEqual(fs.readFileUpTo(small, 1024), { text: 'events {}\n' });
    // Larger than the 64 KB buffer small files are read into, with a character of two bytes at its edge.
    const large = join(dir, 'large.conf');
    const text = `${'#'.repeat(64 * 1024 - 1)}é\n${'x'.repeat(70_000)}`;
    writeFileSync(large, text);
    assert.deepEqual(fs.readFileUpTo(large, 2 * 1024 * 1024), { text });
    assert.deepEqual(fs.readFileUpTo(large, 1000), { tooLarge: Buffer.byteLength(text) });
    assert.deepEqual(fs.readFileUpTo(small, 4), { tooLarge: 10 });
    // The limit is inclusive, as for the stat it replaces.
    assert.deepEqual(fs.readFileUpTo(small, 10), { text: 'events {}\n' });
    appendFileSync(small, '\u0000\u00ff');
    assert.equal((fs.readFileUpTo(small, 1024) as { text: string }).text, 'events {}\n\u0000\u00ff');
    assert.throws(() => fs.readFileUpTo(join(dir, 'missing.conf'), 1024), /ENOENT/);
    assert.throws(() => fs.readFileUpTo(dir, 1024), /EISDIR/);
    if (spawnSync('mkfifo', [join(dir, 'pipe.conf')]).status === 0) {
      // Opening or reading a FIFO without a writer would block: it reads as empty instead.
      assert.deepEqual(fs.readFileUpTo(join(dir, 'pipe.conf'), 1024), { text: '' });
    }
    // Exactly the buffer's size, and one byte more: the read that fills it is not the end.
    for (const size of [64 * 1024, 64 * 1024 + 1, 128 * 1024 + 1]) {
      const exact = join(dir, `exact-${size}.conf`);
      writeFileSync(exact, 'y'.repeat(size));
      assert.equal((fs.readFileUpTo(exact, 2 * 1024 * 1024) as { text: string }).text.length, size);
      assert.deepEqual(fs.readFileUpTo(exact, size - 1), { tooLarge: size });
    }
    const overlay = new OverlayFileSystem(fs);
    overlay.setOverlay(small, 'unsaved');
    assert.deepEqual(overlay.readFileUpTo(small, 1024), { text: 'unsaved' });
    assert.deepEqual(overlay.readFileUpTo(small, 3), { tooLarge: 7 });
    assert.deepEqual(readFileUpTo(new MemoryFileSystem({ '/a': 'abc' }), '/a', 2), { tooLarge: 3 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('joinPath: the shortcut for plain names gives what normalizing gives', () => {
  const segment = fc.constantFrom('a', 'b.c', '.', '..', '', '.git', 'x..y');
  fc.assert(
    fc.property(fc.array(segment, { maxLength: 6 }), fc.array(segment, { minLength: 1, maxLength: 3 }), fc.boolean(), (base, relative, absolute) => {
      const from = `${absolute ? '/' : ''}${base.join('/')}`;
      const name = relative.join('/');
      assert.equal(joinPath(from, name), name.startsWith('/') ? normalizePath(name) : normalizePath(`${from}/${name}`));
    }),
    { numRuns: 2000 },
  );
  assert.equal(joinPath('/srv/site', 'Chart.yaml'), '/srv/site/Chart.yaml');
  assert.equal(joinPath('/srv/./site', 'Chart.yaml'), '/srv/site/Chart.yaml');
  assert.equal(joinPath('/', 'Chart.yaml'), '/Chart.yaml');
});

test('formatText fills each placeholder, leaves unknown ones visible and takes values literally', () => {
  assert.equal(formatText('{a} and {b}, {a} again', { a: 1, b: 'two' }), '1 and two, 1 again');
  assert.equal(formatText('{missing} stays', {}), '{missing} stays');
  assert.equal(formatText('{a}', { a: '$& {b}' }), '$& {b}');
  assert.equal(formatText('no placeholders'), 'no placeholders');
  assert.equal(formatText('{not a name} {a}', { a: 'x' }), '{not a name} x');
  assert.equal(formatText('{a}{a}}{', { a: '' }), '}{');
});
