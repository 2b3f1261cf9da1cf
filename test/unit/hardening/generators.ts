/**
 * Cheap input generators for the fuzz targets: small generated texts built from the words the
 * rules look at (so the inputs reach the rules, not just the parsers), and mutations of the
 * examples and rule fixtures. Everything is a fast-check arbitrary, so failures shrink. Not a test file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import type { Mutation } from './support';

export const REPO = resolve(__dirname, '../../..');

/** One fixture or example workspace: relative path → text (expectations and `.after` files left out). */
export type Workspace = Record<string, string>;

function readWorkspace(dir: string, prefix = ''): Workspace {
  const files: Workspace = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(files, readWorkspace(join(dir, entry.name), rel));
    else if (entry.isFile() && entry.name !== 'expect.json' && !/\.after\d*$/.test(entry.name)) files[rel] = readFileSync(join(dir, entry.name), 'utf8');
  }
  return files;
}

/** Every example and rule fixture workspace, read once. */
export const WORKSPACES: readonly Workspace[] = (() => {
  const all: Workspace[] = [];
  const examples = join(REPO, 'examples');
  for (const name of readdirSync(examples).sort()) all.push(readWorkspace(join(examples, name)));
  const fixtures = join(REPO, 'test/fixtures/rules');
  for (const rule of readdirSync(fixtures).sort()) {
    for (const kind of ['valid', 'invalid']) {
      let cases: string[];
      try {
        cases = readdirSync(join(fixtures, rule, kind)).sort();
      } catch {
        continue;
      }
      for (const name of cases) all.push(readWorkspace(join(fixtures, rule, kind, name)));
    }
  }
  return all;
})();

const textsOf = (test: (path: string) => boolean) => [...new Set(WORKSPACES.flatMap((ws) => Object.entries(ws).filter(([path]) => test(path)).map(([, text]) => text)))];

export const NGINX_SOURCES = textsOf((path) => /\.(conf|nginx)$/.test(path));
export const VALUES_SOURCES = textsOf((path) => /(^|\/)values[^/]*\.ya?ml$/.test(path));
/** Fixture workspaces with both sides of the proxy: what the cross-file rules compare. */
export const CROSS_SOURCES = WORKSPACES.filter((ws) => Object.keys(ws).some((p) => p.endsWith('.yaml')) && Object.keys(ws).some((p) => p.endsWith('.conf')));

/** Texts to paste: mixes of the words of both languages and the characters that end tokens. */
const COMMON_FRAGMENTS = ['\n', ' ', '\t', '\r\n', '\r', '\uFEFF', '"', "'", '\\', '#', '{', '}', ';', ':', '-', ',', '[', ']', '\0', '\uD800', '😀', 'é', '${', '$x', '*', '&a', '*a'];

const NGINX_FRAGMENTS = [
  ...COMMON_FRAGMENTS,
  'stream {', 'server {', 'upstream u {', 'http {', 'events {}', '}', 'listen 500 udp;', 'listen 10.20.8.24:4500 udp reuseport;',
  'listen [::1]:500 udp;', 'proxy_pass u;', 'proxy_pass 10.20.8.23:500;', 'proxy_pass [fd00::1]:4500;', 'server 10.20.8.23:500;',
  'server 10.20.8.23:4500 weight=2 backup;', 'hash $remote_addr consistent;', 'proxy_timeout 1s;', 'proxy_responses 0;',
  'proxy_protocol on;', 'include conf.d/*.conf;', 'include nginx.conf;', 'include /etc/nginx/conf.d/*.conf;', 'include ../outside.conf;',
  'map $a $b {', 'content_by_lua_block {', 'listen 500-600 udp;', 'listen unix:/tmp/s;', 'worker_processes 1;',
];

const YAML_FRAGMENTS = [
  ...COMMON_FRAGMENTS,
  'cluster:', 'operator:', 'agent:', 'args:', 'keepalived:', 'connectorPublicAddresses:', 'connectorPublicPort: 500', 'connectorNodeAddresses:',
  'connectorSubnets: 10.96.0.0/12', 'serviceClusterIPRange:', 'edgePodCIDR: 10.234.0.0/16', 'cniType: calico', 'name: beijing', 'role: host',
  '  - 10.20.8.24', '- 10.20.8.23', '- fd00::1', 'yes', 'on', '0x1F', '1e3', '~', 'null', '!!str', '!!binary', '&anchor', '*anchor', '<<: *anchor',
  '---', '...', '%YAML 1.1', '|', '>-', '? ', '"\\u0000"', '[a, b', '{a: b', 'LOG_LEVEL: 3', 'MASQ_OUTGOING: "true"', '# yaml-language-server: $schema=http://127.0.0.1:1/x.json',
];

/** Any code points, lone surrogates included (fc.string's binary unit costs a second to set up). */
const anyCodePoints = fc.array(fc.integer({ min: 0, max: 0x10ffff }), { minLength: 1, maxLength: 4 }).map((points) => String.fromCodePoint(...points));

function mutationArb(fragments: readonly string[]): fc.Arbitrary<Mutation> {
  const at = fc.nat({ max: 1 << 16 });
  const length = fc.integer({ min: 1, max: 40 });
  return fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('insert' as const), at, text: fc.oneof(fc.constantFrom(...fragments), anyCodePoints) }), weight: 6 },
    { arbitrary: fc.record({ kind: fc.constant('delete' as const), at, length }), weight: 3 },
    { arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at, length }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('move-line' as const), from: fc.nat(), to: fc.nat() }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('truncate' as const), at }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constantFrom('crlf' as const, 'bom' as const, 'tabs' as const) }), weight: 1 },
  );
}

export const nginxMutations = fc.array(mutationArb(NGINX_FRAGMENTS), { minLength: 1, maxLength: 4 });
export const yamlMutations = fc.array(mutationArb(YAML_FRAGMENTS), { minLength: 1, maxLength: 4 });

// --- nginx ------------------------------------------------------------------------------------

const HOSTS = ['10.20.8.24', '10.20.8.23', '10.20.8.25', '[fd00::1]', '[::]', '*', 'proxy.example', 'localhost'];
const PORTS = ['500', '4500', '4501', '501', '500-501', '0', '65536', 'x'];
const address = fc.oneof(fc.tuple(fc.constantFrom(...HOSTS), fc.constantFrom(...PORTS)).map(([h, p]) => `${h}:${p}`), fc.constantFrom(...PORTS, 'unix:/run/x.sock'));
const listen = fc.tuple(address, fc.subarray(['udp', 'reuseport', 'proxy_protocol', 'bind', 'ssl'])).map(([a, params]) => `listen ${[a, ...params].join(' ')};`);
const STREAM_SETTINGS = ['proxy_timeout 1s;', 'proxy_timeout 10m;', 'proxy_responses 0;', 'proxy_responses 1;', 'proxy_protocol on;', 'proxy_bind $remote_addr transparent;', 'hash $remote_addr consistent;', 'least_conn;', 'random two;', 'resolver 1.1.1.1;'];
const setting = fc.constantFrom(...STREAM_SETTINGS);
const upstreamName = fc.constantFrom('fabedge', 'ike', 'natt', 'u');
const upstream = fc
  .tuple(upstreamName, fc.array(fc.tuple(address, fc.subarray(['weight=2', 'backup', 'down', 'max_fails=0'])), { maxLength: 3 }), fc.array(setting, { maxLength: 1 }))
  .map(([name, servers, settings]) => `upstream ${name} {\n${[...settings, ...servers.map(([a, p]) => `server ${[a, ...p].join(' ')};`)].map((l) => `    ${l}`).join('\n')}\n}`);
const server = fc
  .tuple(fc.array(listen, { minLength: 1, maxLength: 2 }), fc.oneof(upstreamName, address, fc.constant('$upstream')), fc.array(setting, { maxLength: 2 }), fc.boolean())
  .map(([listens, target, settings, pass]) => `server {\n${[...listens, ...(pass ? [`proxy_pass ${target};`] : []), ...settings].map((l) => `    ${l}`).join('\n')}\n}`);
const streamBody = fc.array(fc.oneof({ arbitrary: server, weight: 3 }, { arbitrary: upstream, weight: 2 }, { arbitrary: setting, weight: 1 }), { maxLength: 4 }).map((items) => items.join('\n'));
const indent = (text: string) => text.replace(/^(?=.)/gm, '    ');

/** A generated stream configuration: a main file, a stream fragment, or an http mistake. */
export const generatedNginx = fc.oneof(
  streamBody.map((body) => `worker_processes 1;\nevents {}\nstream {\n${indent(body)}\n}\n`),
  streamBody,
  streamBody.map((body) => `http {\n${indent(body)}\n}\n`),
  fc.tuple(streamBody, fc.constantFrom('include conf.d/*.conf;', 'include stream.d/*.conf;', 'include nginx.conf;', 'include missing.conf;', 'include /etc/nginx/stream.d/*.conf;')).map(([body, include]) => `events {}\nstream {\n    ${include}\n${indent(body)}\n}\n`),
);

/** Token soup: random sequences of nginx words and punctuation. */
export const nginxSoup = fc.array(fc.constantFrom(...NGINX_FRAGMENTS, 'a', 'b', ' ', ' ', '\n', ';', '{', '}'), { maxLength: 40 }).map((parts) => parts.join(''));

// --- values -------------------------------------------------------------------------------------

const SCALARS = ['10.20.8.24', '10.20.8.23', 'fd00::1', '10.96.0.0/12', '10.234.0.0/16', '10.96.0.0/33', '500', '4500', '"500"', '0', '65536', 'yes', 'no', 'on', 'true', '~', '', '"a, b"', '10.20.8.24,10.20.8.25', 'calico', 'flannel', 'host', 'member', '"<ASK: address>"', '3', 'node-role.kubernetes.io/edge=', '[10.20.8.24]', '[]', '{}', '&a 10.20.8.24', '*a', '!!str 5', "'x'"];
const KEYS = ['cluster', 'operator', 'agent', 'args', 'keepalived', 'fabDNS', 'name', 'role', 'cniType', 'connectorPublicAddresses', 'connectorPublicPort', 'connectorNodeAddresses', 'connectorSubnets', 'serviceClusterIPRange', 'serviceClusterIPRanges', 'clusterCIDR', 'edgePodCIDR', 'edgePodCIDR6', 'edgeCIDRMaskSize', 'edgeLabels', 'connectorLabels', 'edgeLabel', 'connectorAsMediator', 'operatorAPIServer', 'initToken', 'create', 'vip', 'interface', 'routerID', 'replicas', 'LOG_LEVEL', 'MASQ_OUTGOING', 'ENABLE_PROXY', 'publicAddresses', '<<', 'Cluster', 'cluster '];

interface YamlLine {
  depth: number;
  item: boolean;
  key: string;
  value: string;
}
const yamlLine = fc.record({ depth: fc.integer({ min: 0, max: 2 }), item: fc.boolean(), key: fc.constantFrom(...KEYS), value: fc.constantFrom(...SCALARS) });

function renderYaml(lines: readonly YamlLine[]): string {
  return lines
    .map((l, i) => {
      const pad = '  '.repeat(l.depth);
      // A key whose next line is deeper opens a map; a line marked `item` is a list entry.
      const opens = i + 1 < lines.length && lines[i + 1].depth > l.depth;
      if (l.item) return `${pad}- ${l.value}`;
      return opens ? `${pad}${l.key}:` : `${pad}${l.key}: ${l.value}`;
    })
    .join('\n');
}

/** A generated values file: FabEdge keys at plausible depths with plausible and awkward scalars. */
export const generatedValues = fc.oneof(
  { arbitrary: fc.array(yamlLine, { maxLength: 14 }).map((lines) => `cluster:\n${renderYaml(lines.map((l) => ({ ...l, depth: l.depth + 1 })))}\n`), weight: 3 },
  { arbitrary: fc.array(yamlLine, { maxLength: 14 }).map(renderYaml), weight: 2 },
  { arbitrary: fc.tuple(fc.array(yamlLine, { maxLength: 6 }), fc.array(yamlLine, { maxLength: 6 })).map(([a, b]) => `cluster:\n${renderYaml(a.map((l) => ({ ...l, depth: l.depth + 1 })))}\n---\n${renderYaml(b)}\n`), weight: 1 },
);

export const yamlSoup = fc.array(fc.constantFrom(...YAML_FRAGMENTS, 'a', ' ', '  ', '\n', '\n  ', ': ', '- '), { maxLength: 40 }).map((parts) => parts.join(''));

/** A values file beside a proxy, from the same small pools of addresses and ports so they interact. */
export const crossValues = fc
  .record({
    layout: fc.constantFrom('cluster', 'operator'),
    publicAddresses: fc.array(fc.constantFrom('10.20.8.24', '10.20.8.23', '10.20.8.25', 'fd00::1', 'proxy.example', '"10.20.8.24"'), { maxLength: 2 }),
    port: fc.option(fc.constantFrom('500', '4500', '4501', '"501"', 'x'), { nil: undefined }),
    nodes: fc.array(fc.constantFrom('10.20.8.23', '10.20.8.26', 'fd00::2'), { maxLength: 2 }),
    vip: fc.option(fc.constantFrom('10.20.8.24', '10.20.8.30'), { nil: undefined }),
  })
  .map(({ layout, publicAddresses, port, nodes, vip }) => {
    const lines = [`${layout}:`, '  name: beijing', '  role: host'];
    if (layout === 'operator') lines.push(`  connectorPublicAddresses: ${publicAddresses.join(',')}`, '  connectorSubnets: 10.96.0.0/12');
    else {
      lines.push('  connectorPublicAddresses:', ...publicAddresses.map((a) => `    - ${a}`), '  serviceClusterIPRange:', '    - 10.96.0.0/12');
      if (port) lines.push(`  connectorPublicPort: ${port}`);
      if (nodes.length > 0) lines.push('  connectorNodeAddresses:', ...nodes.map((a) => `    - ${a}`));
    }
    if (vip) lines.push('keepalived:', '  create: true', `  vip: ${vip}`, '  interface: eth0', '  routerID: 51');
    return `${lines.join('\n')}\n`;
  });
