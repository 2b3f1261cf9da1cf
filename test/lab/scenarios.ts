/**
 * The lab's scenarios: each folder under test/lab/scenarios/ is a workspace (a values file and
 * nginx files) with a `lab.json` that says how many edges dial, what the lab found last time
 * (`expect`), which rule the scenario breaks, and which scenario is its hand-written fix when the
 * rule has no quick fix. The seed scenario is the FabEdge document's values and nginx blocks,
 * verbatim, read from ../shared at test time.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Step } from './lab';
import type { Stage, Timers } from './strongswan';

export interface Expectation {
  tunnel: 'up' | 'down';
  stage?: Stage;
}

export interface ScenarioFile {
  title: string;
  edges: number;
  /** Matrix scenarios: the tunnel's verdict in the last recorded run. */
  expect?: Expectation;
  /** The rule whose broken case this is (its quick fix makes the fixed variant). */
  rule?: string;
  /** A scenario that is this one fixed by hand (for rules without a quick fix). */
  fixedBy?: string;
  /** Slow failures: the timers, what to do once the tunnel is up, and what the lab saw last time. */
  timers?: Timers;
  steps?: Step[];
  effect?: 'breaks' | 'holds';
  /** Every connector node serves the edges (balancing experiments); by default only the leader does. */
  everyConnectorServes?: boolean;
}

export interface Scenario extends ScenarioFile {
  name: string;
  workspace: string;
}

const ROOT = resolve(__dirname, '../..');
export const SCENARIOS_DIR = join(__dirname, 'scenarios');
export const SLOW_DIR = join(__dirname, 'slow');
export const SHARED = process.env.FABEDGE_SHARED ?? resolve(ROOT, '../shared');
export const SEED = join(SHARED, 'seeds', 'use-nginx-to-proxy-connector.md');

function readScenario(dir: string, name: string): Scenario {
  const file = JSON.parse(readFileSync(join(dir, name, 'lab.json'), 'utf8')) as ScenarioFile;
  return { name, workspace: join(dir, name), ...file };
}

export function loadScenarios(dir: string): Scenario[] {
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'lab.json')))
    .sort()
    .map((name) => readScenario(dir, name));
}

/** The seed's `values.yaml` and nginx blocks, verbatim, as a workspace in `into`. */
export function seedScenario(into: string): Scenario {
  const markdown = readFileSync(SEED, 'utf8');
  const values = /```shell\n\$cat values\.yaml\n([\s\S]*?)```/.exec(markdown)?.[1];
  const nginx = /```shell\n(# 省略无关配置\nstream \{[\s\S]*?\n\}\n# 省略无关配置)\n```/.exec(markdown)?.[1];
  if (!values || !nginx) throw new Error(`${SEED}: the values or nginx block is not where the lab expects it`);
  mkdirSync(into, { recursive: true });
  writeFileSync(join(into, 'values.yaml'), values);
  writeFileSync(join(into, 'nginx.conf'), `${nginx}\n`);
  return { name: 'seed', workspace: into, title: 'The FabEdge document, verbatim: its values.yaml (chart 0.3.0) and its nginx stream block', edges: 1, expect: { tunnel: 'up' } };
}
