/**
 * Templates (Jinja/Go/Helm, Terraform, envsubst, shell variables, placeholder words) get one
 * finding for the whole file: nginx-syntax, info, no fix, where nginx as written would stop, and
 * no other rule reports on the file. Real nginx with variables of its own stays a checked file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/findings';
import { parseNginxCached } from '../../../src/core/nginx/files';
import { templateOf } from '../../../src/core/nginx/templates';
import { lintPaths } from '../../../src/core/workspace/lintPaths';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';
import { findNginx, gluedPrefix, makeDir, removeDir, runNginxT } from '../nginx-parser/oracle';
import { skipWhenMissing } from '../../support/environment';

function lint(files: Record<string, string>): Finding[] {
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([rel, text]) => [`/ws/${rel}`, text])));
  return lintPaths(fs, ['/ws'], DEFAULT_SETTINGS, { locale: 'en' }).findings;
}

const describe = (f: Finding) => `${f.file.slice(4)}:${f.range.start.line + 1} ${f.rule} ${f.severity} ${f.message}`;

/** The single template finding of `text` saved as `path`. */
function only(path: string, text: string): Finding {
  const findings = lint({ [path]: text });
  assert.equal(findings.length, 1, findings.map(describe).join('\n'));
  const [finding] = findings;
  assert.equal(finding.rule, 'nginx-syntax');
  assert.equal(finding.severity, 'info');
  assert.deepEqual(finding.fixes, []);
  return finding;
}

const JINJA = `worker_processes 2;
events {
  worker_connections 1024;
}
stream {
  upstream kube_apiserver {
    least_conn;
    {% for host in groups['kube_control_plane'] %}
    server {{ hostvars[host]['ip'] }}:{{ kube_apiserver_port }};
    {% endfor %}
  }
  server {
    listen 127.0.0.1:{{ loadbalancer_apiserver_port }};
    proxy_pass kube_apiserver;
    proxy_timeout 10m;
  }
}
`;

test('a Jinja template gets one info finding where nginx stops, instead of a cascade', () => {
  const finding = only('nginx.conf', JINJA);
  assert.equal(finding.range.start.line + 1, 8);
  assert.match(finding.message, /^Templated \(Jinja, Go or Helm: \{% for host in groups\['kube_control_plane'\] %\}\), not checked\. As written, nginx stops here: unexpected "\{" \(nginx reports line 8\)\.$/);
});

test('the template finding speaks Chinese too', () => {
  const fs = new MemoryFileSystem({ '/ws/nginx.conf': JINJA });
  const [finding] = lintPaths(fs, ['/ws'], DEFAULT_SETTINGS, { locale: 'zh-cn' }).findings;
  assert.match(finding.message, /^模板文件（Jinja、Go 或 Helm：.*），未检查。按原样，nginx 在此处停止：unexpected "\{"（nginx 报告第 8 行）。$/);
});

const PLACEHOLDER_WORD = 'events {}\nstream {\n    upstream apiserver {\nBACKENDS\n    }\n    server {\n        listen 6443;\n        proxy_pass apiserver;\n    }\n}\n';
const TERRAFORM = 'stream {\n    upstream api {\n%{ for ip in controlplane_ips ~}\n        server ${ip}:6443;\n%{ endfor ~}\n    }\n    server { listen 6443; proxy_pass api; }\n}\n';

test('a placeholder word where a directive belongs: the finding sits where nginx fails, on the "}" after it', () => {
  const text = PLACEHOLDER_WORD;
  const finding = only('nginx.conf', text);
  assert.equal(finding.range.start.line + 1, 5);
  assert.match(finding.message, /^Templated \(placeholder: BACKENDS\), not checked\. As written, nginx stops here: unexpected "\}" \(nginx reports line 5\)\.$/);
});

test('unexpanded variables where nginx needs a literal, envsubst and Terraform variables, placeholder hosts: one finding on the first', () => {
  const cases: [string, string, number, RegExp][] = [
    ['shell variable in an upstream', 'events {}\nstream {\n    upstream ike { server $ip_address:500; }\n    server { listen 500 udp; proxy_pass ike; }\n    server { listen 4500; proxy_pass $ip_address:4500; }\n}\n', 3, /^Templated \(unexpanded variable: \$ip_address:500\), not checked\. As written, nginx rejects this line\.$/],
    ['envsubst', 'server {\n    listen ${NGINX_PORT};\n    server_name ${SERVER_NAME};\n    location / { proxy_pass http://${BACKEND_HOST}:8080; }\n}\n', 2, /^Templated \(envsubst: \$\{NGINX_PORT\}\)/],
    ['Terraform', TERRAFORM, 3, /^Templated \(Terraform: %\{ for ip in controlplane_ips ~\}\)/],
    ['placeholder port', 'server {\n    listen <<PORT>> default_server;\n    root "<<DOC_ROOT>>";\n}\n', 2, /^Templated \(placeholder: <<PORT>>\), not checked\. As written, nginx rejects this line\.$/],
    ['placeholder port of nginx-tests', 'events {}\nstream {\n    server {\n        listen 127.0.0.1:%%PORT_8981_UDP%% udp;\n        proxy_pass 127.0.0.1:8981;\n    }\n}\n', 4, /^Templated \(placeholder: 127\.0\.0\.1:%%PORT_8981_UDP%%\)/],
    ['placeholder host', 'events {}\nstream {\n    upstream apiserver {\n        server K8SHA_IP1:6443 max_fails=3;\n        server K8SHA_IP2:6443 max_fails=3;\n    }\n    server { listen 16443; proxy_pass apiserver; }\n}\n', 4, /^Templated \(placeholder: K8SHA_IP1:6443\), not checked\. As written, nginx rejects this line\.$/],
  ];
  for (const [name, text, line, message] of cases) {
    const finding = only('lb/nginx.conf', text);
    assert.equal(finding.range.start.line + 1, line, name);
    assert.match(finding.message, message, name);
  }
});

test('no other rule looks at a template: FabEdge ports with placeholders get no proxy finding', () => {
  const text = 'events {}\nstream {\n    upstream connector {\n        server {{ connector_ip }}:500;\n    }\n    server {\n        listen 500;\n        proxy_pass connector;\n        proxy_responses 1;\n    }\n}\n';
  const findings = lint({ 'nginx.conf': text });
  assert.deepEqual(findings.map((f) => f.rule), ['nginx-syntax']);
});

test('nginx of its own with variables, maps and templating in comments is no template', () => {
  const texts = [
    'server {\n    listen 80;\n    return 301 https://${host}$request_uri;\n}\n',
    'map $request_method $limited {\n    GET 0;\n    POST 1;\n    DEFAULT 0;\n}\n',
    'server {\n    listen 80;\n    set $BACKEND_HOST backend.internal;\n    location / { proxy_pass http://$BACKEND_HOST:8080; }\n}\n',
    '# docker inspect -f "{{ .NetworkSettings.IPAddress }}" master-lb\nstream {\n    server { listen 6443; proxy_pass 10.0.0.1:6443; }\n}\n',
    'http {\n    log_format main \'$remote_addr - $remote_user [$time_local] "$request"\';\n}\n',
  ];
  for (const text of texts) assert.equal(templateOf(text, parseNginxCached(text, '1.22')), undefined, text);
});

test('a template included by nginx.conf is not followed, and gets its one finding on its own', () => {
  const findings = lint({
    'nginx.conf': 'events {}\nstream {\n    include stream.d/*.conf;\n}\n',
    'stream.d/api.conf': 'upstream api {\n    server ${API_HOST}:6443;\n}\nserver { listen 6443; proxy_pass api; }\n',
  });
  assert.deepEqual(findings.map(describe), ['stream.d/api.conf:2 nginx-syntax info Templated (envsubst: ${API_HOST}), not checked. As written, nginx rejects this line.']);
});

const nginx = findNginx();

test('the template finding is on the line where nginx -t, given the file as written, stops', async (t) => {
  if (skipWhenMissing(t, nginx ? false : 'needs root and Debian nginx with libnginx-mod-stream (scripts/setup-nginx.sh)')) return;
  assert.ok(nginx, 'nginx -t is needed (scripts/setup-nginx.sh, as root)');
  for (const text of [JINJA, PLACEHOLDER_WORD, TERRAFORM]) {
    const finding = only('nginx.conf', text);
    const dir = makeDir();
    try {
      const verdict = await runNginxT(nginx, dir, gluedPrefix(dir) + text);
      assert.notEqual(verdict.rc, 0);
      assert.equal(finding.range.start.line + 1, verdict.line, `nginx: ${verdict.message}`);
    } finally {
      removeDir(dir);
    }
  }
});
