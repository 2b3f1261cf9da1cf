import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNginxTrees, expandGlob } from '../../../src/core/nginx/includes';
import { walkNodes } from '../../../src/core/nginx/model';
import type { NginxConfigTree } from '../../../src/core/nginx/tree';
import type { DiscoveredFile } from '../../../src/core/io/fileKinds';
import { discover } from '../../../src/core/workspace/discovery';
import { type FileSystemHost } from '../../../src/core/io/fileSystem';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../../../src/core/io/settings';

function trees(files: Record<string, string>, settings: Partial<WorkspaceSettings> = {}, fs?: FileSystemHost): NginxConfigTree[] {
  const host = fs ?? new MemoryFileSystem(files);
  const all = { ...DEFAULT_SETTINGS, ...settings };
  const found = discover(host, ['/ws'], all).files;
  return buildNginxTrees(host, found, all, { workspaceFolders: ['/ws'] });
}

function treeOf(list: NginxConfigTree[], root: string): NginxConfigTree {
  const tree = list.find((t) => t.root === root);
  assert.ok(tree, `no tree for ${root} among ${list.map((t) => t.root).join(', ')}`);
  return tree;
}

/** `file:name@context` for every statement of the merged tree, in nginx's reading order. */
function outline(tree: NginxConfigTree): string[] {
  return [...walkNodes(tree.nodes)].map((n) => `${n.file.id.slice(4)}:${n.directive.name}@${n.context.join('>')}`);
}

test('relative includes resolve against the conf prefix, never the including file', () => {
  const list = trees({
    '/ws/conf/nginx.conf': 'stream { include stream.d/a.conf; }\n',
    '/ws/conf/stream.d/a.conf': 'include upstreams/u.conf;\n',
    '/ws/conf/stream.d/upstreams/u.conf': 'upstream wrong { server 10.0.0.1:500; }\n',
    '/ws/conf/upstreams/u.conf': 'upstream right { server 10.0.0.1:500; }\n',
  });
  const tree = treeOf(list, '/ws/conf/nginx.conf');
  assert.deepEqual([...tree.stream.upstreams.keys()], ['right']);
  assert.deepEqual(tree.includeProblems, []);
  assert.deepEqual(
    tree.includes.map((e) => [e.pattern, e.resolved, e.targets]),
    [
      ['stream.d/a.conf', '/ws/conf/stream.d/a.conf', ['/ws/conf/stream.d/a.conf']],
      ['upstreams/u.conf', '/ws/conf/upstreams/u.conf', ['/ws/conf/upstreams/u.conf']],
    ],
  );
});

test('globs expand in byte order, skip dot-files, and a glob without match is fine', () => {
  const fs = new MemoryFileSystem({
    '/ws/nginx.conf': 'stream { include s/*.conf; include none/*.conf; include s/[ab]?.conf; }\n',
    '/ws/s/b.conf': 'upstream b { server 10.0.0.2:500; }\n',
    '/ws/s/B.conf': 'upstream B { server 10.0.0.3:500; }\n',
    '/ws/s/a1.conf': 'upstream a1 { server 10.0.0.1:500; }\n',
    '/ws/s/.hidden.conf': 'upstream hidden { server 10.0.0.9:500; }\n',
    '/ws/s/ä.conf': 'upstream umlaut { server 10.0.0.4:500; }\n',
  });
  assert.deepEqual(expandGlob(fs, '/ws/s/*.conf'), ['/ws/s/B.conf', '/ws/s/a1.conf', '/ws/s/b.conf', '/ws/s/ä.conf']);
  assert.deepEqual(expandGlob(fs, '/ws/s/.h*.conf'), ['/ws/s/.hidden.conf']);
  assert.deepEqual(expandGlob(fs, '/ws/*/a?.conf'), ['/ws/s/a1.conf']);
  const tree = treeOf(trees({}, {}, fs), '/ws/nginx.conf');
  assert.deepEqual(tree.includeProblems, []);
  assert.deepEqual(tree.includes.map((e) => e.targets.length), [4, 0, 1]);
  assert.ok(!tree.files.has('/ws/s/.hidden.conf'));
});

test('a missing literal include is a problem; an unreadable one too, never an exception', () => {
  const fs = new MemoryFileSystem({ '/ws/nginx.conf': 'include missing.conf;\nstream { include broken.conf; }\n', '/ws/broken.conf': '' });
  const host: FileSystemHost = {
    readFile: (p) => {
      if (p === '/ws/broken.conf') throw new Error('EACCES: permission denied');
      return fs.readFile(p);
    },
    stat: (p) => fs.stat(p),
    readDirectory: (p) => fs.readDirectory(p),
    realPath: (p) => p,
  };
  const tree = treeOf(trees({}, {}, host), '/ws/nginx.conf');
  assert.deepEqual(
    tree.includeProblems.map((p) => [p.kind, p.target, p.detail]),
    [
      ['missing', '/ws/missing.conf', 'open() "/ws/missing.conf" failed (2: No such file or directory)'],
      ['unreadable', '/ws/broken.conf', 'EACCES: permission denied'],
    ],
  );
});

test('include cycles are found (nginx 1.22 crashes on them), including a file that includes itself', () => {
  const list = trees({
    '/ws/nginx.conf': 'stream { include a.conf; include self.conf; }\n',
    '/ws/a.conf': 'include b.conf;\n',
    '/ws/b.conf': 'include a.conf;\n',
    '/ws/self.conf': 'include self.conf;\n',
  });
  const tree = treeOf(list, '/ws/nginx.conf');
  assert.deepEqual(
    tree.includeProblems.map((p) => [p.kind, p.site.file.id, p.chain]),
    [
      ['cycle', '/ws/b.conf', ['/ws/a.conf', '/ws/b.conf', '/ws/a.conf']],
      ['cycle', '/ws/self.conf', ['/ws/self.conf', '/ws/self.conf']],
    ],
  );
});

test('an included file is read in the context of each include site', () => {
  const list = trees({
    '/ws/nginx.conf': 'events {}\nhttp { include common.conf; }\nstream { server { listen 500 udp; include common.conf; proxy_pass 10.0.0.1:500; } }\n',
    '/ws/common.conf': 'access_log off;\n',
  });
  const tree = treeOf(list, '/ws/nginx.conf');
  assert.deepEqual(
    outline(tree).filter((line) => line.startsWith('common.conf')),
    ['common.conf:access_log@main>http', 'common.conf:access_log@main>stream>server'],
  );
  assert.deepEqual(tree.includes.map((e) => e.context.join('>')), ['main>http', 'main>stream>server']);
  const node = [...walkNodes(tree.nodes)].find((n) => n.file.id === '/ws/common.conf' && n.context.includes('stream'));
  assert.equal(node?.via.length, 1);
  assert.equal(list.length, 1, 'common.conf is part of the tree, not a fragment of its own');
});

test('fragments no root includes are analysed alone, with their context inferred', () => {
  const list = trees({
    '/ws/nginx.conf': 'events {}\n',
    '/ws/stream.d/fabedge.conf': 'upstream u { server 10.0.0.1:500; }\nserver { listen 500 udp; proxy_pass u; }\n',
    '/ws/conf.d/site.conf': 'server { listen 80; location / { return 204; } }\n',
    '/ws/conf.d/udp-only.conf': 'server { listen 4500 udp; proxy_pass 10.0.0.1:4500; }\n',
  });
  assert.deepEqual(
    list.map((t) => [t.root.slice(4), t.kind, t.rootContext.join('>')]),
    [
      ['nginx.conf', 'root', 'main'],
      ['conf.d/site.conf', 'fragment', 'main>http'],
      ['conf.d/udp-only.conf', 'fragment', 'main>stream'],
      ['stream.d/fabedge.conf', 'fragment', 'main>stream'],
    ],
  );
  const fragment = treeOf(list, '/ws/stream.d/fabedge.conf');
  assert.equal(fragment.stream.servers.length, 1);
  assert.equal(fragment.stream.servers[0].proxyPass?.target.kind, 'upstream');
});

test('includes leaving the workspace are not followed unless the setting allows it', () => {
  const files = { '/ws/nginx.conf': 'include ../outside/extra.conf;\n', '/outside/extra.conf': 'worker_processes 4;\n' };
  const fs = new MemoryFileSystem(files);
  const blocked = treeOf(trees({}, {}, fs), '/ws/nginx.conf');
  assert.deepEqual(blocked.includeProblems.map((p) => [p.kind, p.target]), [['outside-workspace', '/outside/extra.conf']]);
  assert.equal(blocked.stream.workerProcesses, undefined);
  const followed = treeOf(trees({}, { followIncludesOutsideWorkspace: true }, fs), '/ws/nginx.conf');
  assert.deepEqual(followed.includeProblems, []);
  assert.equal(followed.stream.workerProcesses?.value, 4);
});

test('each file text is parsed once, even when included from several places', () => {
  const list = trees({
    '/ws/nginx.conf': 'stream { include u.conf; server { listen 1 udp; include u2.conf; proxy_pass 10.0.0.1:1; } }\n',
    '/ws/u.conf': 'proxy_timeout 1m;\n',
    '/ws/u2.conf': 'proxy_timeout 1m;\n',
  });
  const tree = treeOf(list, '/ws/nginx.conf');
  assert.equal(tree.files.get('/ws/u.conf')?.parse, tree.files.get('/ws/u2.conf')?.parse);
});

test('discovery: nginx.conf roots, ConfigMaps, Helm templates and non-nginx .conf files', () => {
  const fs = new MemoryFileSystem({
    '/ws/nginx.conf': 'events {}\n',
    '/ws/proxy.conf': 'stream { server { listen 500 udp; proxy_pass 10.0.0.1:500; } }\n',
    '/ws/supervisord.conf': '[program:x]\ncommand=/bin/true\n',
    '/ws/resolv.conf': 'nameserver 10.0.0.1\nsearch example.com\n',
    '/ws/app.conf': 'key = value\n',
    '/ws/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\ndata:\n  nginx.conf: |\n    events {}\n',
    '/ws/chart/templates/cm.yaml': 'kind: ConfigMap\ndata:\n  nginx.conf: |\n    worker_processes {{ .Values.workers }};\n',
  });
  const found: DiscoveredFile[] = discover(fs, ['/ws'], DEFAULT_SETTINGS).files;
  assert.deepEqual(found.map((f) => `${f.path.slice(4)}:${f.kind}`), ['cm.yaml:nginx-configmap', 'nginx.conf:nginx', 'proxy.conf:nginx']);
});

test('absolute /etc/nginx includes map onto a workspace copy of /etc/nginx when the target exists there', () => {
  const list = trees({
    '/ws/etc-nginx/nginx.conf': 'include /etc/nginx/modules-enabled/*.conf;\nevents {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n',
    '/ws/etc-nginx/conf.d/fabedge.conf': 'stream { server { listen 500 udp; proxy_pass 10.0.0.1:500; } }\n',
  });
  const tree = treeOf(list, '/ws/etc-nginx/nginx.conf');
  assert.deepEqual(tree.includes.map((e) => [e.resolved, e.targets.length]), [
    ['/etc/nginx/modules-enabled/*.conf', 0],
    ['/ws/etc-nginx/conf.d/*.conf', 1],
  ]);
  assert.deepEqual(tree.includeProblems.map((p) => [p.kind, p.target]), [['outside-workspace', '/etc/nginx/modules-enabled/*.conf']]);
  assert.ok(outline(tree).includes('etc-nginx/conf.d/fabedge.conf:stream@main>http'));
});
