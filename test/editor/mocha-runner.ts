// Runs every *.test.js found under a folder with Mocha inside the VS Code extension host, writes a
// JSON results file (path from FABEDGE_TEST_RESULTS, set on code-server by test/host/run.mjs) and
// prints a last line "N passed, N failed". A run with zero tests fails.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

interface TestRecord { title: string; state: 'passed' | 'failed'; durationMs?: number; error?: string }

/** Metrics recorded by tests (e.g. activation time); shared across bundles through globalThis. */
export function metrics(): Record<string, number | string> {
  const g = globalThis as { __fabedgeTestMetrics?: Record<string, number | string> };
  return (g.__fabedgeTestMetrics ??= {});
}

function findTests(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findTests(p));
    else if (e.name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

export async function runMochaIn(testsDir: string): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: Number(process.env.FABEDGE_MOCHA_TIMEOUT ?? 60_000), reporter: 'spec' });
  if (process.env.FABEDGE_TEST_GREP) mocha.grep(process.env.FABEDGE_TEST_GREP);
  // The suites that need other extensions beside ours run on their own, with those extensions.
  if (process.env.FABEDGE_TEST_GREP && process.env.FABEDGE_TEST_GREP_INVERT === '1') mocha.invert();
  const files = findTests(testsDir);
  for (const f of files) mocha.addFile(f);
  const tests: TestRecord[] = [];
  const started = Date.now();
  const failures = await new Promise<number>((resolve, reject) => {
    try {
      const runner = mocha.run((n) => resolve(n));
      runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
      runner.on('fail', (t, err: Error) => tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration,
        error: String(err?.stack ?? err).slice(0, 4000) }));
    } catch (e) { reject(e); }
  });
  const passed = tests.filter((t) => t.state === 'passed').length;
  const failed = tests.filter((t) => t.state === 'failed').length;
  const result = { vscodeVersion: vscode.version, appName: vscode.env.appName, uiKind: vscode.UIKind[vscode.env.uiKind],
    remoteName: vscode.env.remoteName ?? null, files: files.map((f) => path.relative(testsDir, f)),
    passed, failed, durationMs: Date.now() - started, metrics: metrics(), tests };
  const out = process.env.FABEDGE_TEST_RESULTS;
  if (out) {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  }
  for (const t of tests.filter((x) => x.state === 'failed')) console.error(`FAILED: ${t.title}\n${t.error}`);
  console.log(`${passed} passed, ${failed} failed`);
  if (failures > 0 || failed > 0) throw new Error(`${failed || failures} test(s) failed`);
  if (passed === 0) throw new Error(`no tests ran (looked for *.test.js under ${testsDir})`);
}
