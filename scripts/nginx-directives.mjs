#!/usr/bin/env node
// @ts-check
/**
 * Writes src/core/nginx/directiveTable.ts: every directive Debian's nginx (1.22 with the dynamic
 * stream module) knows, the blocks it is allowed in, whether it opens a block, and how many
 * arguments it takes there. Nothing is typed in by hand: each fact is what `nginx -t` answers.
 *
 * How: every word of the binaries that could be a directive name is tried alone at top level
 * (`unknown directive` drops it); each known name is then tried with no argument in each block
 * (`… is not allowed here` / `… has no opening "{"` / `invalid number of arguments` tell where
 * it may stand and whether it opens a block), and with 0 to 8 arguments where it may stand.
 * Needs root and Debian's nginx (scripts/setup-nginx.sh). Runs for a few minutes on two cores.
 *
 *   node scripts/nginx-directives.mjs
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CONTEXT_WRAPPERS, probeStatement } from './nginx-directive-contexts.mjs';

const NGINX = '/usr/sbin/nginx';
const STREAM_MODULE = '/usr/lib/nginx/modules/ngx_stream_module.so';
const OUT = resolve(import.meta.dirname, '../src/core/nginx/directiveTable.ts');
const MAX_ARGS = 8;

const dirs = [mkdtempSync(join(tmpdir(), 'nginx-directives-')), mkdtempSync(join(tmpdir(), 'nginx-directives-'))];

/**
 * The first [emerg] message of `nginx -t` on `body`, or '' when nginx accepts it.
 * @param {string} dir
 * @param {string} body
 * @returns {Promise<string>}
 */
function nginxSays(dir, body) {
  const text = `load_module ${STREAM_MODULE}; pid ${dir}/nginx.pid; error_log ${dir}/error.log;\n${body}`;
  writeFileSync(join(dir, 'nginx.conf'), text);
  return new Promise((done) => {
    execFile(NGINX, ['-t', '-q', '-e', 'stderr', '-p', `${dir}/`, '-c', `${dir}/nginx.conf`], { timeout: 10_000 }, (_error, _stdout, stderr) => {
      const match = /\[emerg\] (?:\d+#\d+: )?(.*?)(?: in \S+:\d+)?$/m.exec(stderr);
      done(match ? match[1] : '');
    });
  });
}

/**
 * Runs the probes two at a time (one temporary prefix each).
 * @param {string[]} bodies
 */
async function probeAll(bodies) {
  /** @type {string[]} */
  const answers = new Array(bodies.length);
  let next = 0;
  await Promise.all(
    dirs.map(async (dir) => {
      while (next < bodies.length) {
        const i = next++;
        answers[i] = await nginxSays(dir, bodies[i]);
      }
    }),
  );
  return answers;
}

/**
 * Every run of name characters in the binaries' strings, and every tail of it: the linker stores
 * a string that ends another only once ("events" lives inside "epoll_events", "root" in "chroot").
 */
function candidateNames() {
  const words = new Set();
  for (const binary of [NGINX, STREAM_MODULE]) {
    const strings = execFileSync('strings', ['-n', '2', binary], { encoding: 'utf8', maxBuffer: 64 << 20 });
    for (const run of strings.match(/[a-z0-9_]{2,}/g) ?? []) {
      for (let i = 0; i < run.length - 1; i++) if (/[a-z]/.test(run[i]) && run.length - i <= 40) words.add(run.slice(i));
    }
  }
  return [...words].sort();
}

async function main() {
  const candidates = candidateNames();
  const inMain = await probeAll(candidates.map((name) => CONTEXT_WRAPPERS.main(`${name};`)));
  const names = candidates.filter((name, i) => inMain[i] !== `unknown directive "${name}"`);
  process.stderr.write(`${names.length} directives among ${candidates.length} words\n`);

  const placements = [];
  for (const name of names) for (const context of Object.keys(CONTEXT_WRAPPERS)) placements.push({ name, context });
  const placed = await probeAll(placements.map(({ name, context }) => CONTEXT_WRAPPERS[context](`${name};`)));
  /** @type {{ name: string, context: keyof typeof CONTEXT_WRAPPERS, block: boolean }[]} */
  const allowed = [];
  placements.forEach((p, i) => {
    const said = placed[i];
    if (said === `"${p.name}" directive is not allowed here`) return;
    allowed.push({ ...p, block: said === `directive "${p.name}" has no opening "{"` });
  });

  const argProbes = allowed.flatMap((p) => Array.from({ length: MAX_ARGS + 1 }, (_, n) => ({ ...p, n })));
  const argAnswers = await probeAll(argProbes.map(({ name, context, n, block }) => CONTEXT_WRAPPERS[context](probeStatement(name, n, block))));
  const counts = new Map();
  argProbes.forEach((p, i) => {
    const key = `${p.name}\0${p.context}`;
    if (!counts.has(key)) counts.set(key, []);
    if (argAnswers[i] !== `invalid number of arguments in "${p.name}" directive`) counts.get(key).push(p.n);
  });

  /** name -> "spec" -> contexts, the spec being `{` for a block and the argument counts accepted. */
  const table = new Map();
  for (const p of allowed) {
    const accepted = counts.get(`${p.name}\0${p.context}`);
    const spec = `${p.block ? '{' : ''}${argSpec(accepted)}`;
    if (!table.has(p.name)) table.set(p.name, new Map());
    const specs = table.get(p.name);
    specs.set(spec, [...(specs.get(spec) ?? []), p.context]);
  }
  const version = spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr.replace(/^nginx version: /, '');
  const lines = [...table]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, specs]) => `  ${name}: '${[...specs].map(([spec, contexts]) => `${contexts.join(',')}:${spec}`).join(' ')}',`);
  writeFileSync(
    OUT,
    `// Generated by scripts/nginx-directives.mjs from what Debian's \`nginx -t\` answers${version ? ` (${version.trim()})` : ''}; do not edit.\n` +
      '// Each entry: space-separated `contexts:spec`; spec is `{` for a block directive, then the argument\n' +
      '// counts nginx accepts there (digits, `n+` for n or more). See ./directives.ts.\n' +
      `export const DIRECTIVE_TABLE: Readonly<Record<string, string>> = {\n${lines.join('\n')}\n};\n`,
  );
  process.stderr.write(`wrote ${OUT}: ${table.size} directives\n`);
}

/**
 * [1, 2, 3, …, 8] -> "1+"; [1, 2] -> "12"; [] -> "-" (no count works with a placeholder argument).
 * @param {number[]} accepted
 */
function argSpec(accepted) {
  if (accepted.length === 0) return '-';
  const from = accepted[0];
  if (accepted.at(-1) === MAX_ARGS && accepted.length === MAX_ARGS - from + 1) return `${from}+`;
  return accepted.join('');
}

try {
  await main();
} finally {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
