/**
 * Which files are nginx: a name or folder (conf.d/, sites-available/, nginx/) is a hint, the
 * content decides. The foreign files of test/fixtures/nginx-input/foreign (Apache, httpd,
 * supervisor, php-fpm, rsyslog, systemd, logrotate, dnsmasq, resolv.conf, BIND), each checked
 * alone where such files really live, get no finding at all; the nginx files of
 * test/fixtures/nginx-input/nginx in the same folders are still checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Finding } from '../../../src/core/findings';
import { weighNginxEvidence } from '../../../src/core/nginx/evidence';
import { isNginxCandidate, parseNginxCached } from '../../../src/core/nginx/files';
import { lintPaths } from '../../../src/core/workspace/lintPaths';
import { classifyFile } from '../../../src/core/workspace/discovery';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';
import { readTree } from '../../support/fixtureTree';

const FIXTURES = resolve(__dirname, '../../fixtures/nginx-input');

function lintCase(files: Record<string, string>, settings = DEFAULT_SETTINGS) {
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([rel, text]) => [`/ws/${rel}`, text])));
  return lintPaths(fs, ['/ws'], settings, { locale: 'en' });
}

const describe = (f: Finding) => `${f.file.slice(4)}:${f.range.start.line + 1} ${f.rule} ${f.message}`;

for (const name of readdirSync(join(FIXTURES, 'foreign')).sort()) {
  test(`a foreign file where nginx files live is no nginx file and gets no finding: ${name}`, () => {
    const files = readTree(join(FIXTURES, 'foreign', name));
    const result = lintCase(files);
    assert.deepEqual(result.files, []);
    assert.deepEqual(result.findings.map(describe), []);
    for (const [rel, text] of Object.entries(files)) {
      const evidence = weighNginxEvidence(text, parseNginxCached(text, '1.22'));
      assert.ok(evidence.foreign > 0 || evidence.unknown > 0, `${rel}: no counter-evidence in ${JSON.stringify(evidence)}`);
    }
  });
}

test('the same foreign files are no nginx file either when the editor shows them as nginx', () => {
  for (const name of readdirSync(join(FIXTURES, 'foreign'))) {
    for (const [rel, text] of Object.entries(readTree(join(FIXTURES, 'foreign', name)))) {
      assert.equal(isNginxCandidate(`/ws/${rel}`, text, { language: true }), false, rel);
    }
  }
});

test('a real nginx fragment in conf.d/ with a missing ";" still gets its nginx-syntax error and the fix', () => {
  const result = lintCase(readTree(join(FIXTURES, 'nginx', 'typo')));
  assert.deepEqual(result.files, [{ path: '/ws/conf.d/portal.conf', kind: 'nginx' }]);
  assert.deepEqual(result.findings.map(describe), ['conf.d/portal.conf:18 nginx-syntax unexpected "}" (nginx reports line 18)']);
  assert.deepEqual(
    result.findings[0].fixes.map((f) => [f.title, f.safe]),
    [['Insert ";" after "proxy_read_timeout"', true]],
  );
});

test('nginx files in sites-available/ (without extension), nginx/ and conf.d/ are checked, and quiet when right', () => {
  for (const [name, path] of [
    ['debian-default', '/ws/sites-available/default'],
    ['docker', '/ws/nginx/default.conf'],
    ['http-fragment', '/ws/conf.d/app.conf'],
  ]) {
    const result = lintCase(readTree(join(FIXTURES, 'nginx', name)));
    assert.deepEqual(result.files, [{ path, kind: 'nginx' }], name);
    assert.deepEqual(result.findings.map(describe), [], name);
  }
});

test('a .conf file outside the nginx folders is nginx when it reads as nginx and holds a top-level block', () => {
  const result = lintCase(readTree(join(FIXTURES, 'nginx', 'stream-elsewhere')));
  assert.deepEqual(result.files, [{ path: '/ws/deploy/connector-proxy.conf', kind: 'nginx' }]);
  assert.equal(isNginxCandidate('/ws/deploy/timeouts.conf', 'proxy_timeout 10m;\nproxy_responses 0;\n'), false);
});

test('the user decides: fabedge.nginxFiles makes any file nginx, the nginx language any file without foreign content', () => {
  const fs = new MemoryFileSystem();
  const snippet = 'listen 500 udp;\nproxy_pass connector_isakmp;\n';
  const apache = readTree(join(FIXTURES, 'foreign', 'apache'))['sites-available/app.example.com.conf'];
  assert.equal(classifyFile(fs, '/ws/snippets/ike.inc', snippet, DEFAULT_SETTINGS), undefined);
  assert.equal(classifyFile(fs, '/ws/snippets/ike.inc', snippet, DEFAULT_SETTINGS, true), 'nginx');
  assert.equal(classifyFile(fs, '/ws/sites-available/app.conf', apache, DEFAULT_SETTINGS, true), undefined);
  assert.equal(classifyFile(fs, '/ws/sites-available/app.conf', apache, { ...DEFAULT_SETTINGS, nginxFiles: ['**/sites-available/*.conf'] }), 'nginx');
});

test('the name nginx.conf says nginx unless the content is another program\'s: fail2ban keeps its nginx jails in jail.d/nginx.conf', () => {
  const fs = new MemoryFileSystem();
  const apache = readTree(join(FIXTURES, 'foreign', 'apache'))['sites-available/app.example.com.conf'];
  const jail = '[nginx-http-auth]\nenabled  = true\nport     = http,https\nlogpath  = /var/log/nginx/error.log\n\n[nginx-limit-req]\nenabled  = true\nmaxretry = 10\n';
  assert.equal(classifyFile(fs, '/ws/jail.d/nginx.conf', jail, DEFAULT_SETTINGS), undefined);
  assert.equal(classifyFile(fs, '/ws/nginx.conf', apache, DEFAULT_SETTINGS), undefined);
  // Broken or unfamiliar nginx under that name is still nginx: nothing in it is another program's.
  assert.equal(classifyFile(fs, '/ws/nginx.conf', 'worker_processes 2\nstream {\n', DEFAULT_SETTINGS), 'nginx');
  assert.equal(classifyFile(fs, '/ws/nginx.conf', '', DEFAULT_SETTINGS), 'nginx');
  assert.equal(classifyFile(fs, '/ws/proxy/fabedge.stream.conf', 'server {\n    listen 500 udp;\n    proxy_pass 10.20.8.23:500;\n}\n', DEFAULT_SETTINGS), 'nginx');
});

test('a foreign file that an nginx file includes is read as nginx: nginx itself would read it', () => {
  const apache = readTree(join(FIXTURES, 'foreign', 'apache'))['sites-available/app.example.com.conf'];
  const result = lintCase({ 'nginx.conf': 'events {}\nhttp {\n    include sites-available/*.conf;\n}\n', 'sites-available/app.example.com.conf': apache });
  assert.deepEqual(result.files, [{ path: '/ws/nginx.conf', kind: 'nginx' }]);
  assert.deepEqual(
    result.findings.map((f) => `${f.file.slice(4)} ${f.rule}`),
    ['sites-available/app.example.com.conf nginx-syntax'],
  );
});

test('notes and backups beside the vhosts are not read', () => {
  const nginx = readTree(join(FIXTURES, 'nginx', 'debian-default'))['sites-available/default'];
  const result = lintCase({ 'sites-available/README.md': `Copy this:\n\n${nginx}`, 'sites-available/default.bak': nginx });
  assert.deepEqual(result.files, []);
});
