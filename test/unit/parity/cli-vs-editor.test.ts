/**
 * Issue 5, done-when: `fabedge-lint` and the language server report the same findings.
 *
 * For each folder of examples/ and the invalid cases of the cross-file rules (findings in values
 * files, in nginx files and in included nginx files), runs
 * `fabedge-lint --format json <folder>` (dist/cli.js) and starts dist/server.js over stdio with
 * that folder as the workspace folder, collecting every `textDocument/publishDiagnostics` until
 * the set is stable. Both sides are normalised to (file, line, column, end, rule, severity,
 * message) and must be identical; for the invalid folders, also non-empty.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PlainLspClient, type Message } from '../../support/lspClient';

const ROOT = resolve(__dirname, '../../..');
const CLI = resolve(ROOT, 'dist/cli.js');
const SERVER = resolve(ROOT, 'dist/server.js');

/** No new publish for this long after a round trip means the server has said everything. */
const QUIET_MS = 250;
const STARTUP_TIMEOUT_MS = 30_000;

/** One finding as both sides can state it: 1-based positions, paths relative to the folder. */
interface Normalised {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: string;
  message: string;
}

function key(f: Normalised): string {
  return `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.severity} ${f.rule} ${f.message}`;
}

function sorted(findings: Normalised[]): Normalised[] {
  return [...findings].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** fabedge-lint's JSON diagnostic carries the same fields (and related locations and fixes, not compared). */
type CliDiagnostic = Normalised;

/** fabedge-lint run in the folder, as CI runs it in a checkout: it reads the folder's .fabedge.yaml as the editor does. */
function cliFindings(folder: string): Normalised[] {
  assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
  const result = spawnSync(process.execPath, [CLI, '--format', 'json', '--locale', 'en', '.'], {
    cwd: folder,
    encoding: 'utf8',
    env: { ...process.env, LANG: 'C', LC_ALL: '' },
  });
  // 0 without errors, 1 with; anything else is a usage or internal error.
  assert.ok(result.status === 0 || result.status === 1, `fabedge-lint exited ${result.status}: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { diagnostics: CliDiagnostic[] };
  return sorted(
    report.diagnostics.map((d) => ({
      file: relative(folder, resolve(folder, d.file)),
      line: d.line,
      column: d.column,
      endLine: d.endLine,
      endColumn: d.endColumn,
      rule: d.rule,
      severity: d.severity,
      message: d.message,
    })),
  );
}

interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
}

const SEVERITY: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

function isPublish(m: Message): m is Message & { params: { uri: string; diagnostics: LspDiagnostic[] } } {
  return m.method === 'textDocument/publishDiagnostics';
}

function publishCount(client: PlainLspClient): number {
  return client.received.filter(isPublish).length;
}

/** Resolves once no publish has arrived for `QUIET_MS`. */
async function quiet(client: PlainLspClient): Promise<void> {
  for (;;) {
    const before = publishCount(client);
    await new Promise((r) => setTimeout(r, QUIET_MS));
    if (publishCount(client) === before) return;
  }
}

async function serverFindings(folder: string): Promise<Normalised[]> {
  assert.ok(existsSync(SERVER), 'dist/server.js is missing: run `npm run build` first');
  const child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: ROOT });
  const stderr: Buffer[] = [];
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  try {
    const client = new PlainLspClient(child);
    const folderUri = pathToFileURL(folder).toString();
    await client.request('initialize', {
      processId: process.pid,
      rootUri: folderUri,
      workspaceFolders: [{ uri: folderUri, name: 'parity' }],
      capabilities: { workspace: { configuration: true } },
      locale: 'en',
    });
    client.notify('initialized', {});
    // The server checks once it has its settings; the client answers that request as it arrives.
    await client.waitFor((m) => m.method === 'workspace/configuration', STARTUP_TIMEOUT_MS);
    // Sync: a request sent after the settings reply is answered after the check it triggers.
    // Repeat the round trip until one adds no publish, with a quiet period after each.
    let seen = -1;
    while (seen !== publishCount(client)) {
      seen = publishCount(client);
      await client.request('textDocument/codeLens', { textDocument: { uri: `${folderUri}/values.yaml` } });
      await quiet(client);
    }
    // The last publish for each file is what the editor shows.
    const latest = new Map<string, LspDiagnostic[]>();
    for (const m of client.received) if (isPublish(m)) latest.set(m.params.uri, m.params.diagnostics);
    await client.request('shutdown', null);
    client.notify('exit', null);
    const findings: Normalised[] = [];
    for (const [uri, diagnostics] of latest) {
      for (const d of diagnostics) {
        assert.equal(d.source, 'fabedge', `a diagnostic from another source: ${JSON.stringify(d)}`);
        findings.push({
          file: relative(folder, fileURLToPath(uri)),
          line: d.range.start.line + 1,
          column: d.range.start.character + 1,
          endLine: d.range.end.line + 1,
          endColumn: d.range.end.character + 1,
          rule: String(d.code),
          severity: SEVERITY[d.severity ?? 0] ?? `severity ${d.severity}`,
          message: d.message,
        });
      }
    }
    return sorted(findings);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nserver stderr:\n${Buffer.concat(stderr).toString('utf8')}`);
  } finally {
    child.kill();
  }
}

function subfolders(dir: string): string[] {
  return readdirSync(resolve(ROOT, dir), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => `${dir}/${e.name}`)
    .sort();
}

/** Rules that read values files and nginx configurations together; the first three report in values files, the others in nginx files. */
const CROSS_FILE_RULES = [
  'public-address-not-proxied',
  'public-address-bypasses-proxy',
  'public-port-not-proxied',
  'proxy-upstream-not-connector',
  'proxy-ha-vip',
  'proxy-not-referenced',
];

const CONFIGURED = 'test/fixtures/config/workspace';

const CASES: { folder: string; expectFindings: boolean }[] = [
  ...subfolders('examples').map((folder) => ({ folder, expectFindings: false })),
  // The whole examples folder at once: two workspaces side by side.
  { folder: 'examples', expectFindings: false },
  ...CROSS_FILE_RULES.flatMap((rule) => subfolders(`test/fixtures/rules/${rule}/invalid`).map((folder) => ({ folder, expectFindings: true }))),
  // Many values files and nginx configurations in one workspace. The cross-file rules cannot tell
  // which proxy fronts which cluster here and stay silent; the single-file findings remain.
  { folder: 'test/fixtures/rules/public-port-not-proxied/invalid', expectFindings: true },
  // Issue 17: a workspace whose .fabedge.yaml excludes a folder, names a values file and an nginx
  // file by glob, changes two rules and holds a mistake of its own.
  { folder: CONFIGURED, expectFindings: true },
];

for (const { folder, expectFindings } of CASES) {
  test(`fabedge-lint and the language server agree on ${folder}`, async () => {
    const absolute = resolve(ROOT, folder);
    const fromCli = cliFindings(absolute);
    const fromServer = await serverFindings(absolute);
    assert.deepEqual(fromServer, fromCli);
    if (expectFindings) assert.ok(fromCli.length > 0, `${folder} is an invalid case, yet neither side reports anything`);
    if (folder === CONFIGURED) {
      // Both sides agree because both read the config file, not because both ignore it.
      const files = new Set(fromCli.map((f) => f.file));
      assert.deepEqual([...files].sort(), ['.fabedge.yaml', 'deploy/beijing.yml', 'deploy/overrides.yml', 'proxy/edge.cfg']);
      assert.ok(fromCli.some((f) => f.rule === 'config-file' && f.message.includes('"exlude"')));
      assert.ok(fromCli.some((f) => f.rule === 'values-legacy-layout' && f.severity === 'warning'));
      assert.ok(!fromCli.some((f) => f.rule === 'proxy-timeout'));
    }
  });
}
