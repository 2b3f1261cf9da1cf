import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionList, Hover, MarkupContent } from 'vscode-languageserver';
import { FabEdgeYamlService, fabedgeSchemaRequest } from '../../../src/server/yamlLanguageService';

let version = 0;
/** A document with the cursor where `|` is. */
function at(text: string): { doc: TextDocument; position: { line: number; character: number } } {
  const offset = text.indexOf('|');
  const clean = text.slice(0, offset) + text.slice(offset + 1);
  const doc = TextDocument.create(`file:///ws/values-${++version}.yaml`, 'yaml', 1, clean);
  return { doc, position: doc.positionAt(offset) };
}

const labels = (list: CompletionList) => list.items.map((item) => item.label);

function hoverText(hover: Hover | null): string {
  assert.ok(hover, 'no hover');
  const contents = hover.contents as MarkupContent;
  return contents.value;
}

const service = new FabEdgeYamlService();

test('completion offers the keys of the L4 cluster block', async () => {
  const { doc, position } = at('cluster:\n  name: beijing\n  |\n');
  const got = labels(await service.completion(doc, position, 'L4', 'en'));
  for (const key of ['cniType', 'connectorPublicAddresses', 'connectorPublicPort', 'edgePodCIDR', 'clusterCIDR']) assert.ok(got.includes(key), `${key} in ${got.join(', ')}`);
  assert.ok(!got.includes('name'), 'a key already present is not offered again');
  assert.ok(!got.includes('cidr'), 'no L3 key in L4');
});

test('completion offers the top-level keys of the layout', async () => {
  const l4 = labels(await service.completion(at('|\n').doc, at('|\n').position, 'L4', 'en'));
  assert.ok(l4.includes('keepalived') && l4.includes('fabDNS'), l4.join(', '));
  const { doc, position } = at('operator:\n  |\n');
  const l1b = labels(await service.completion(doc, position, 'L1b', 'en'));
  for (const key of ['connectorSubnets', 'edgeLabels', 'enableProxy']) assert.ok(l1b.includes(key), `${key} in ${l1b.join(', ')}`);
});

test('completion offers calico and flannel for cniType', async () => {
  const { doc, position } = at('cluster:\n  cniType: |\n');
  const got = labels(await service.completion(doc, position, 'L4', 'en'));
  assert.ok(got.includes('calico') && got.includes('flannel'), got.join(', '));
  const top = at('cniType: |\n');
  const l1 = labels(await service.completion(top.doc, top.position, 'L1', 'en'));
  assert.ok(l1.includes('calico') && l1.includes('flannel'), l1.join(', '));
});

test('hover shows the description in the requested locale', async () => {
  const { doc, position } = at('cluster:\n  ro|le: host\n');
  assert.match(hoverText(await service.hover(doc, position, 'L4', 'en')), /Cluster role/);
  const zh = hoverText(await service.hover(doc, position, 'L4', 'zh-cn'));
  assert.match(zh, /集群角色/);
  assert.doesNotMatch(zh, /Cluster role/);
  const addr = at('cluster:\n  connectorPublic|Addresses: []\n');
  assert.match(hoverText(await service.hover(addr.doc, addr.position, 'L4', 'zh-cn')), /代理/);
});

test("yaml-language-server's own labels follow the locale: Simplified Chinese, else English", async () => {
  const { doc, position } = at('cluster:\n  cni|Type: flannel\n');
  const zh = hoverText(await service.hover(doc, position, 'L4', 'zh-cn'));
  assert.match(zh, /允许的值：/);
  assert.doesNotMatch(zh, /Allowed Values/);
  const en = hoverText(await service.hover(doc, position, 'L4', 'en'));
  assert.match(en, /Allowed Values:/);
  assert.doesNotMatch(en, /允许的值/);
});

test('the same document follows the layout it is asked about', async () => {
  const { doc, position } = at('operator:\n  |\n');
  const l4 = labels(await service.completion(doc, position, 'L4', 'en'));
  const l2 = labels(await service.completion(doc, position, 'L2', 'en'));
  assert.ok(l4.includes('autoKeepIPPools') && !l4.includes('serviceClusterIPRanges'));
  assert.ok(l2.includes('serviceClusterIPRanges') && !l2.includes('autoKeepIPPools'));
});

test('schemas named by the file are never fetched', async () => {
  await assert.rejects(fabedgeSchemaRequest('https://json.schemastore.org/chart.json'), /not fetching/);
  await assert.rejects(fabedgeSchemaRequest('http://127.0.0.1:9/x.json'), /not fetching/);
  const text = await fabedgeSchemaRequest('fabedge-schema://values/L3?locale=zh-cn');
  assert.match(text, /集群/);
  // A modeline pointing elsewhere must not break completion or reach the network.
  const { doc, position } = at('# yaml-language-server: $schema=https://example.invalid/s.json\ncluster:\n  |\n');
  await service.completion(doc, position, 'L4', 'en');
});

test('the schema the server chooses wins over a modeline in the file', async () => {
  // The server reads the modeline itself; told to serve our layout's schema (the modeline names
  // our export), the service gives our keys, though yaml-language-server would follow the modeline.
  for (const modeline of ['# yaml-language-server: $schema=./values.schema.json', '# $schema: none']) {
    const { doc, position } = at(`${modeline}\ncluster:\n  |\n`);
    assert.ok(labels(await service.completion(doc, position, 'L4', 'en')).includes('connectorPublicAddresses'), modeline);
    const hover = at(`${modeline}\ncluster:\n  cni|Type: calico\n`);
    assert.match(hoverText(await service.hover(hover.doc, hover.position, 'L4', 'en')), /CNI of the cluster/);
  }
});

test("a user's local schema file: completion and hover from it, read again once edited", async () => {
  const files = new Map<string, string>([
    ['/ws/schemas/app.json', JSON.stringify({ type: 'object', properties: { replicas: { $ref: 'replicas.json' } } })],
    ['/ws/schemas/replicas.json', JSON.stringify({ type: 'integer', description: 'How many pods.' })],
  ]);
  const local = new FabEdgeYamlService({ readLocalSchema: (path) => files.get(path) });
  const { doc, position } = at('# yaml-language-server: $schema=../schemas/app.json\n|\n');
  const got = labels(await local.completion(doc, position, { path: '/ws/schemas/app.json' }, 'en'));
  assert.ok(got.includes('replicas'), got.join(', '));
  assert.ok(!got.includes('cluster'), 'not our schema');
  const hover = at('repl|icas: 2\n');
  assert.match(hoverText(await local.hover(hover.doc, hover.position, { path: '/ws/schemas/app.json' }, 'en')), /How many pods/);
  files.set('/ws/schemas/app.json', JSON.stringify({ type: 'object', properties: { image: { type: 'string' } } }));
  const again = at('|\n');
  const edited = labels(await local.completion(again.doc, again.position, { path: '/ws/schemas/app.json' }, 'en'));
  assert.ok(edited.includes('image') && !edited.includes('replicas'), edited.join(', '));
  await assert.rejects(fabedgeSchemaRequest('file:///ws/schemas/missing.json', (path) => files.get(path)), /not fetching/);
  assert.match(await fabedgeSchemaRequest('file:///ws/schemas/app.json', (path) => files.get(path)), /image/);
});
