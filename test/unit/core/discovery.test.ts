import { test } from 'node:test';
import assert from 'node:assert/strict';
import { discover } from '../../../src/core/workspace/discovery';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';

const VALUES = 'cluster:\n  name: beijing\n  role: host\n  connectorPublicAddresses:\n    - 10.20.8.24\n';
const NGINX = 'stream {\n    server {\n        listen 500 udp;\n        proxy_pass 10.20.8.23:500;\n    }\n}\n';
const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n';

/** Remembers what discovery said it is done with. */
class RecordingFileSystem extends MemoryFileSystem {
  readonly done: string[] = [];

  doneWith(path: string): void {
    this.done.push(path);
  }
}

function workspace(): RecordingFileSystem {
  return new RecordingFileSystem({
    '/ws/values.yaml': VALUES,
    '/ws/nginx/nginx.conf': NGINX,
    '/ws/apps/deploy.yaml': DEPLOYMENT,
    '/ws/apps/notes.txt': 'not a candidate name',
  });
}

test('discovery tells the host which files it read and does not check, and only those', () => {
  const fs = workspace();
  const found = discover(fs, ['/ws'], DEFAULT_SETTINGS).files.map((f) => f.path);
  assert.deepEqual(found.sort(), ['/ws/nginx/nginx.conf', '/ws/values.yaml']);
  assert.deepEqual(fs.done, ['/ws/apps/deploy.yaml']);
});

test('a folder given inside another, or twice, is walked once', () => {
  const found = discover(workspace(), ['/ws/nginx', '/ws', '/ws/'], DEFAULT_SETTINGS).files.map((f) => f.path);
  assert.deepEqual(found.sort(), ['/ws/nginx/nginx.conf', '/ws/values.yaml']);
});

test('a file given directly and also met in a given folder is found once, as given', () => {
  const settings = { ...DEFAULT_SETTINGS, exclude: ['**/values.yaml'] };
  // The exclude globs apply to what a walk meets, not to a file named on the command line.
  const found = discover(workspace(), ['/ws', '/ws/values.yaml'], settings).files.map((f) => f.path);
  assert.deepEqual(found.sort(), ['/ws/nginx/nginx.conf', '/ws/values.yaml']);
  const twice = discover(workspace(), ['/ws/values.yaml', '/ws', '/ws/values.yaml'], DEFAULT_SETTINGS).files.map((f) => f.path);
  assert.deepEqual(twice.sort(), ['/ws/nginx/nginx.conf', '/ws/values.yaml']);
});
