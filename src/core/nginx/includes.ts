/**
 * Builds nginx configuration trees the way nginx reads them (docs/design/nginx-parsing.md, `include`):
 * relative includes resolve against the conf prefix (the root file's folder, never the including
 * file), globs expand in byte order without dot-files, a glob without match is fine, a missing
 * literal path is not. Each included file is walked in the context of its include site.
 * Files no root includes are analysed on their own, with their context inferred.
 */
import type { Directive, NginxVersion } from './ast';
import { configMapMapper, extractConfigMapConfigs } from './configmap';
import { acceptsArgumentCount, knownDirectiveName, placementIn, type DirectiveContext } from './directives';
import { NGINX_FOLDERS, parseNginxCached } from './files';
import { HTTP_OR_STREAM, type IncludeEdge, type IncludeProblem, type IncludeSite, type NginxContext, type NginxFile, type NginxNode } from './model';
import type { NginxConfigTree } from './tree';
import { walkDirectives } from './parser';
import { buildStreamModel } from './stream';
import { templateOf } from './templates';
import { basename, dirname, isInside, joinPath, normalizePath } from '../paths';
import type { DiscoveredFile } from '../io/fileKinds';
import { formatSize, readFileUpTo, type FileSystemHost } from '../io/fileSystem';
import { followsIncludesOutside, type WorkspaceSettings } from '../io/settings';

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

function makePlainFile(path: string, text: string, version: NginxVersion): NginxFile {
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
function isMainFile(file: NginxFile): boolean {
  return basename(file.id) === 'nginx.conf' || topLevel(file).some((d) => MAIN_ONLY.has(d.name));
}

/** Statements that belong inside a server {}: a fragment made of them is a server's body. */
const SERVER_LEVEL = new Set(['listen', 'proxy_pass', 'server_name', 'location', 'root', 'return', 'try_files']);

/** `listen` parameters only http {} knows (nginx 1.22), and the one only stream {} knows. */
const HTTP_LISTEN_PARAMS = /^(?:http2|default_server|default|spdy|quic|deferred|accept_filter=.*)$/;

/** How many statements of a fragment only http {} accepts, and how many only stream {} accepts. */
interface ModuleEvidence {
  http: number;
  stream: number;
}

/** Where one statement of a fragment would stand if the fragment sat in http {} or in stream {}. */
function placesFor(level: 'block' | 'server', blocks: readonly string[]): { http?: DirectiveContext; stream?: DirectiveContext } {
  if (blocks.includes('location') || blocks.includes('if') || blocks.includes('limit_except')) return { http: 'http-location' };
  const inner = blocks[blocks.length - 1];
  if (inner === 'upstream') return { http: 'http-upstream', stream: 'stream-upstream' };
  if (inner === 'server' || level === 'server') return { http: 'http-server', stream: 'stream-server' };
  return { http: 'http', stream: 'stream' };
}

function fitsIn(d: Directive, context: DirectiveContext | undefined): boolean {
  if (!context) return false;
  const placement = placementIn(d.name, context);
  return placement !== undefined && placement.block === (d.terminator === '{') && acceptsArgumentCount(placement, d.args.length);
}

/** Blocks nested deeper than this tell nothing more about the module (and nginx rejects far less). */
const MAX_WEIGHED_DEPTH = 16;

function weighModules(directives: readonly Directive[], level: 'block' | 'server', blocks: readonly string[], evidence: ModuleEvidence): void {
  if (blocks.length > MAX_WEIGHED_DEPTH) return;
  for (const d of directives) {
    if (d.kind !== 'directive' || d.terminator === 'missing') continue;
    if (knownDirectiveName(d.name)) {
      const places = placesFor(level, blocks);
      const http = fitsIn(d, places.http);
      const stream = fitsIn(d, places.stream);
      if (http && !stream) evidence.http++;
      else if (stream && !http) evidence.stream++;
      else if (d.name === 'listen') {
        if (d.args.some((a) => a.value === 'udp')) evidence.stream++;
        else if (d.args.slice(1).some((a) => HTTP_LISTEN_PARAMS.test(a.value))) evidence.http++;
      } else if (d.name === 'proxy_pass' && d.args[0]) {
        // http's proxy_pass needs a scheme; stream's takes host:port or an upstream name.
        if (d.args[0].value.includes('://')) evidence.http++;
        else if (!d.args[0].value.startsWith('$')) evidence.stream++;
      }
    }
    if (d.block && d.blockKind === 'directives') weighModules(d.block, level, [...blocks, d.name], evidence);
  }
}

/** The module a fragment's folder stands for when its content does not tell: stream.d/ is stream, Debian's vhost folders are http. */
function folderModule(path: string): 'http' | 'stream' | undefined {
  const folder = basename(dirname(path));
  if (folder === 'stream.d') return 'stream';
  if (folder === 'http.d' || folder === 'sites-available' || folder === 'sites-enabled') return 'http';
  return undefined;
}

/**
 * The context a fragment nobody includes is meant for, from what its statements fit: `location`,
 * `server_name`, `listen … http2`, `proxy_pass http://…` only fit http {}; `listen … udp`,
 * `proxy_timeout`, `proxy_pass host:port` only stream {}. One side must outweigh the other twice
 * over; when neither does, the folder decides, and else the fragment is read as `HTTP_OR_STREAM`.
 */
function inferContext(file: NginxFile): NginxContext {
  const top = topLevel(file);
  if (top.some((d) => MAIN_ONLY.has(d.name))) return ['main'];
  const level = top.some((d) => SERVER_LEVEL.has(d.name)) ? 'server' : 'block';
  const evidence: ModuleEvidence = { http: 0, stream: 0 };
  weighModules(file.parse.directives, level, [], evidence);
  let module: string | undefined;
  if (evidence.http > 2 * evidence.stream) module = 'http';
  else if (evidence.stream > 2 * evidence.http) module = 'stream';
  else if (evidence.http === 0 && evidence.stream === 0) module = folderModule(file.path);
  const context = ['main', module ?? HTTP_OR_STREAM];
  return level === 'server' ? [...context, 'server'] : context;
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

/**
 * Files nginx's packages install beside nginx.conf (nginx.org's and Debian's, snippets included):
 * configurations include them and repositories rarely hold a copy.
 */
export const SHIPPED_WITH_NGINX: readonly string[] = [
  'mime.types', 'fastcgi_params', 'fastcgi.conf', 'scgi_params', 'uwsgi_params', 'koi-utf', 'koi-win', 'win-utf', 'proxy_params',
  'snippets/fastcgi-php.conf', 'snippets/snakeoil.conf',
];

function shipsWithNginx(path: string): boolean {
  return SHIPPED_WITH_NGINX.some((name) => path === name || path.endsWith(`/${name}`));
}

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
function buildTree(env: Env, rootFile: NginxFile, kind: NginxConfigTree['kind'], rootContext: NginxContext, confPrefix: string): NginxConfigTree {
  const files = new Map([[rootFile.id, rootFile]]);
  const includes: IncludeEdge[] = [];
  const includeProblems: IncludeProblem[] = [];
  const finished = (nodes: NginxNode[]): NginxConfigTree => ({
    root: rootFile.path,
    rootId: rootFile.id,
    kind,
    confPrefix,
    rootContext,
    version: env.version,
    files,
    includes,
    includeProblems,
    nodes,
    stream: buildStreamModel(nodes),
  });

  const includeTargets = (site: IncludeSite, resolved: string, glob: boolean): string[] => {
    if (site.file.configMap) return []; // The container's file system is unknown; a ConfigMap entry stands alone.
    const inside = env.folders.some((folder) => isInside(folder, resolved));
    if (!inside && !followsIncludesOutside(env.settings, site.file.path)) {
      includeProblems.push({ kind: 'outside-workspace', site, target: resolved });
      return [];
    }
    if (glob) return expandGlob(env.fs, resolved);
    const stat = env.fs.stat(resolved);
    if (!stat) {
      // A fragment is read without the nginx.conf that includes it: its conf prefix, and so where
      // nginx looks for the file, is a guess.
      const problem = shipsWithNginx(resolved) ? 'shipped' : kind === 'fragment' ? 'unplaced' : 'missing';
      includeProblems.push({ kind: problem, site, target: resolved, detail: `open() "${resolved}" failed (2: No such file or directory)` });
      return [];
    }
    if (stat.kind !== 'file') {
      includeProblems.push({ kind: 'unreadable', site, target: resolved, detail: `"${resolved}" is not a file` });
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
        includes.push({ ...site, pattern, resolved, glob, targets });
        for (const target of targets) {
          if (stack.includes(target)) {
            const chain = [...stack.slice(stack.indexOf(target)), target];
            includeProblems.push({ kind: 'cycle', site, target, chain });
            continue;
          }
          const loaded = load(env, target);
          if ('error' in loaded) {
            includeProblems.push({ kind: 'unreadable', site, target, detail: loaded.error });
            continue;
          }
          if (templateOf(loaded.text, loaded.parse)) {
            includeProblems.push({ kind: 'templated', site, target });
            continue;
          }
          files.set(loaded.id, loaded);
          // A loop, not push(...): a glob over thousands of files would exceed the argument limit.
          for (const child of expand(loaded, loaded.parse.directives, parent, context, [...stack, target], [...via, site])) out.push(child);
        }
      } else if (directive.block && directive.blockKind === 'directives') {
        node.children = expand(file, directive.block, node, inside(context, directive.name), stack, via);
      }
    }
    return out;
  };

  // A template is read by nginx only once rendered: nothing of it is modelled (nginx-syntax says why).
  if (templateOf(rootFile.text, rootFile.parse)) return finished([]);
  return finished(expand(rootFile, rootFile.parse.directives, undefined, rootContext, [rootFile.id], []));
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
