import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import type { Finding } from '../../../src/core/findings';
import type { WorkspaceModel } from '../../../src/core/cross/workspaceModel';
import type { NginxNode } from '../../../src/core/nginx/model';
import { NodeFileSystem } from '../../../src/core/io/nodeFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';
import { WorkspaceIndex } from '../../../src/core/workspace/workspaceIndex';
import { CORPUS_DIR, listCases } from '../../support/corpusSnapshot';
import { MemoryFileSystem } from '../../support/memoryFileSystem';

const show = (findings: readonly Finding[]) => findings.map((f) => `${f.file}:${f.range.start.line}:${f.range.start.character} ${f.rule} ${f.message}`);

function freezeNode(node: NginxNode): void {
  Object.freeze(node);
  Object.freeze(node.children);
  for (const child of node.children) freezeNode(child);
}

/**
 * Freezes what the checks are handed: a write to it then throws (test files are strict mode), the
 * engine turns the throw into an internal-error finding, and the findings differ.
 */
function freezeModel(model: WorkspaceModel): void {
  Object.freeze(model);
  Object.freeze(model.values);
  Object.freeze(model.nginx);
  for (const doc of model.values) {
    Object.freeze(doc);
    Object.freeze(doc.values);
    for (const field of Object.values(doc.values)) if (typeof field === 'object') Object.freeze(field);
  }
  for (const tree of model.nginx) {
    Object.freeze(tree);
    for (const list of [tree.includes, tree.includeProblems, tree.nodes, tree.stream.servers, tree.stream.streamBlocks]) Object.freeze(list);
    Object.freeze(tree.stream);
    for (const server of tree.stream.servers) {
      Object.freeze(server);
      Object.freeze(server.listens);
    }
    for (const node of tree.nodes) freezeNode(node);
  }
}

test('no check writes to the models it is handed: the realistic corpus gives the same findings with its models frozen', () => {
  const roots = listCases().map((name) => resolve(CORPUS_DIR, name));
  const lintCorpus = (frozen: boolean) => {
    const index = new WorkspaceIndex(new NodeFileSystem(), roots, DEFAULT_SETTINGS, { locale: 'en' });
    index.scan();
    if (frozen) freezeModel(index.model());
    return show(index.lint());
  };
  const free = lintCorpus(false);
  assert.ok(free.length > 100, `the corpus has findings to compare (${free.length})`);
  assert.deepEqual(lintCorpus(true), free);
  assert.ok(!free.some((line) => line.includes(' internal-error ')));
});

const VALUES = (port: number) =>
  `cluster:\n  name: beijing\n  cniType: flannel\n  connectorPublicAddresses:\n    - 10.20.8.24\n  connectorPublicPort: ${port}\n  connectorNodeAddresses:\n    - 10.20.8.23\n  serviceClusterIPRange:\n    - 10.96.0.0/12\n  clusterCIDR:\n    - 10.244.0.0/16\n`;
const CHART = 'apiVersion: v2\nname: fabedge\nversion: 1.0.0\n';
// A relay on 45000 that forwards to 45000: a FabEdge relay, on the wrong connector port, only once the public port is 45000.
const NGINX = 'events {}\nstream {\n    server {\n        listen 10.20.8.24:45000 udp;\n        proxy_pass 10.20.8.23:45000;\n    }\n}\n';

test('a values edit that moves the public port reaches the nginx rules without rebuilding or changing the tree', () => {
  const fs = new MemoryFileSystem({ '/ws/Chart.yaml': CHART, '/ws/values.yaml': VALUES(500), '/ws/nginx/nginx.conf': NGINX });
  const index = new WorkspaceIndex(fs, ['/ws'], DEFAULT_SETTINGS, { locale: 'en' });
  index.scan();
  const fresh = () => {
    const other = new WorkspaceIndex(fs, ['/ws'], DEFAULT_SETTINGS, { locale: 'en' });
    other.scan();
    return show(other.lint());
  };
  freezeModel(index.model());
  const before = show(index.lint());
  const tree = index.model().nginx[0];
  assert.ok(tree);

  fs.set('/ws/values.yaml', VALUES(45000));
  index.fileChanged('/ws/values.yaml');
  freezeModel(index.model());
  const after = show(index.lint());
  assert.equal(index.model().nginx[0], tree, 'a values edit keeps the nginx tree object');
  assert.deepEqual(after, fresh());
  const nginxFindings = (lines: string[]) => lines.filter((line) => line.startsWith('/ws/nginx/'));
  assert.notDeepEqual(nginxFindings(after), nginxFindings(before), 'the nginx findings follow the public port');
  assert.ok(nginxFindings(after).some((line) => line.includes('45000')), 'an nginx finding names the new port');

  fs.set('/ws/values.yaml', VALUES(500));
  index.fileChanged('/ws/values.yaml');
  assert.deepEqual(show(index.lint()), before, 'back to 500, the findings are those of the start');
});
