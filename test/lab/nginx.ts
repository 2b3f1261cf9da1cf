/**
 * Debian's nginx 1.22 running the workspace's own configuration inside the lab's nginx namespace.
 * The lab changes only where nginx writes: its pid file, error log (at info level, which logs
 * every UDP session) and access logs go to the run folder, and the stream module is loaded the
 * way Debian builds need (`load_module`) when the configuration does not load it itself.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sleep, type Daemons } from './exec';
import type { Experiment } from './derive';
import type { Topology } from './netns';

const STREAM_MODULE = '/usr/lib/nginx/modules/ngx_stream_module.so';

export interface NginxRun {
  dir: string;
  conf: string;
  /** `-g` directives. */
  globals: string;
  errorLog: string;
  pidFile: string;
}

/** Copies the workspace's nginx files into `dir` and writes the configuration nginx starts from. */
export function prepareNginx(workspace: string, nginx: NonNullable<Experiment['nginx']>, dir: string): NginxRun {
  const ws = join(dir, 'ws');
  for (const file of nginx.files) {
    mkdirSync(dirname(join(ws, file)), { recursive: true });
    copyFileSync(join(workspace, file), join(ws, file));
  }
  const errorLog = join(dir, 'error.log');
  const pidFile = join(dir, 'nginx.pid');
  if (!nginx.main) {
    const conf = join(dir, 'lab-main.conf');
    const includes = nginx.fragments.map((f) => `include ${join(ws, f)};`).join('\n');
    writeFileSync(conf, `load_module ${STREAM_MODULE};\npid ${pidFile};\nerror_log ${errorLog} info;\nevents {}\n${includes}\n`);
    return { dir, conf, globals: 'daemon off;', errorLog, pidFile };
  }
  const conf = join(ws, nginx.main);
  let text = readFileSync(conf, 'utf8');
  let globals = 'daemon off;';
  // Glued onto line 1, so nginx's line numbers stay the workspace's.
  const loadsStream = /^\s*load_module\s+\S*ngx_stream_module\.so\s*;/m.test(text) || /^\s*include\s+\S*modules-enabled\b/m.test(text);
  if (!loadsStream) text = `load_module ${STREAM_MODULE}; ${text}`;
  if (/^\s*pid\s+[^;]+;/m.test(text)) text = text.replace(/^(\s*pid\s+)[^;]+;/m, `$1${pidFile};`);
  else globals += ` pid ${pidFile};`;
  text = text.replace(/(\berror_log\s+)[^;]+;/g, `$1${errorLog} info;`);
  text = text.replace(/(\baccess_log\s+)(?!off\b)([^\s;]+)/g, `$1${join(dir, 'access.log')}`);
  if (!/\berror_log\s/.test(text)) globals += ` error_log ${errorLog} info;`;
  writeFileSync(conf, text);
  return { dir, conf, globals, errorLog, pidFile };
}

/**
 * Starts nginx in the foreground and waits for its pid file, written once the sockets are bound.
 * A configuration nginx refuses ends the process at once, with the `[emerg]` line on stderr.
 */
export async function startNginx(topology: Topology, daemons: Daemons, nginxRun: NginxRun): Promise<{ ok: boolean; message?: string }> {
  const output = join(nginxRun.dir, 'stdout.log');
  const [command, args] = topology.exec('nginx', 'nginx', ['-p', `${nginxRun.dir}/`, '-c', nginxRun.conf, '-e', nginxRun.errorLog, '-g', nginxRun.globals]);
  const child = daemons.start('nginx', command, args, { logFile: output });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (existsSync(nginxRun.pidFile) && readFileSync(nginxRun.pidFile, 'utf8').trim() !== '') return { ok: true };
    if (child.exitCode !== null) break;
    await sleep(10);
  }
  const said = `${readFileSync(output, 'utf8')}\n${existsSync(nginxRun.errorLog) ? readFileSync(nginxRun.errorLog, 'utf8') : ''}`;
  const emerg = /\[emerg\] (?:\d+#\d+: )?(.*)$/m.exec(said)?.[1];
  return { ok: false, message: (emerg ?? 'nginx did not start').replace(` in ${nginxRun.dir}/ws/`, ' in ') };
}

/** One UDP session as nginx's info log tells it. */
export interface Session {
  id: number;
  /** The worker that owns it. */
  worker: number;
  client: string;
  listen: string;
  /** nginx's own address and port towards the upstream. */
  proxy?: string;
  upstream?: string;
}

export function nginxSessions(errorLog: string): Session[] {
  let text = '';
  try {
    text = readFileSync(errorLog, 'utf8');
  } catch {
    return [];
  }
  const sessions = new Map<string, Session>();
  for (const m of text.matchAll(/\[info\] (\d+)#\d+: \*(\d+) udp client (\S+) connected to (\S+)/g)) {
    sessions.set(`${m[1]}:${m[2]}`, { id: Number(m[2]), worker: Number(m[1]), client: m[3], listen: m[4] });
  }
  for (const m of text.matchAll(/\[info\] (\d+)#\d+: \*(\d+) udp proxy (\S+) connected to (\S+)/g)) {
    const session = sessions.get(`${m[1]}:${m[2]}`);
    if (session) {
      session.proxy = m[3];
      session.upstream = m[4];
    }
  }
  return [...sessions.values()];
}
