import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAddress, parseNginxTime } from '../../../src/core/nginx/addresses';
import { normalizeIPv6 } from '../../../src/core/ip';
import { buildNginxTrees } from '../../../src/core/nginx/includes';
import type { NginxConfigTree } from '../../../src/core/nginx/tree';
import { ikeRelays, isIkeRelay, namedForFabEdge, NO_EVIDENCE, treeIsFabEdge } from '../../../src/core/nginx/stream';
import { discover } from '../../../src/core/workspace/discovery';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';

function tree(text: string, extra: Record<string, string> = {}): NginxConfigTree {
  const fs = new MemoryFileSystem({ '/ws/nginx.conf': text, ...extra });
  const list = buildNginxTrees(fs, discover(fs, ['/ws'], DEFAULT_SETTINGS).files, DEFAULT_SETTINGS);
  const root = list.find((t) => t.root === '/ws/nginx.conf');
  assert.ok(root);
  return root;
}

const CONFIG = `worker_processes auto;
events {}
stream {
    proxy_timeout 20s;
    proxy_responses 1;
    upstream isakmp {
        hash $remote_addr consistent;
        server 10.20.8.23:500 weight=3;
        server 10.20.8.33:500 backup;
        server 10.20.8.43:500 down;
    }
    server {
        listen 10.20.8.24:500 udp reuseport;
        listen [0:0::0:1]:500 udp;
        proxy_pass isakmp;
        proxy_timeout 1m;
        proxy_protocol on;
    }
    server {
        listen 4500-4501 udp;
        proxy_pass 10.20.8.23:4500;
        proxy_requests 0;
    }
    server {
        listen 127.0.0.1:53 udp;
        proxy_pass $upstream_dns;
    }
    server {
        listen 6443;
        proxy_pass later;
    }
    upstream later { server 10.20.8.23:6443; }
}
`;

test('stream model: listens, targets, upstreams, balancing and worker_processes', () => {
  const { stream } = tree(CONFIG);
  assert.equal(stream.workerProcesses?.value, 'auto');
  const [ike, natT, dns, api] = stream.servers;
  assert.deepEqual(
    ike.listens.map((l) => [l.host, l.ipv6, l.port, l.udp, l.reuseport]),
    [
      ['10.20.8.24', false, { from: 500, to: 500 }, true, true],
      ['::1', true, { from: 500, to: 500 }, true, false],
    ],
  );
  assert.deepEqual(natT.listens[0].port, { from: 4500, to: 4501 });
  assert.equal(natT.listens[0].host, undefined);
  const upstream = stream.upstreams.get('isakmp');
  assert.ok(upstream);
  assert.deepEqual(upstream.balancing.method, 'hash');
  assert.equal(upstream.balancing.key, '$remote_addr');
  assert.equal(upstream.balancing.consistent, true);
  assert.deepEqual(
    upstream.servers.map((s) => [s.host, s.port, s.weight, s.backup, s.down]),
    [
      ['10.20.8.23', 500, 3, false, false],
      ['10.20.8.33', 500, 1, true, false],
      ['10.20.8.43', 500, 1, false, true],
    ],
  );
  assert.equal(ike.proxyPass?.target.kind, 'upstream');
  assert.deepEqual(natT.proxyPass?.target, { kind: 'address', host: '10.20.8.23', ipv6: false, port: 4500, literal: true });
  assert.equal(dns.proxyPass?.target.kind, 'variable');
  assert.equal(api.proxyPass?.target.kind, 'upstream', 'an upstream may be defined after the proxy_pass using it');
});

test('effective settings are inherited from stream {} and remember the directive that set them', () => {
  const { stream } = tree(CONFIG);
  const [ike, natT] = stream.servers;
  assert.equal(ike.proxyTimeout?.value, 60_000);
  assert.equal(ike.proxyTimeout?.inherited, false);
  assert.equal(natT.proxyTimeout?.value, 20_000);
  assert.equal(natT.proxyTimeout?.inherited, true);
  assert.equal(natT.proxyTimeout?.node.directive.line, 4);
  assert.equal(natT.proxyResponses?.value, '1');
  assert.equal(natT.proxyRequests?.value, 0);
  assert.equal(ike.proxyProtocol?.value, true);
  assert.equal(natT.proxyProtocol, undefined);
});

test('IKE relays: listening on or forwarding to 500/4500, or listening on the public port', () => {
  const { stream } = tree(CONFIG);
  assert.deepEqual(ikeRelays(stream, NO_EVIDENCE).map((r) => [r.server.node.directive.line, r.fabedge]), [[12, false], [19, false]]);
  const custom = tree('stream { server { listen 45000 udp; proxy_pass 10.0.0.1:4600; } }\n').stream.servers[0];
  assert.equal(isIkeRelay(custom), false);
  assert.equal(isIkeRelay(custom, 45000), true);
  const forwarding = tree('stream { server { listen 5000 udp; proxy_pass 10.0.0.1:4500; } }\n').stream.servers[0];
  assert.equal(isIkeRelay(forwarding), true);
});

test('a relay is FabEdge\'s by the evidence handed in, or by a FabEdge name in its upstream or file', () => {
  const { stream } = tree(CONFIG);
  const [ike, natT] = ikeRelays(stream, NO_EVIDENCE).map((r) => r.server);
  const tied = ikeRelays(stream, { publicPort: undefined, fabedge: new Map([[natT, 'connector']]), tree: true });
  assert.deepEqual(tied.map((r) => r.fabedge), [false, true]);
  assert.equal(treeIsFabEdge(stream, NO_EVIDENCE), false);
  assert.equal(treeIsFabEdge(stream, { ...NO_EVIDENCE, tree: true }), true);
  assert.equal(namedForFabEdge(ike), false);

  const named = tree('stream { upstream fabedge-isakmp { server 10.0.0.1:500; } server { listen 500 udp; proxy_pass fabedge-isakmp; } }\n').stream;
  assert.deepEqual(ikeRelays(named, NO_EVIDENCE).map((r) => r.fabedge), [true]);
  assert.equal(treeIsFabEdge(named, NO_EVIDENCE), true);
  const inFile = tree('events {}\nstream {\n    include stream.d/*.conf;\n}\n', {
    '/ws/stream.d/FabEdge-connector.conf': 'server {\n    listen 500 udp;\n    proxy_pass 10.0.0.1:500;\n}\n',
    '/ws/stream.d/l2tp.conf': 'server {\n    listen 1701 udp;\n    proxy_pass 10.0.0.2:500;\n}\n',
  }).stream;
  assert.deepEqual(
    ikeRelays(inFile, NO_EVIDENCE).map((r) => [r.server.node.file.path, r.fabedge]),
    [['/ws/stream.d/FabEdge-connector.conf', true], ['/ws/stream.d/l2tp.conf', false]],
  );
  // A folder named after FabEdge is not the relay's own name.
  const folder = tree('events {}\nstream {\n    include fabedge/*.conf;\n}\n', { '/ws/fabedge/vpn.conf': 'server {\n    listen 500 udp;\n    proxy_pass 10.0.0.1:500;\n}\n' }).stream;
  assert.deepEqual(ikeRelays(folder, NO_EVIDENCE).map((r) => r.fabedge), [false]);
});

test('stream servers reached through includes carry ranges in their own file', () => {
  const t = tree('events {}\nstream {\n    include stream.d/*.conf;\n}\n', {
    '/ws/stream.d/fabedge.conf': '\nserver {\n    listen 500 udp;\n    proxy_pass 10.0.0.1:500;\n}\n',
  });
  const [server] = t.stream.servers;
  const listen = server.listens[0];
  assert.equal(listen.node.file.path, '/ws/stream.d/fabedge.conf');
  assert.deepEqual(listen.node.file.rangeOf(listen.addressArg.start, listen.addressArg.end), {
    start: { line: 2, character: 11 },
    end: { line: 2, character: 14 },
  });
  assert.equal(server.stream?.directive.name, 'stream');
});

test('addresses and times as nginx reads them', () => {
  assert.equal(normalizeIPv6('2001:DB8:0:0:1:0:0:1'), '2001:db8::1:0:0:1');
  assert.equal(normalizeIPv6('::ffff:10.0.0.1'), '::ffff:a00:1');
  assert.equal(normalizeIPv6('1::2::3'), undefined);
  assert.deepEqual(parseAddress('[::]:500', 'listen'), { kind: 'inet', host: undefined, ipv6: true, port: { from: 500, to: 500 }, literal: true });
  assert.deepEqual(parseAddress('*:4500', 'listen'), { kind: 'inet', host: undefined, ipv6: false, port: { from: 4500, to: 4500 }, literal: true });
  assert.deepEqual(parseAddress('unix:/run/x.sock', 'listen'), { kind: 'unix', path: '/run/x.sock' });
  assert.deepEqual(parseAddress('connector.example:500', 'upstream'), { kind: 'inet', host: 'connector.example', ipv6: false, port: { from: 500, to: 500 }, literal: false });
  assert.equal(parseAddress('10.0.0.1:70000', 'upstream').kind, 'invalid');
  assert.equal(parseNginxTime('1m30s'), 90_000);
  assert.equal(parseNginxTime('250ms'), 250);
  assert.equal(parseNginxTime('30'), 30_000);
  assert.equal(parseNginxTime('soon'), undefined);
});
