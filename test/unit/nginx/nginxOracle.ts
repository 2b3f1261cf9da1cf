/**
 * Debian's `nginx -t` as the judge of whole workspaces, for the fix oracle: each nginx tree of a
 * workspace becomes a configuration nginx can test as it stands (the stream module loaded, an
 * `events {}` where the tree has none, a fragment included in the context it was read in), and
 * the configurations run in batches, each batch in its own network namespace where any address
 * can be bound. So no listen address has to be rewritten (which could create or hide duplicates),
 * and nothing collides with sockets of this machine or of the other batch. Not a test file.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { extractConfigMapConfigs } from '../../../src/core/nginx/configmap';
import { SHIPPED_WITH_NGINX } from '../../../src/core/nginx/includes';
import type { NginxNode } from '../../../src/core/nginx/model';
import type { NginxConfigTree } from '../../../src/core/nginx/tree';
import { relativePath } from '../../../src/core/paths';
import { STREAM_MODULE } from '../nginx-parser/oracle';

/** Everything needed to turn one tree into a configuration for any text of the workspace's files. */
export interface TreeSpec {
  /** The tree's root id (`path` or `path#key` for a ConfigMap entry). */
  id: string;
  /** Workspace paths whose text the tree reads (a ConfigMap entry: its YAML file). */
  paths: ReadonlySet<string>;
  kind: NginxConfigTree['kind'];
  /** Blocks to open around a fragment (`stream`, `http server`, …); empty for a main-context file. */
  blocks: readonly string[];
  confPrefix: string;
  /** What the main context has already, so the glue adds nothing nginx would call a duplicate. */
  hasEvents: boolean;
  hasPid: boolean;
  loadsStream: boolean;
}

/** Blocks nginx opens without arguments, or with a fixed one, to hold an included fragment. */
const BLOCK_OPENERS: Readonly<Record<string, string>> = { stream: 'stream', http: 'http', server: 'server', upstream: 'upstream oracle_wrapper', location: 'location /', events: 'events' };

function mainNodes(tree: NginxConfigTree): NginxNode[] {
  return tree.nodes.filter((n) => n.context.length === 1);
}

/** The spec of a tree, or undefined when nginx could not be given the fragment in its context. */
export function treeSpec(tree: NginxConfigTree): TreeSpec | undefined {
  const blocks = tree.kind === 'fragment' ? tree.rootContext.slice(1) : [];
  if (blocks.some((b) => !(b in BLOCK_OPENERS))) return undefined;
  const main = blocks.length === 0 ? mainNodes(tree) : [];
  const named = (name: string) => main.some((n) => n.directive.kind === 'directive' && n.directive.name === name);
  const includesModules = main.some((n) => n.directive.name === 'include' && n.directive.args.some((a) => a.value.includes('modules-enabled')));
  return {
    id: tree.rootId,
    paths: new Set([...tree.files.values()].map((f) => f.path)),
    kind: tree.kind,
    blocks,
    confPrefix: tree.confPrefix,
    hasEvents: named('events'),
    hasPid: named('pid'),
    loadsStream: includesModules || main.some((n) => n.directive.name === 'load_module' && n.directive.args.some((a) => a.value.includes('ngx_stream_module'))),
  };
}

export interface NginxJob {
  /** The prefix folder (`-p`); nginx also runs in it, so relative unix socket paths stay inside. */
  dir: string;
  /** The file nginx reads (`-c`), relative to `dir`. */
  config: string;
}

/** Workspace files live below `<dir>/ws`, as they do below `/ws` in the tests' memory file system. */
const ROOT = '/ws';

function onDisk(dir: string, path: string): string {
  return join(dir, 'ws', path.slice(ROOT.length + 1));
}

function glue(spec: TreeSpec, dir: string): string {
  return [
    spec.loadsStream ? '' : `load_module ${STREAM_MODULE};`,
    spec.hasPid ? '' : `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log;`,
    spec.hasEvents ? '' : 'events {}',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * A configuration folder as the package leaves it: nginx resolves a relative include from the
 * folder of the file given with -c, where the package's files are, unless the repository holds its own.
 */
function withShippedFiles(confDir: string): void {
  for (const name of SHIPPED_WITH_NGINX) {
    const shipped = join('/etc/nginx', name);
    const target = join(confDir, name);
    if (existsSync(shipped) && !existsSync(target)) cpSync(shipped, target);
  }
}

/**
 * Writes the workspace's files (path → text) into `dir` with the tree's configuration on top;
 * undefined when the tree's root is a ConfigMap entry that these texts no longer hold.
 */
export function materialize(spec: TreeSpec, files: ReadonlyMap<string, string>, dir: string): NginxJob | undefined {
  for (const [path, text] of files) {
    const target = onDisk(dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  const hash = spec.id.indexOf('#');
  let rootPath = spec.id;
  if (hash !== -1) {
    const yaml = files.get(spec.id.slice(0, hash));
    const entry = yaml === undefined ? undefined : extractConfigMapConfigs(yaml).find((c) => c.key === spec.id.slice(hash + 1));
    if (!entry) return undefined;
    rootPath = `${spec.id.slice(0, hash)}.${entry.key.replace(/[^\w.-]/g, '_')}.oracle.conf`;
    writeFileSync(onDisk(dir, rootPath), entry.text);
  }
  if (spec.kind === 'root') {
    const target = onDisk(dir, rootPath);
    withShippedFiles(dirname(target));
    // On line 1, so nginx's line numbers stay the file's.
    writeFileSync(target, `${glue(spec, dir)} ${readFileSync(target, 'utf8')}`);
    return { dir, config: relativePath(dir, target) };
  }
  const opened = spec.blocks.map((b) => `${BLOCK_OPENERS[b]} { `).join('');
  const closed = spec.blocks.map(() => ' }').join('');
  const wrapper = onDisk(dir, `${spec.confPrefix}/.fabedge-oracle.conf`);
  mkdirSync(dirname(wrapper), { recursive: true });
  // A fragment read inside a block has no main context of its own: the glue gives it all (events included).
  writeFileSync(wrapper, `${glue(spec, dir)} ${opened}include ${relativePath(spec.confPrefix, rootPath)};${closed}\n`);
  return { dir, config: relativePath(dir, wrapper) };
}

export interface NginxVerdict {
  rc: number;
  /** nginx's first `[emerg]` message, without the file and line. */
  message: string;
}

const NAMESPACE_SETUP = 'ip link set lo up && sysctl -qw net.ipv4.ip_nonlocal_bind=1 net.ipv6.ip_nonlocal_bind=1';

/** Whether this machine lets us run nginx in a network namespace of its own (root, util-linux, iproute2). */
export function namespacesWork(): boolean {
  return spawnSync('unshare', ['-n', 'sh', '-c', NAMESPACE_SETUP], { encoding: 'utf8' }).status === 0;
}

function runBatch(nginx: string, jobs: readonly NginxJob[], listFile: string): Promise<void> {
  writeFileSync(listFile, jobs.map((j) => `${j.dir}\t${j.config}\n`).join(''));
  const script = `${NAMESPACE_SETUP} || exit 90
while IFS="$(printf '\\t')" read -r dir conf; do
  cd "$dir" && timeout 20 "$0" -t -q -e stderr -p "$dir/" -c "$conf" > "$dir/oracle.err" 2>&1
  echo $? > "$dir/oracle.rc"
done < "$1"`;
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['-n', 'sh', '-c', script, nginx, listFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`nginx batch failed (exit ${code}): ${stderr}`))));
  });
}

const EMERG = /\[emerg\] (?:\d+#\d+: )?(.*?)(?: in \S+:\d+)?$/m;

/** Runs `nginx -t` on every job, `parallel` batches at a time, each job in its own prefix folder. */
export async function runNginxJobs(nginx: string, jobs: readonly NginxJob[], scratch: string, parallel = 2): Promise<NginxVerdict[]> {
  const batches = Array.from({ length: parallel }, (_, i) => jobs.filter((_job, j) => j % parallel === i));
  await Promise.all(batches.map((batch, i) => (batch.length > 0 ? runBatch(nginx, batch, join(scratch, `batch-${i}.tsv`)) : Promise.resolve())));
  return jobs.map((job) => {
    const rc = Number(readFileSync(join(job.dir, 'oracle.rc'), 'utf8').trim());
    const err = readFileSync(join(job.dir, 'oracle.err'), 'utf8');
    return { rc, message: EMERG.exec(err)?.[1] ?? err.trim().split('\n')[0] ?? '' };
  });
}
