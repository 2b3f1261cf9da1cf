/**
 * The agreement matrix: every scenario, every quick-fixed variant of a broken one and every slow
 * failure, each in its own lab, several labs at once (each under its own namespace prefix).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { applyRuleFixes, breaksTunnel, lintWorkspace, summarize, type FindingSummary } from './agreement';
import { settlesWithin } from './exec';
import { runScenario, RunWatch, type LabContext, type LabResult } from './lab';
import type { Expectation, Scenario } from './scenarios';
import { flows } from './traffic';

export type RunKind = 'matrix' | 'fixed' | 'slow';

export interface RunRecord {
  name: string;
  title: string;
  kind: RunKind;
  /** For a fixed variant: the broken scenario it fixes. */
  of?: string;
  rule?: string;
  expect?: Expectation;
  effect?: 'breaks' | 'holds';
  findings: FindingSummary[];
  /** Rules with an error that says the tunnel breaks. */
  tunnelBreaking: string[];
  lab?: LabResult;
  /** The lab could not run (a fault of the lab, never a verdict), twice. */
  error?: string;
  /** The first attempt's lab fault, when the second attempt ran. */
  retriedAfter?: string;
}

interface Job {
  record: RunRecord;
  scenario: Scenario;
  probe: boolean;
  /** The longest jobs first, so that none starts last. */
  weight: number;
}

function findingsOf(workspace: string) {
  const findings = lintWorkspace(workspace);
  return { findings: summarize(workspace, findings), tunnelBreaking: [...new Set(findings.filter(breaksTunnel).map((f) => f.rule))] };
}

/** The jobs: each scenario, the quick-fixed copy of each broken one, and the slow failures. */
export function planJobs(scenarios: readonly Scenario[], slow: readonly Scenario[], fixedRoot: string): Job[] {
  const jobs: Job[] = [];
  for (const scenario of scenarios) {
    jobs.push({
      record: { name: scenario.name, title: scenario.title, kind: 'matrix', ...(scenario.rule ? { rule: scenario.rule } : {}), ...(scenario.expect ? { expect: scenario.expect } : {}), ...findingsOf(scenario.workspace) },
      scenario,
      probe: true,
      weight: scenario.expect?.tunnel === 'down' ? 2 : 1,
    });
    if (!scenario.rule || scenario.fixedBy) continue;
    const workspace = join(fixedRoot, scenario.name);
    mkdirSync(fixedRoot, { recursive: true });
    applyRuleFixes(scenario.workspace, workspace, scenario.rule);
    const name = `${scenario.name}+fix`;
    jobs.push({
      record: { name, title: `${scenario.title}, after the ${scenario.rule} quick fix`, kind: 'fixed', of: scenario.name, rule: scenario.rule, ...findingsOf(workspace) },
      scenario: { ...scenario, name, workspace },
      probe: true,
      weight: 1,
    });
  }
  for (const scenario of slow) {
    jobs.push({
      record: { name: scenario.name, title: scenario.title, kind: 'slow', ...(scenario.rule ? { rule: scenario.rule } : {}), ...(scenario.effect ? { effect: scenario.effect } : {}), ...findingsOf(scenario.workspace) },
      scenario,
      probe: false,
      weight: 10,
    });
  }
  return jobs.sort((a, b) => b.weight - a.weight);
}

/**
 * How long one lab run may take: a few seconds here, minutes on a loaded machine; the slow
 * failures' waits come on top. Past it the run is a lab fault, so that no run holds up the rest.
 */
const RUN_LIMIT_MS = 4 * 60_000;

function runLimitMs(scenario: Scenario): number {
  const waits = (scenario.steps ?? []).reduce((sum, step) => sum + ('wait' in step ? step.wait * 1000 : 0), 0);
  return RUN_LIMIT_MS + waits;
}

/**
 * Runs `start` and, when it has not finished within `limitMs`, stops it through its watch and
 * throws a lab fault that names the phase it was stuck in.
 */
export async function withinLimit<T>(start: (watch: RunWatch) => Promise<T>, limitMs: number): Promise<T> {
  const watch = new RunWatch();
  const running = start(watch);
  if (await settlesWithin(running, limitMs)) return running;
  const phase = watch.phase;
  await watch.stop();
  throw new Error(`the lab run did not finish within ${limitMs / 1000} s; it was at: ${phase}`);
}

function runJob(job: Job, namespaceIndex: number, ctx: LabContext): Promise<LabResult> {
  const spec = {
    name: job.scenario.name,
    workspace: job.scenario.workspace,
    edges: job.scenario.edges,
    timers: job.scenario.timers ?? {},
    steps: job.scenario.steps ?? [],
    probe: job.probe,
    everyConnectorServes: job.scenario.everyConnectorServes === true,
  };
  return withinLimit((watch) => runScenario(spec, namespaceIndex, ctx, watch), runLimitMs(job.scenario));
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * Runs the jobs, a lab fault recorded, not thrown, and tried once more (a fault is the lab's, not
 * the finding's: a process wedged on a loaded machine): the slow failures (which mostly wait) in a
 * pool of their own beside the others, so that their waiting does not hold up the matrix.
 */
export async function runJobs(jobs: readonly Job[], workers: { matrix: number; slow: number }, ctx: LabContext, progress: (record: RunRecord) => void): Promise<RunRecord[]> {
  const runOne = async (job: Job, index: number) => {
    try {
      job.record.lab = await runJob(job, index, ctx);
    } catch (first) {
      job.record.retriedAfter = describeError(first);
      try {
        // Namespaces of its own: the first attempt's may still be going away.
        job.record.lab = await runJob(job, index + jobs.length, ctx);
      } catch (second) {
        job.record.error = describeError(second);
      }
    }
    progress(job.record);
  };
  const pool = async (queue: readonly { job: Job; index: number }[], size: number) => {
    let next = 0;
    const worker = async () => {
      while (next < queue.length) {
        const { job, index } = queue[next++];
        await runOne(job, index);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, size) }, worker));
  };
  const numbered = jobs.map((job, index) => ({ job, index }));
  await Promise.all([pool(numbered.filter((j) => j.job.record.kind === 'slow'), workers.slow), pool(numbered.filter((j) => j.job.record.kind !== 'slow'), workers.matrix)]);
  return jobs.map((j) => j.record);
}

/** A slow failure breaks the tunnel when it never came up or when no ping of a traffic step was answered. */
export function slowEffect(record: RunRecord): 'breaks' | 'holds' | undefined {
  if (!record.lab) return undefined;
  const failedStep = record.lab.steps.some((s) => s.kind === 'traffic' && Object.values(s.results).some((value) => !flows(value)));
  return !record.lab.up || failedStep ? 'breaks' : 'holds';
}
