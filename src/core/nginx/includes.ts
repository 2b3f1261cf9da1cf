/**
 * Builds nginx configuration trees the way nginx reads them (docs/nginx-stream-proxy.md §2):
 * relative includes resolve against the conf prefix (the root file's folder, never the including
 * file), globs expand in byte order without dot-files, a glob without match is fine, a missing
 * literal path is not. Each included file is walked in the context of its include site.
 * Files no root includes are analysed on their own, with their context inferred.
 */
import type { Directive, NginxVersion } from './ast';
import { configMapMapper, extractConfigMapConfigs } from './configmap';
import { NGINX_FOLDERS, isTemplatedNginx, parseNginxCached } from './files';
import type { IncludeSite, NginxConfigTree, NginxContext, NginxFile, NginxNode } from './model';
import { walkDirectives } from './parser';
import { buildStreamModel } from './stream';
import { basename, dirname, isInside, joinPath, normalizePath } from '../paths';
import { formatSize, type DiscoveredFile } from '../workspace/discovery';
import { readFileUpTo, type FileSystemHost } from '../workspace/fileSystem';
import { followsIncludesOutside, type WorkspaceSettings } from '../workspace/settings';

export interface BuildNginxOptions {
  version?: NginxVersion;
  /**
   * Folders includes may read without `followIncludesOutsideWorkspace`. Defaults to the deepest
   * folder containing every discovered file.
   */
  workspaceFolders?: readonly string[];
}

/** Directives that exist only in the main context: a file holding one is a main file, not a fragment. */
const MAIN_ONLY = new Set([
  'events', 'http', 'stream', 'mail', 'worker_processes', 'load_module', 'user', 'pid', 'daemon',
  'master_process', 'worker_rlimit_nofile', 'env', 'thread_pool', 'pcre_jit', 'worker_cpu_affinity',
  'worker_priority', 'working_directory', 'lock_file', 'ssl_engine', 'timer_resolution', 'worker_shutdown_timeout',
]);

const HTTP_SERVER_HINTS = new Set(['location', 'server_name', 'root', 'index', 'try_files', 'rewrite', 'add_header', 'client_max_body_size']);

export function makePlainFile(path: string, text: string, version: NginxVersion): NginxFile {
  const parse = parseNginxCached(text, version);
  return {
    path,
    id: path,
    text,
    parse,
    rangeOf: (start, end) => parse.lineIndex.rangeOf(start, end),
    positionAt: (offset) => parse.lineIndex.positionAt(offset),
    embedText: (t) => t,
  };
}

/** The nginx files of one ConfigMap YAML file, one per `data` entry. */
export function makeConfigMapFiles(path: string, text: string, version: NginxVersion): NginxFile[] {
  return extractConfigMapConfigs(text).map((config) => {
    const parse = parseNginxCached(config.text, version);
    const mapper = configMapMapper(config);
    const pad = ' '.repeat(config.indent);
    return {
      path,
      id: `${path}#${config.key}`,
      text: config.text,
      parse,
      rangeOf: mapper.rangeOf,
      positionAt: mapper.positionAt,
      embedText: (t: string) => t.replace(/\n(?!\n|$)/g, `\n${pad}`),
      configMap: { key: config.key, firstLine: config.firstLine, indent: config.indent },
    };
  });
}

function hasGlob(text: string): boolean {
  return /[*?[]/.test(text);
}

function segmentToRegExp(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '\\' && i + 1 < segment.length) source += escapeRegExp(segment[++i]);
    else if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close === -1) source += '\\[';
      else {
        let body = segment.slice(i + 1, close);
        const negate = body.startsWith('!') || body.startsWith('^');
        if (negate) body = body.slice(1);
        source += `[${negate ? '^' : ''}${body.replace(/\\/g, '\\\\').replace(/\]/g, '\\]')}]`;
        i = close;
      }
    } else source += escapeRegExp(c);
  }
  return new RegExp(`^${source}$`, 's');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * glob(3) as nginx calls it: every path component may be a pattern, a wildcard never matches a
 * leading dot unless the pattern starts with one, results are files only, sorted in byte order
 * (nginx never sets a locale).
 */
export function expandGlob(fs: FileSystemHost, pattern: string): string[] {
  const segments = normalizePath(pattern).split('/').filter(Boolean);
  let bases = ['/'];
  /** Paths the last listing showed as regular files: no stat needed to keep them. */
  let listedFiles = new Set<string>();
  for (const segment of segments) {
    const next: string[] = [];
    listedFiles = new Set();
    for (const base of bases) {
      const prefix = base === '/' ? '/' : `${base}/`;
      if (!hasGlob(segment)) {
        next.push(`${prefix}${segment.replace(/\\(.)/g, '$1')}`);
        continue;
      }
      const re = segmentToRegExp(segment);
      let entries;
      try {
        entries = fs.readDirectory(base);
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (entry.name.startsWith('.') && !segment.startsWith('.')) continue;
        if (!re.test(entry.name)) continue;
        const path = `${prefix}${entry.name}`;
        next.push(path);
        if (entry.kind === 'file') listedFiles.add(path);
      }
    }
    bases = next;
  }
  return bases.filter((path) => listedFiles.has(path) || fs.stat(path)?.kind === 'file').sort(compareBytes);
}

function topLevel(file: NginxFile): Directive[] {
  return file.parse.directives.filter((d) => d.kind === 'directive');
}

/** A file that sets something only the main context allows is a main file in its own right. */
export function isMainFile(file: NginxFile): boolean {
  return basename(file.id) === 'nginx.conf' || topLevel(file).some((d) => MAIN_ONLY.has(d.name));
}

function blockNames(d: Directive): Set<string> {
  return new Set((d.block ?? []).filter((c) => c.kind === 'directive').map((c) => c.name));
}

function hasUdpListen(d: Directive): boolean {
  return (d.block ?? []).some((c) => c.name === 'listen' && c.args.some((a) => a.value === 'udp'));
}

/**
 * The context a fragment nobody includes is meant for: a top-level `upstream`, or a `server`
 * with a UDP listen or a bare `proxy_pass`, is stream; `location`/`server_name` mean http.
 */
export function inferContext(file: NginxFile): NginxContext {
  const top = topLevel(file);
  const names = new Set(top.map((d) => d.name));
  if (top.some((d) => MAIN_ONLY.has(d.name))) return ['main'];
  const servers = top.filter((d) => d.name === 'server' && d.block);
  if (servers.some(hasUdpListen) || names.has('upstream')) return ['main', 'stream'];
  if (servers.some((s) => [...blockNames(s)].some((n) => HTTP_SERVER_HINTS.has(n)))) return ['main', 'http'];
  if (servers.some((s) => blockNames(s).has('proxy_pass'))) return ['main', 'stream'];
  if (names.has('listen') || names.has('proxy_pass')) {
    return [...names].some((n) => HTTP_SERVER_HINTS.has(n)) ? ['main', 'http', 'server'] : ['main', 'stream', 'server'];
  }
  if (names.has('location')) return ['main', 'http', 'server'];
  const folder = basename(dirname(file.path));
  if (folder === 'stream.d') return ['main', 'stream'];
  if (servers.length > 0 && NGINX_FOLDERS.has(folder)) return ['main', 'http'];
  return ['main'];
}

function commonFolder(paths: readonly string[]): string {
  if (paths.length === 0) return '/';
  let parts = dirname(paths[0]).split('/');
  for (const path of paths.slice(1)) {
    const other = dirname(path).split('/');
    let i = 0;
    while (i < parts.length && i < other.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join('/') || '/';
}

interface Env {
  fs: FileSystemHost;
  settings: WorkspaceSettings;
  version: NginxVersion;
  folders: readonly string[];
  loaded: Map<string, NginxFile | { error: string }>;
}

function load(env: Env, path: string): NginxFile | { error: string } {
  const cached = env.loaded.get(path);
  if (cached) return cached;
  let result: NginxFile | { error: string };
  try {
    // The same limit as discovery: an include must not pull in the 50 MB file discovery skipped.
    const read = readFileUpTo(env.fs, path, env.settings.maxFileSize);
    if ('tooLarge' in read) throw new Error(`larger than ${formatSize(env.settings.maxFileSize)} (${formatSize(read.tooLarge)}), not read`);
    result = makePlainFile(path, read.text, env.version);
  } catch (error) {
    result = { error: error instanceof Error ? error.message : String(error) };
  }
  env.loaded.set(path, result);
  return result;
}

/**
 * How deep blocks and includes together may nest in the model. Real configurations stay below
 * ten (http, server, location, if, and a few includes); nginx rejects most nesting long before.
 */
const MAX_NESTING = 200;

/** Debian's conf prefix, which absolute includes in stock and copied configurations name. */
const INSTALLED_PREFIX = '/etc/nginx';

/**
 * A workspace usually holds a copy of /etc/nginx: an absolute `/etc/nginx/…` include outside the
 * workspace means the same path under the copy's conf prefix, when that exists (Debian's stock
 * `include /etc/nginx/conf.d/*.conf;` inside http {} is the mistake proxy-context looks for).
 */
function relocate(env: Env, confPrefix: string, resolved: string): string {
  if (!isInside(INSTALLED_PREFIX, resolved) || isInside(INSTALLED_PREFIX, confPrefix)) return resolved;
  if (env.folders.some((folder) => isInside(folder, resolved))) return resolved;
  const copy = joinPath(confPrefix, resolved.slice(INSTALLED_PREFIX.length + 1));
  if (!env.folders.some((folder) => isInside(folder, copy))) return resolved;
  const exists = hasGlob(copy) ? expandGlob(env.fs, copy).length > 0 : env.fs.stat(copy) !== undefined;
  return exists ? copy : resolved;
}

/**
 * The context one block further in. Each node keeps its context: an array of the exact size, not
 * grown by a spread (room for 17 names each) nor made by concat (several times slower).
 */
function inside(context: NginxContext, block: string): NginxContext {
  const inner = new Array<string>(context.length + 1);
  for (let i = 0; i < context.length; i++) inner[i] = context[i];
  inner[context.length] = block;
  return inner;
}

/** Reads the root and everything it includes into one merged tree, then derives the stream model. */
export function buildTree(env: Env, rootFile: NginxFile, kind: NginxConfigTree['kind'], rootContext: NginxContext, confPrefix: string): NginxConfigTree {
  const tree: NginxConfigTree = {
    root: rootFile.path,
    rootId: rootFile.id,
    kind,
    confPrefix,
    rootContext,
    version: env.version,
    files: new Map([[rootFile.id, rootFile]]),
    includes: [],
    includeProblems: [],
    nodes: [],
    stream: buildStreamModel([]),
  };

  const includeTargets = (site: IncludeSite, resolved: string, glob: boolean): string[] => {
    if (site.file.configMap) return []; // The container's file system is unknown; a ConfigMap entry stands alone.
    const inside = env.folders.some((folder) => isInside(folder, resolved));
    if (!inside && !followsIncludesOutside(env.settings, site.file.path)) {
      tree.includeProblems.push({ kind: 'outside-workspace', site, target: resolved });
      return [];
    }
    if (glob) return expandGlob(env.fs, resolved);
    const stat = env.fs.stat(resolved);
    if (!stat) {
      tree.includeProblems.push({ kind: 'missing', site, target: resolved, detail: `open() "${resolved}" failed (2: No such file or directory)` });
      return [];
    }
    if (stat.kind !== 'file') {
      tree.includeProblems.push({ kind: 'unreadable', site, target: resolved, detail: `"${resolved}" is not a file` });
      return [];
    }
    return [resolved];
  };

  const expand = (file: NginxFile, directives: readonly Directive[], parent: NginxNode | undefined, context: NginxContext, stack: readonly string[], via: readonly IncludeSite[]): NginxNode[] => {
    const out: NginxNode[] = [];
    // Blocks and includes nested deeper than nginx could ever accept are left out of the model:
    // the parse still holds them (the directive checks report them), and each level would cost
    // a stack frame here and a copy of the context path.
    if (context.length + stack.length > MAX_NESTING) return out;
    for (const directive of directives) {
      const node: NginxNode = { directive, file, context, parent, children: [], via };
      out.push(node);
      if (directive.kind === 'directive' && directive.name === 'include' && directive.terminator === ';' && directive.args.length === 1) {
        const pattern = directive.args[0].value;
        const resolved = relocate(env, confPrefix, pattern.startsWith('/') ? normalizePath(pattern) : joinPath(confPrefix, pattern));
        const glob = hasGlob(pattern);
        const site: IncludeSite = { file, directive, context };
        const targets = includeTargets(site, resolved, glob);
        tree.includes.push({ ...site, pattern, resolved, glob, targets });
        for (const target of targets) {
          if (stack.includes(target)) {
            const chain = [...stack.slice(stack.indexOf(target)), target];
            tree.includeProblems.push({ kind: 'cycle', site, target, chain });
            continue;
          }
          const loaded = load(env, target);
          if ('error' in loaded) {
            tree.includeProblems.push({ kind: 'unreadable', site, target, detail: loaded.error });
            continue;
          }
          if (isTemplatedNginx(target, loaded.text)) {
            tree.includeProblems.push({ kind: 'templated', site, target });
            continue;
          }
          tree.files.set(loaded.id, loaded);
          // A loop, not push(...): a glob over thousands of files would exceed the argument limit.
          for (const child of expand(loaded, loaded.parse.directives, parent, context, [...stack, target], [...via, site])) out.push(child);
        }
      } else if (directive.block && directive.blockKind === 'directives') {
        node.children = expand(file, directive.block, node, inside(context, directive.name), stack, via);
      }
    }
    return out;
  };

  tree.nodes = expand(rootFile, rootFile.parse.directives, undefined, rootContext, [rootFile.id], []);
  tree.stream = buildStreamModel(tree.nodes);
  return tree;
}

function fragmentPrefix(path: string): string {
  const folder = dirname(path);
  return NGINX_FOLDERS.has(basename(folder)) && basename(folder) !== 'nginx' ? dirname(folder) : folder;
}

/**
 * Every nginx tree of a workspace: each `nginx.conf` (and other main file) with what it includes,
 * then every discovered file no root reached, as a fragment in its inferred context.
 */
export function buildNginxTrees(fs: FileSystemHost, files: readonly DiscoveredFile[], settings: WorkspaceSettings, options: BuildNginxOptions = {}): NginxConfigTree[] {
  const env: Env = {
    fs,
    settings,
    version: options.version ?? '1.22',
    folders: options.workspaceFolders ?? [commonFolder(files.map((f) => f.path))],
    loaded: new Map(),
  };
  const trees: NginxConfigTree[] = [];
  const reached = new Set<string>();
  const plain: NginxFile[] = [];
  for (const f of [...files].sort((a, b) => compareBytes(a.path, b.path))) {
    if (f.kind === 'nginx') {
      const loaded = load(env, f.path);
      if (!('error' in loaded)) plain.push(loaded);
    } else if (f.kind === 'nginx-configmap') {
      let text: string;
      try {
        text = fs.readFile(f.path);
      } catch {
        continue;
      }
      for (const file of makeConfigMapFiles(f.path, text, env.version)) {
        const main = file.configMap?.key === 'nginx.conf' || isMainFile(file);
        trees.push(buildTree(env, file, main ? 'root' : 'fragment', main ? ['main'] : inferContext(file), dirname(f.path)));
      }
    }
  }
  const add = (file: NginxFile, kind: NginxConfigTree['kind'], context: NginxContext, prefix: string) => {
    const tree = buildTree(env, file, kind, context, prefix);
    for (const id of tree.files.keys()) reached.add(id);
    trees.push(tree);
  };
  // nginx.conf files first: a main file they include is part of their tree, not a root of its own.
  for (const file of plain) if (basename(file.path) === 'nginx.conf' && !reached.has(file.id)) add(file, 'root', ['main'], dirname(file.path));
  for (const file of plain) if (!reached.has(file.id) && isMainFile(file)) add(file, 'root', ['main'], dirname(file.path));
  for (const file of plain) if (!reached.has(file.id)) add(file, 'fragment', inferContext(file), fragmentPrefix(file.path));
  return trees;
}

/**
 * What decides the shape of the trees a file takes part in: its include patterns, whether it is
 * a main file, and the context a fragment is read in. An edit that keeps this signature changes
 * only the trees holding the file, so those can be rebuilt alone (see `rebuildTree`).
 */
export function structureSignature(path: string, text: string, version: NginxVersion): string {
  const file = makePlainFile(path, text, version);
  const includes: string[] = [];
  for (const directive of walkDirectives(file.parse.directives)) {
    if (directive.kind === 'directive' && directive.name === 'include') includes.push(directive.args.map((a) => a.value).join(' '));
  }
  return JSON.stringify({ includes: includes.sort(), main: isMainFile(file), context: inferContext(file) });
}

/**
 * Builds one tree again from its (re-read) root, exactly as `buildNginxTrees` built it; undefined
 * when the root cannot be read again or lives in a ConfigMap (then rebuild everything).
 */
export function rebuildTree(fs: FileSystemHost, settings: WorkspaceSettings, tree: NginxConfigTree, options: BuildNginxOptions = {}): NginxConfigTree | undefined {
  if (tree.rootId !== tree.root) return undefined;
  const env: Env = { fs, settings, version: tree.version, folders: options.workspaceFolders ?? [tree.confPrefix], loaded: new Map() };
  const root = load(env, tree.root);
  if ('error' in root) return undefined;
  return buildTree(env, root, tree.kind, tree.rootContext, tree.confPrefix);
}
