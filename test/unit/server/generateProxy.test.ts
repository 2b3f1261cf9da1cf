import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';
import type { Range } from '../../../src/core/text';
import { WorkspaceIndex } from '../../../src/core/workspace/workspaceIndex';
import { GENERATE_PROXY_KIND, GenerateProxyFeature } from '../../../src/server/features/generateProxy';
import { UriMapper } from '../../../src/server/lsp/uris';
import { GENERATE_PROXY_COMMAND } from '../../../src/shared/protocol';
import { MemoryFileSystem } from '../../support/memoryFileSystem';

const VALUES = `cluster:
  name: beijing
  role: host
  cniType: flannel
  connectorPublicAddresses: [10.20.8.24]
  serviceClusterIPRange: [10.96.0.0/12]
  clusterCIDR: [10.244.0.0/16]
`;

const PROXY = `stream {
  server {
    listen 10.20.8.24:500 udp;
    proxy_pass 10.20.8.23:500;
  }
  server {
    listen 10.20.8.24:4500 udp;
    proxy_pass 10.20.8.23:4500;
  }
}
`;

const VALUES_URI = 'file:///ws/values.yaml';

function feature(files: Record<string, string>, locale: 'en' | 'zh-cn' = 'en'): GenerateProxyFeature {
  const index = new WorkspaceIndex(new MemoryFileSystem(files), ['/ws'], DEFAULT_SETTINGS, { locale });
  index.scan();
  const uris = new UriMapper();
  uris.addFolder('file:///ws');
  return new GenerateProxyFeature(uris, () => index.model(), () => locale);
}

const line = (n: number): Range => ({ start: { line: n, character: 0 }, end: { line: n, character: 0 } });
const unproxied = (code: string): Diagnostic => ({ range: line(0), message: 'm', code });

test('the generate-proxy action is offered on the public addresses, or beside a finding it resolves, of a values file no proxy serves', () => {
  const generate = feature({ '/ws/values.yaml': VALUES });
  const [onAddresses] = generate.actions(VALUES_URI, line(4), []);
  assert.deepEqual(onAddresses, {
    title: 'Generate the nginx proxy for this values file',
    kind: GENERATE_PROXY_KIND,
    command: { title: 'Generate the nginx proxy for this values file', command: GENERATE_PROXY_COMMAND, arguments: [VALUES_URI] },
  });
  assert.deepEqual(generate.actions(VALUES_URI, line(1), []), [], 'elsewhere in the file, without a finding');
  assert.equal(generate.actions(VALUES_URI, line(1), [unproxied('public-port-not-proxied')]).length, 1);
  assert.equal(generate.actions(VALUES_URI, line(1), [unproxied('public-address-not-proxied')]).length, 1);
  assert.deepEqual(generate.actions(VALUES_URI, line(1), [unproxied('values-schema')]), []);
  assert.deepEqual(generate.actions('file:///ws/other.yaml', line(4), []), [], 'no values file');
  assert.equal(feature({ '/ws/values.yaml': VALUES }, 'zh-cn').actions(VALUES_URI, line(4), [])[0]?.title, '为此 values 文件生成 nginx 代理');
});

test('no generate-proxy action where a proxy already serves the values file: it would be duplicated', () => {
  const generate = feature({ '/ws/values.yaml': VALUES, '/ws/nginx.conf': PROXY });
  assert.deepEqual(generate.actions(VALUES_URI, line(4), [unproxied('public-port-not-proxied')]), []);
});

test('the generated proxy goes to the client as URIs: without a connector address, a snippet for a new file beside the values file; null for any other file', () => {
  const generate = feature({ '/ws/values.yaml': VALUES });
  const generated = generate.generate(VALUES_URI);
  assert.ok(generated?.kind === 'snippet', JSON.stringify(generated));
  assert.equal(generated.newFile, true);
  assert.match(generated.uri, /^file:\/\/\/ws\/[^/]+\.conf$/);
  assert.match(generated.snippet, /listen \$\{2:10\.20\.8\.24:500\} udp/);
  assert.equal(generate.generate('file:///ws/nginx.conf'), null);
});
