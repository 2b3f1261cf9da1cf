import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findRule } from '../../../src/core/rules';
import { lintPaths } from '../../../src/core/workspace/lintPaths';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';

function portFindings(nginx: string) {
  const rule = findRule('proxy-port-mapping');
  assert.ok(rule);
  const fs = new MemoryFileSystem({ '/ws/nginx.conf': nginx });
  return lintPaths(fs, ['/ws'], { ...DEFAULT_SETTINGS, proxyFiles: ['/ws/nginx.conf'] }, { locale: 'en', rules: [rule] }).findings;
}

const server = (port: number, upstream: string) => `    server {\n        listen ${port} udp;\n        proxy_pass ${upstream};\n    }\n`;

test('an upstream that the 500 and the 4500 server share gets the finding but no fix: the fix would break the other', () => {
  const findings = portFindings(`events {}\nstream {\n    upstream connector {\n        server 10.20.8.23:500;\n    }\n${server(500, 'connector')}${server(4500, 'connector')}}\n`);
  assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.fixes.length]), [[4, 0]]);
  assert.match(findings[0].message, /UDP 4500 is forwarded to the connector's port 500/);
});

test('an upstream that only the misrouted server uses gets the fix', () => {
  const findings = portFindings(
    `events {}\nstream {\n    upstream isakmp {\n        server 10.20.8.23:500;\n    }\n    upstream other {\n        server 10.20.8.23:500;\n    }\n${server(500, 'isakmp')}${server(4500, 'other')}}\n`,
  );
  assert.deepEqual(findings.map((f) => [f.range.start.line + 1, f.fixes.map((fix) => fix.title)]), [[7, ['Forward to port 4500']]]);
});
