/**
 * Includes of files that ship with nginx (mime.types, fastcgi_params, Debian's snippets) and
 * includes outside the workspace are no finding: they become notices (the server's output channel,
 * `fabedge-lint --verbose`). A file the repository should hold and does not is still reported,
 * and a shipped file the workspace does hold is followed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintPaths } from '../../../src/core/workspace/lintPaths';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';

const DEBIAN_NGINX_CONF = `user www-data;
worker_processes auto;
pid /run/nginx.pid;
include /etc/nginx/modules-enabled/*.conf;

events {
\tworker_connections 768;
}

http {
\tinclude /etc/nginx/mime.types;
\tdefault_type application/octet-stream;
\tinclude /etc/nginx/conf.d/*.conf;
\tinclude /etc/nginx/sites-enabled/*;
}
`;

function lint(files: Record<string, string>, locale: 'en' | 'zh-cn' = 'en') {
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([rel, text]) => [`/ws/${rel}`, text])));
  return lintPaths(fs, ['/ws'], DEFAULT_SETTINGS, { locale });
}

test("Debian's stock nginx.conf: its includes outside the workspace are notices, not findings", () => {
  const result = lint({ 'nginx.conf': DEBIAN_NGINX_CONF });
  assert.deepEqual(result.findings, []);
  assert.deepEqual(
    result.notices.map((n) => `${n.file.slice(4)}:${n.line} ${n.message}`),
    [
      'nginx.conf:4 Not followed: "/etc/nginx/modules-enabled/*.conf" is outside the workspace (setting fabedge.followIncludesOutsideWorkspace).',
      'nginx.conf:11 Not followed: "/etc/nginx/mime.types" is outside the workspace (setting fabedge.followIncludesOutsideWorkspace).',
      'nginx.conf:13 Not followed: "/etc/nginx/conf.d/*.conf" is outside the workspace (setting fabedge.followIncludesOutsideWorkspace).',
      'nginx.conf:14 Not followed: "/etc/nginx/sites-enabled/*" is outside the workspace (setting fabedge.followIncludesOutsideWorkspace).',
    ],
  );
});

test('files that ship with nginx, included relatively and missing from the workspace, are notices', () => {
  const result = lint({
    'nginx.conf': 'events {}\nhttp {\n    include mime.types;\n    server {\n        listen 80;\n        location ~ \\.php$ {\n            include snippets/fastcgi-php.conf;\n            include fastcgi_params;\n            fastcgi_pass php:9000;\n        }\n        location /u/ { include uwsgi_params; uwsgi_pass app:3031; }\n    }\n}\n',
  });
  assert.deepEqual(result.findings, []);
  assert.deepEqual(
    result.notices.map((n) => `${n.line} ${n.message}`),
    [
      '3 Not followed: "/ws/mime.types" ships with nginx and is not in the workspace.',
      '7 Not followed: "/ws/snippets/fastcgi-php.conf" ships with nginx and is not in the workspace.',
      '8 Not followed: "/ws/fastcgi_params" ships with nginx and is not in the workspace.',
      '11 Not followed: "/ws/uwsgi_params" ships with nginx and is not in the workspace.',
    ],
  );
  assert.deepEqual(lint({ 'nginx.conf': 'events {}\nhttp { include mime.types; }\n' }, 'zh-cn').notices.map((n) => n.message), ['未跟随：“/ws/mime.types”随 nginx 一起安装，不在工作区中。']);
});

test('a shipped file the workspace holds is followed; a file of its own the repository lacks is still reported', () => {
  const held = lint({ 'nginx.conf': 'events {}\nhttp { include mime.types; }\n', 'mime.types': 'types {\n    text/html html;\n}\n' });
  assert.deepEqual(held.notices, []);
  assert.deepEqual([...held.model.nginx[0].files.keys()], ['/ws/nginx.conf', '/ws/mime.types']);

  const missing = lint({ 'nginx.conf': 'events {}\nhttp {\n    server {\n        include snippets/ssl-params.conf;\n    }\n}\n' });
  assert.deepEqual(
    missing.findings.map((f) => `${f.range.start.line + 1} ${f.rule} ${f.severity}`),
    ['4 nginx-include warning'],
  );
  assert.deepEqual(missing.notices, []);
});

test('a fragment of conf.d/ with the php-fpm include of the docker images is quiet', () => {
  const result = lint({
    'conf.d/default.conf': 'server {\n    listen 80;\n    root /var/www/html;\n    location ~ \\.php$ {\n        fastcgi_pass php:9000;\n        include fastcgi_params;\n    }\n}\n',
  });
  assert.deepEqual(result.findings, []);
  assert.deepEqual(result.notices.map((n) => n.message), ['Not followed: "/ws/fastcgi_params" ships with nginx and is not in the workspace.']);
});

test('a fragment no nginx.conf includes names a file the workspace lacks: its conf prefix is a guess, so a notice', () => {
  const result = lint({
    'sites-available/shop.conf': 'server {\n    listen 443 ssl;\n    server_name shop.example.com;\n    include snippets/ssl-params.conf;\n    root /var/www/shop;\n}\n',
  });
  assert.deepEqual(result.findings, []);
  assert.deepEqual(result.notices.map((n) => `${n.file.slice(4)}:${n.line} ${n.message}`), [
    'sites-available/shop.conf:4 Not followed: "/ws/snippets/ssl-params.conf" is not in the workspace; no nginx.conf here includes this file, so where nginx looks for it is not known.',
  ]);
});
