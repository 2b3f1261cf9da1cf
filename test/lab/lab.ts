/**
 * One lab run: the workspace's experiment in fresh namespaces, from nginx's start to a verdict.
 * Up means, for every edge: IKE SA established, CHILD SA installed (TUNNEL-in-UDP) on both
 * ends, and pings through the tunnel started from each end (each needs packets both ways).
 * Down names the first stage that failed:
 * `ike-sa-init` (no IKE_SA_INIT answer, nginx refusing its configuration included),
 * `ike-auth` (IKE_SA_INIT answered, IKE_AUTH lost or refused), `traffic` (SAs up, no traffic).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { deriveExperiment, type Experiment } from './derive';
import { Daemons, processRunner, Shell, sleep, type Runner } from './exec';
import { namespacePrefix, Topology, type LabHost } from './netns';
import { nginxSessions, prepareNginx, startNginx, type Session } from './nginx';
import { CONNECTOR_CN } from './pki';
import {
  charonLog,
  connectorSwanctlConf,
  edgeSwanctlConf,
  initiatorStage,
  parseListSas,
  startCharon,
  parseListSasByName,
  swanctl,
  waitForCharon,
  type CharonNode,
  type SaState,
  type Stage,
  type Timers,
} from './strongswan';
import { describePing, ping } from './traffic';

/**
 * What a slow-failure scenario does once the tunnel is up: wait, ping through the tunnel (three
 * echo requests each way), send a burst of echo requests from each edge (2 ms apart, answers
 * counted), read the endpoint the connector has for each edge, or count nginx's sessions for each
 * client flow.
 */
export type Step =
  | { wait: number }
  | { traffic: 'edge-to-connector' | 'connector-to-edge' | 'both'; label: string }
  | { burst: number; label: string }
  | { sas: string }
  | { sessions: string };

export interface ScenarioSpec {
  name: string;
  workspace: string;
  edges: number;
  timers: Timers;
  /** Steps run after the verdict, on a tunnel that is up. */
  steps: Step[];
  /** Run `fabedge-lint probe` from the first edge beside the traffic test. */
  probe: boolean;
  /**
   * Every connector node serves the edges (as several independent connectors would), instead of
   * the leader alone: for balancing experiments, where one edge may reach two of them.
   */
  everyConnectorServes: boolean;
}

export interface EdgeOutcome {
  name: string;
  ikeEstablished: boolean;
  childInstalled: boolean;
  /** The connector's endpoint as the edge sees it, and the edge's as the connector sees it. */
  edgeSees?: string;
  connectorSees?: string;
  /** The connector node that holds the edge's SA. */
  connector?: string;
  toConnector?: string;
  fromConnector?: string;
  stage?: Stage;
  detail?: string;
}

export interface StepOutcome {
  /** `load`: a burst, whose losses are reported but are no verdict (a loaded machine drops some). */
  kind: 'traffic' | 'load' | 'sas' | 'sessions';
  label: string;
  /** Seconds since the tunnel came up. */
  at: number;
  results: Record<string, string>;
}

export interface ProbeVerdict {
  ok: boolean;
  probes: { port: number; marker: boolean; outcome: string; rttMs?: number; sent: number; reply?: { accepted: boolean; errors: string[]; hex: string } }[];
}

export interface LabResult {
  scenario: string;
  up: boolean;
  stage?: Stage;
  detail: string;
  experiment: Pick<Experiment, 'publicAddresses' | 'publicPort' | 'connector'> & { nginxAddresses: string[] };
  nginx?: { accepted: boolean; error?: string; sessions: Session[] };
  edges: EdgeOutcome[];
  probe?: ProbeVerdict;
  steps: StepOutcome[];
  /** Milliseconds: namespaces; nginx and charons up to the initiations' end; the verdict (SAs, pings, the probe's end); steps; tear-down; all. */
  ms: { setup: number; negotiate: number; verdict: number; steps: number; teardown: number; total: number };
}

export interface LabContext {
  pki: string;
  /** The bundled CLI (`fabedge-lint probe` runs inside the edge's namespace). */
  cli: string;
  runRoot: string;
  /** Keep the run folder (logs, rendered configurations) for debugging. */
  keep: boolean;
}

const STAGE_ORDER: Stage[] = ['ike-sa-init', 'ike-auth', 'traffic'];
const PROBE_ARGS = ['--format', 'json', '--timeout', '800', '--attempts', '3'];

function hostsOf(exp: Experiment, everyConnectorServes: boolean): LabHost[] {
  const hosts: LabHost[] = [];
  if (exp.nginx) hosts.push({ role: 'nginx', addresses: exp.nginx.addresses });
  exp.connector.nodes.forEach((node, i) => {
    const leader = i === 0;
    const serves = leader || everyConnectorServes;
    hosts.push({ role: `conn${i + 1}`, addresses: leader && exp.connector.vip ? [node, exp.connector.vip] : [node], ...(serves ? { subnet: exp.connector.subnet } : {}) });
  });
  for (const edge of exp.edges) hosts.push({ role: edge.name, addresses: [edge.address], subnet: edge.subnet });
  return hosts;
}

/** Starts every charon, loads their configurations; the connectors that serve edges come first in the result. */
async function startStrongswan(shell: Runner, topology: Topology, daemons: Daemons, exp: Experiment, spec: ScenarioSpec, ctx: LabContext, dir: string) {
  const serving: CharonNode[] = [];
  const connectors: CharonNode[] = exp.connector.nodes.map((_, i) => {
    const role = `conn${i + 1}`;
    const serves = i === 0 || spec.everyConnectorServes;
    // FabEdge: only the leader holds tunnels; the others run strongSwan with nothing loaded.
    const conf = serves ? connectorSwanctlConf(exp.edges.map((e) => ({ name: e.name, ts: e.subnet.cidr })), exp.connector.subnet.cidr) : 'connections {\n}\n';
    const node = startCharon(topology, daemons, { role, dir: join(dir, role), pki: ctx.pki, cert: CONNECTOR_CN, swanctl: conf, timers: spec.timers });
    if (serves) serving.push(node);
    return node;
  });
  const edges: CharonNode[] = exp.edges.map((edge) =>
    startCharon(topology, daemons, {
      role: edge.name,
      dir: join(dir, edge.name),
      pki: ctx.pki,
      cert: edge.name,
      swanctl: edgeSwanctlConf(
        { name: edge.name, remoteAddrs: exp.publicAddresses, ...(exp.publicPort !== 500 ? { customPort: exp.publicPort } : {}), localTs: edge.subnet.cidr, remoteTs: exp.connector.subnet.cidr },
        spec.timers,
      ),
      timers: spec.timers,
    }),
  );
  // Each step for every node at once: on a loaded machine every command waits its turn for a CPU.
  await Promise.all(
    [...connectors, ...edges].map(async (node) => {
      if (!(await waitForCharon(node))) throw new Error(`charon on ${node.role} did not start: ${charonLog(node).slice(-500)}`);
      const loaded = await swanctl(shell, node, ['--load-all', '--noprompt']);
      if (loaded.code !== 0) throw new Error(`swanctl --load-all on ${node.role}: ${loaded.stderr || loaded.stdout}`);
    }),
  );
  return { serving, edges };
}

function initiate(shell: Runner, edges: readonly CharonNode[]) {
  return Promise.all(edges.map((node) => swanctl(shell, node, ['--initiate', '--child', 'cloud-connector-p2p', '--timeout', '15'], 30_000)));
}

/** Each edge's SA as its connector sees it, and which connector that is (the first that has one). */
async function connectorSides(shell: Runner, serving: readonly CharonNode[]): Promise<Map<string, SaState & { connector: string }>> {
  const found = new Map<string, SaState & { connector: string }>();
  const listed = await Promise.all(serving.map(async (node) => ({ node, text: (await swanctl(shell, node, ['--list-sas'])).stdout })));
  for (const { node, text } of listed) {
    for (const [edge, sa] of parseListSasByName(text)) {
      const known = found.get(edge);
      if (!known || (!known.ikeEstablished && sa.ikeEstablished)) found.set(edge, { ...sa, connector: node.role });
    }
  }
  return found;
}

/**
 * Where a lab run is, and how to end it from outside: a run that does not finish is stopped (its
 * shell, daemons and namespaces) and reported with the phase it was stuck in.
 */
export class RunWatch {
  phase = 'not started';
  private stopper: (() => Promise<void>) | undefined;

  onStop(stop: () => Promise<void>): void {
    this.stopper = stop;
  }

  async stop(): Promise<void> {
    this.phase = `${this.phase} (stopped)`;
    await this.stopper?.().catch(() => undefined);
  }
}

export async function runScenario(spec: ScenarioSpec, job: number, ctx: LabContext, watch = new RunWatch()): Promise<LabResult> {
  const began = performance.now();
  const exp = deriveExperiment(spec.workspace, { edges: spec.edges });
  const shell = new Shell();
  const topology = new Topology(namespacePrefix(job), hostsOf(exp, spec.everyConnectorServes), shell);
  const dir = join(ctx.runRoot, `${job}-${spec.name}`);
  mkdirSync(dir, { recursive: true });
  const daemons = new Daemons();
  // One tear-down, from the run's own end or from outside (RunWatch), with the shell closed first:
  // the namespaces then go through a process of their own. It names daemons that outlived SIGKILL.
  const tearDown = async () => {
    shell.close();
    const stuck = await daemons.stopAll();
    await topology.down(processRunner);
    return stuck;
  };
  watch.onStop(async () => {
    await tearDown();
  });
  const result: LabResult = {
    scenario: spec.name,
    up: false,
    detail: '',
    experiment: { publicAddresses: exp.publicAddresses, publicPort: exp.publicPort, connector: exp.connector, nginxAddresses: exp.nginx?.addresses ?? [] },
    edges: [],
    steps: [],
    ms: { setup: 0, negotiate: 0, verdict: 0, steps: 0, teardown: 0, total: 0 },
  };
  try {
    watch.phase = 'namespaces';
    await topology.up();
    result.ms.setup = performance.now() - began;
    const negotiating = performance.now();
    watch.phase = 'nginx and charons';
    const nginxRun = exp.nginx ? prepareNginx(spec.workspace, exp.nginx, join(dir, 'nginx')) : undefined;
    const errorLog = nginxRun?.errorLog;
    const [started, { serving, edges }] = await Promise.all([
      nginxRun ? startNginx(topology, daemons, nginxRun) : undefined,
      startStrongswan(shell, topology, daemons, exp, spec, ctx, dir),
    ]);
    if (started) result.nginx = { accepted: started.ok, ...(started.message ? { error: started.message } : {}), sessions: [] };
    // The probe runs beside the negotiation, from its own source ports: separate nginx sessions.
    const probing = spec.probe ? probeFrom(shell, topology, exp, spec, ctx) : undefined;
    watch.phase = 'initiation';
    await initiate(shell, edges);
    result.ms.negotiate = performance.now() - negotiating;

    watch.phase = 'SAs';
    const [theirs, ours] = await Promise.all([connectorSides(shell, serving), Promise.all(edges.map(async (node) => parseListSas((await swanctl(shell, node, ['--list-sas'])).stdout)))]);
    for (const [i, node] of edges.entries()) {
      const sas = ours[i];
      const other = theirs.get(node.role);
      const outcome: EdgeOutcome = {
        name: node.role,
        ikeEstablished: sas.ikeEstablished && other?.ikeEstablished === true,
        childInstalled: sas.childInstalled && other?.childInstalled === true,
        ...(sas.remote ? { edgeSees: sas.remote } : {}),
        ...(other?.remote ? { connectorSees: other.remote } : {}),
        ...(other ? { connector: other.connector } : {}),
      };
      const stopped = initiatorStage(charonLog(node));
      if (stopped) {
        outcome.stage = stopped.stage;
        outcome.detail = stopped.detail;
      } else if (!outcome.ikeEstablished || !outcome.childInstalled) {
        outcome.stage = 'ike-auth';
        outcome.detail = 'no IKE or CHILD SA on both ends';
      }
      result.edges.push(outcome);
    }
    watch.phase = 'pings';
    await Promise.all(
      result.edges
        .filter((e) => e.stage === undefined)
        .map(async (e) => {
          const edge = exp.edges.find((x) => x.name === e.name);
          if (!edge || !e.connector) return;
          const [out, back] = await Promise.all([
            ping(shell, topology, edge.name, edge.subnet.address, exp.connector.subnet.address),
            ping(shell, topology, e.connector, exp.connector.subnet.address, edge.subnet.address),
          ]);
          e.toConnector = describePing(out);
          e.fromConnector = describePing(back);
          if (out.received === 0 || back.received === 0) {
            e.stage = 'traffic';
            e.detail = `edge → connector: ${e.toConnector}; connector → edge: ${e.fromConnector}`;
          }
        }),
    );
    const failed = result.edges.filter((e) => e.stage !== undefined);
    result.up = failed.length === 0 && result.edges.length > 0;
    if (!result.up) {
      const first = failed.sort((a, b) => STAGE_ORDER.indexOf(a.stage ?? 'traffic') - STAGE_ORDER.indexOf(b.stage ?? 'traffic'))[0];
      result.stage = first?.stage ?? 'ike-sa-init';
      const nginxNote = result.nginx && !result.nginx.accepted ? `nginx refused the configuration (${result.nginx.error ?? ''}); ` : '';
      result.detail = nginxNote + failed.map((e) => `${e.name}: ${e.detail ?? ''}`).join('; ');
    } else {
      result.detail = result.edges.map((e) => `${e.name} sees ${e.edgeSees ?? '?'}, ${e.connector ?? 'connector'} sees ${e.connectorSees ?? '?'}`).join('; ');
    }
    watch.phase = 'probe';
    if (probing) result.probe = await probing;
    result.ms.verdict = performance.now() - negotiating - result.ms.negotiate;
    const stepping = performance.now();
    watch.phase = 'steps';
    await runSteps({ shell, topology, exp, serving, result, errorLog }, spec.steps);
    if (result.nginx && errorLog) result.nginx.sessions = nginxSessions(errorLog);
    result.ms.steps = performance.now() - stepping;
  } finally {
    const tearing = performance.now();
    watch.phase = 'tear-down';
    const stuck = await tearDown();
    if (stuck.length > 0) result.detail += `; still running after SIGKILL: ${stuck.join(', ')}`;
    if (!ctx.keep) rmSync(dir, { recursive: true, force: true });
    result.ms.teardown = performance.now() - tearing;
    result.ms.total = performance.now() - began;
  }
  return result;
}

/** `fabedge-lint probe VALUES --format json`, run by the bundled CLI inside the first edge's namespace. */
async function probeFrom(shell: Runner, topology: Topology, exp: Experiment, spec: ScenarioSpec, ctx: LabContext): Promise<ProbeVerdict> {
  const valuesPath = join(spec.workspace, exp.valuesFile);
  const [command, args] = topology.exec(exp.edges[0].name, process.execPath, [ctx.cli, 'probe', valuesPath, ...PROBE_ARGS]);
  // The probe bounds itself: at most 3 transmissions 800 ms apart per port.
  const probed = await shell.run(command, args);
  let json: ProbeVerdict;
  try {
    json = JSON.parse(probed.stdout) as ProbeVerdict;
  } catch {
    throw new Error(`fabedge-lint probe printed no JSON (exit ${probed.code}): ${probed.stderr}`);
  }
  return {
    ok: json.ok,
    probes: json.probes.map((p) => ({
      port: p.port,
      marker: p.marker,
      outcome: p.outcome,
      sent: p.sent,
      ...(p.rttMs !== undefined ? { rttMs: p.rttMs } : {}),
      ...(p.reply ? { reply: { accepted: p.reply.accepted, errors: p.reply.errors, hex: p.reply.hex } } : {}),
    })),
  };
}

interface StepContext {
  shell: Runner;
  topology: Topology;
  exp: Experiment;
  serving: readonly CharonNode[];
  result: LabResult;
  errorLog: string | undefined;
}

/** The slow-failure steps, on the edges whose tunnel is up. */
async function runSteps(ctx: StepContext, steps: readonly Step[]): Promise<void> {
  const upAt = performance.now();
  const live = ctx.result.edges.filter((e) => e.stage === undefined && e.connector !== undefined);
  for (const step of steps) {
    const at = Math.round((performance.now() - upAt) / 100) / 10;
    const results: Record<string, string> = {};
    if ('wait' in step) {
      await sleep(step.wait * 1000);
      continue;
    }
    if ('sas' in step) {
      const sides = await connectorSides(ctx.shell, ctx.serving);
      for (const edge of ctx.exp.edges) results[edge.name] = sides.get(edge.name)?.remote ?? 'no SA';
      ctx.result.steps.push({ kind: 'sas', label: step.sas, at, results });
      continue;
    }
    if ('sessions' in step) {
      // One client flow (address:port → listen) in more than one session: nginx split it.
      const byFlow = new Map<string, Set<string>>();
      for (const s of ctx.errorLog ? nginxSessions(ctx.errorLog) : []) {
        const flow = `${s.client} → ${s.listen}`;
        byFlow.set(flow, (byFlow.get(flow) ?? new Set()).add(s.proxy ?? `*${s.id}`));
      }
      for (const [flow, ports] of byFlow) results[flow] = `${ports.size} session${ports.size === 1 ? '' : 's'}`;
      ctx.result.steps.push({ kind: 'sessions', label: step.sessions, at, results });
      continue;
    }
    const subnet = ctx.exp.connector.subnet.address;
    if ('burst' in step) {
      await Promise.all(
        live.map(async (e) => {
          const edge = ctx.exp.edges.find((x) => x.name === e.name);
          if (edge) results[`${edge.name} → connector`] = describePing(await ping(ctx.shell, ctx.topology, edge.name, edge.subnet.address, subnet, step.burst, 0.002));
        }),
      );
      ctx.result.steps.push({ kind: 'load', label: step.label, at, results });
      continue;
    }
    await Promise.all(
      live.map(async (e) => {
        const edge = ctx.exp.edges.find((x) => x.name === e.name);
        if (!edge || !e.connector) return;
        if (step.traffic !== 'connector-to-edge') results[`${edge.name} → connector`] = describePing(await ping(ctx.shell, ctx.topology, edge.name, edge.subnet.address, subnet, 3));
        if (step.traffic !== 'edge-to-connector') results[`connector → ${edge.name}`] = describePing(await ping(ctx.shell, ctx.topology, e.connector, subnet, edge.subnet.address, 3));
      }),
    );
    ctx.result.steps.push({ kind: 'traffic', label: step.label, at, results });
  }
}
