/**
 * `npm run lab:doc`: docs/lab.md from the last lab run (test-results/lab/last-run.json, written by
 * `npm run test:lab`). The prose is here; the tables are the run's.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ProbeVerdict, StepOutcome } from './lab';
import { slowEffect, type RunRecord } from './matrix';
import { readResults, type LabRun } from './results';

const DOC = resolve(__dirname, '../../docs/lab.md');

const STAGES: Record<string, string> = {
  'ike-sa-init': 'no IKE_SA_INIT answer',
  'ike-auth': 'IKE_AUTH lost',
  traffic: 'no traffic',
};

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function findings(record: RunRecord): string {
  const shown = record.findings.filter((f) => f.severity !== 'info' && f.severity !== 'hint');
  if (shown.length === 0) return '—';
  const counted = new Map<string, number>();
  for (const f of shown) counted.set(`${f.severity} \`${f.rule}\``, (counted.get(`${f.severity} \`${f.rule}\``) ?? 0) + 1);
  return [...counted].map(([text, n]) => (n > 1 ? `${text} ×${n}` : text)).join(', ');
}

function tunnel(record: RunRecord): string {
  if (record.error) return 'lab fault';
  const lab = record.lab;
  if (!lab) return '?';
  if (lab.up) return `**up**`;
  const nginx = lab.nginx && !lab.nginx.accepted ? `; nginx: ${lab.nginx.error ?? 'refused'}` : '';
  return `**down**: ${STAGES[lab.stage ?? ''] ?? lab.stage ?? '?'}${cell(nginx)}`;
}

function probe(verdict: ProbeVerdict | undefined): string {
  if (!verdict) return '—';
  return verdict.probes
    .map((p) => {
      const port = `${p.port}${p.marker ? '+marker' : ''}`;
      if (p.outcome !== 'answered') return `${port} ${p.outcome}`;
      const errors = p.reply && p.reply.errors.length > 0 ? ` ${p.reply.errors.join(',')}` : '';
      return `${port} answered${errors}${p.sent > 1 ? ` (after ${p.sent} sends)` : ''}`;
    })
    .join(', ');
}

function matrixTable(records: readonly RunRecord[]): string {
  const rows = records.filter((r) => r.kind !== 'slow');
  const order = (r: RunRecord) => (r.kind === 'fixed' ? `${r.of ?? ''}\u0001` : r.name);
  const lines = ['| scenario | findings (errors and warnings) | tunnel | probe |', '|---|---|---|---|'];
  for (const r of [...rows].sort((a, b) => order(a).localeCompare(order(b)))) {
    const name = r.kind === 'fixed' ? `↳ \`${r.name}\`: after the \`${r.rule ?? ''}\` quick fix` : `\`${r.name}\`: ${cell(r.title)}`;
    lines.push(`| ${name} | ${findings(r)} | ${tunnel(r)} | ${probe(r.lab?.probe)} |`);
  }
  return lines.join('\n');
}

/** One step of a slow failure, briefly: traffic that failed (or "answered"), sessions nginx split, a burst's count. */
function step(stepOutcome: StepOutcome): string | undefined {
  const entries = Object.entries(stepOutcome.results);
  if (entries.length === 0 || stepOutcome.kind === 'sas') return undefined;
  const at = `${stepOutcome.at} s, ${stepOutcome.label}`;
  if (stepOutcome.kind === 'sessions') {
    const split = entries.filter(([, v]) => !v.startsWith('1 '));
    return split.length === 0 ? `${at}: one session per flow` : `${at}: ${split.map(([flow, v]) => `${flow.split(' ')[0]} ${v}`).join(', ')}`;
  }
  if (stepOutcome.kind === 'load') return `${at}: ${entries.map(([k, v]) => `${k} ${v}`).join(', ')}`;
  const failed = entries.filter(([, v]) => v !== 'ok');
  return failed.length === 0 ? `${at}: all answered` : `${at}: ${failed.map(([k, v]) => `${k} ${v}`).join(', ')}`;
}

function slowTable(records: readonly RunRecord[]): string {
  const rows = records.filter((r) => r.kind === 'slow');
  if (rows.length === 0) return '_No slow-failure scenario ran._';
  const lines = ['| scenario | findings | tunnel, then what the lab saw | effect |', '|---|---|---|---|'];
  for (const r of [...rows].sort((a, b) => a.name.localeCompare(b.name))) {
    const seen = (r.lab?.steps ?? []).map(step).filter((s): s is string => s !== undefined);
    lines.push(`| \`${r.name}\`: ${cell(r.title)} | ${findings(r)} | ${[tunnel(r), ...seen.map(cell)].join('; ')} | ${r.error ? 'lab fault' : (slowEffect(r) ?? '?')} |`);
  }
  return lines.join('\n');
}

export function renderLabDoc(run: LabRun): string {
  const matrix = run.records.filter((r) => r.kind !== 'slow');
  const agree = matrix.filter((r) => r.lab && (r.tunnelBreaking.length > 0) === !r.lab.up).length;
  const probeAgree = matrix.filter((r) => r.lab?.probe && r.lab.probe.ok === r.lab.up).length;
  return `${PROSE}
## The agreement matrix

Last run: ${run.date.slice(0, 10)}, strongSwan ${run.environment.strongswan}, ${run.environment.nginx}, kernel ${run.environment.kernel}, Node ${run.environment.node}:
${run.records.length} lab runs in ${(run.wallMs / 1000).toFixed(0)} s with ${run.workers.matrix} + ${run.workers.slow} labs at once. Findings and tunnels agree in
${agree} of ${matrix.length} rows, the probe and the tunnel in ${probeAgree} of ${matrix.length}. A finding "breaks the tunnel" when it is an
error of one of the rules listed above; warnings are shown but claim no broken tunnel.

${matrixTable(run.records)}

## Failures over time and under balancing

${SLOW_PROSE}
${slowTable(run.records)}
`;
}

const PROSE = `# The tunnel lab

Every verdict of the proxy rules is a belief about IKE: that a tunnel breaks when 4500 is not
proxied, when ports are crossed, when the edges dial the wrong address. The lab checks those beliefs
against a real strongSwan tunnel through a real nginx, on one machine, in network namespaces.
\`npm run test:lab\` (part of \`npm test\`; it needs root) runs it, and \`npm run lab:doc\` writes this page
from its last run (\`test-results/lab/last-run.json\`).

## How a scenario runs

A scenario is a workspace: a FabEdge values file (with a \`Chart.yaml\` when the chart version
matters) and nginx files, in \`test/lab/scenarios/<name>/\`, plus a \`lab.json\` with the number of
edges, the rule it breaks, what the lab found last time, and, for a rule without a quick fix, the
scenario that is its fix. The \`seed\` scenario is the values and nginx blocks of FabEdge's document
"使用nginx代理FabEdge-Connector", read verbatim at test time.

The lab derives the experiment from the files the way FabEdge would, without the linter's model:

- **The edges** (strongSwan initiators configured like FabEdge's agent) get \`remote_addrs\` =
  \`connectorPublicAddresses\` and dial its first entry, on port 500, or on
  \`cluster.connectorPublicPort\` when the chart renders it (0.8.0 and later), then with
  \`remote_port\` = that port and \`local_port = 4500\`.
- **The connector** (a responder for any address, one connection per edge, told apart by the edge
  certificate) stands on the first \`connectorNodeAddresses\` entry, with the keepalived VIP when
  chart 1.0.0 renders keepalived; further nodes run strongSwan with nothing loaded, as FabEdge's
  followers do. Without \`connectorNodeAddresses\`, it stands where nginx forwards to.
- **nginx** runs the workspace's own configuration on the addresses it listens on, or, when it
  listens on wildcards only, on the address the edges dial. The lab changes only where nginx writes
  (pid file, error log at level \`info\`, access logs) and loads the stream module when the
  configuration does not.

The workspace's own addresses are used as they are: the lab is one closed Ethernet segment, so any
IPv4 address can sit on it. Only the edges' addresses (198.51.100.10 and up) and their pod subnets
(192.168.2.0/24 and up) are the lab's choice.

Hosts are network namespaces (\`fel<pid>-<job>-<host>\`) on a bridge in a switch namespace. Both
ends of every veth pair are created inside the lab's namespaces, so nothing appears in, or routes
through, the root namespace, and no packet goes anywhere else. The test checks that every veth of a
lab has its peer in that lab, and that the root namespace's links, addresses, routes and rules are
the same before and after. Debian's strongSwan 5.9.8 runs with \`kernel-libipsec\` (this kernel has
no ESP), with certificates like FabEdge's (one CA, RSA 2048, \`C=CN, O=fabedge.io, CN=…\`; IKE_AUTH
then needs two fragments), each charon with its own \`/run\`. Retransmits at 0.75, 1.5 and 2.25 s
decide a failure within 2.25 s. \`scripts/setup-lab.sh\` installs the packages when they are missing.

**The verdict.** *Up*: on every edge, the IKE SA is established and the CHILD SA installed
(\`TUNNEL-in-UDP\`) on both ends, and pings started from the edge and from the connector get answers
through the tunnel. *Down*, with the first stage that failed: *no IKE_SA_INIT answer* (nginx
refusing its configuration included), *IKE_AUTH lost* (or refused), *no traffic*.

**The probe.** In every scenario \`fabedge-lint probe values.yaml\` (the bundled CLI) runs inside the
first edge's namespace, beside the tunnel, from its own source ports (so in sessions of its own).
The probe's parser is tested against the replies strongSwan sent there (\`test/lab/capture.ts\`).

**The claim checked.** In every row of the matrix, a workspace has an error from a rule that says
the tunnel breaks (\`proxy-udp\`, \`proxy-nat-t-missing\`, \`proxy-port-mapping\`, \`proxy-context\`,
\`proxy-protocol\`, \`proxy-affinity\`, \`proxy-ha-vip\`, \`proxy-upstream-not-connector\`,
\`public-address-not-proxied\`, \`public-address-bypasses-proxy\`, \`public-port-not-proxied\`,
\`nginx-syntax\`, \`nginx-directive\`) if and only if the tunnel is down; the probe says every port
answers if and only if the tunnel is up; and each rule's quick fix, applied to its broken scenario,
brings the tunnel up with no such error left.

**What the lab changed.** A rule the lab contradicted was changed, not the lab:

- \`proxy-protocol\`: error → warning. nginx puts the PROXY header only in front of the first datagram
  of each UDP session; strongSwan drops that one, and the retransmission gets through.
- \`public-address-not-proxied\`: warning → error when the edges dial an IP (a host name stays a
  warning): nothing answers there.
- \`proxy-upstream-not-connector\`: warning → error for an IP target (a host name stays a warning):
  no connector answers there.
- \`proxy-ha-vip\`: warning → error when nginx forwards to two or more connector nodes (one node stays
  a warning): the follower answers NO_PROPOSAL_CHOSEN.
- \`proxy-session\`: its \`proxy_requests\` message now names what breaks (nginx runs out of
  \`worker_connections\` under traffic).

**Limits.** Userspace ESP (libipsec) instead of the kernel's; one connector certificate DN
(\`CN=cloud-connector\`, FabEdge v0.3's); IPv4 only; no DNS names (the lab places IP literals); no
keepalived fail-over. The probe cannot see what happens after IKE_SA_INIT: a balancer that sends one
edge's 500 and 4500 sessions to two connectors, or a follower that answers NO_PROPOSAL_CHOSEN, still
answers the probe, so those scenarios are in the second table, without a probe.
`;

const SLOW_PROSE = `These scenarios (\`test/lab/slow/\`) start from a tunnel that is up, then wait, ping each way
(three requests; a step fails when none is answered), send a burst, or count nginx's sessions per
client flow. Timers run at a fifth of FabEdge's: NAT-T keepalives every 4 s for strongSwan's 20 s, DPD
every 2 s for the agent's 10 s (from v0.6; earlier agents send none), so \`proxy_timeout 3s\` stands
for 15 s; the rules' own thresholds are not scaled. The balancing scenarios can let every connector
node serve the edges, as independent connectors would; in FabEdge's HA only the leader does. No probe
runs here: what they show happens after IKE_SA_INIT.

- \`proxy-timeout\`: a session that carries nothing for \`proxy_timeout\` expires, and the tunnel stays
  broken from both ends (the connector keeps the expired port) until the edge sends an IKE message;
  DPD more often than \`proxy_timeout\`, or a \`proxy_timeout\` longer than the keepalive interval, keeps it.
- \`proxy-session\`: \`proxy_responses\` stops the traffic at once; \`proxy_requests\` holds at first, then a
  busy tunnel runs nginx out of \`worker_connections\` and nothing gets through.
- \`proxy-affinity\` and \`proxy-ha-vip\`: an edge whose 500 and 4500 sessions reach two connectors loses
  IKE_AUTH; a follower answers NO_PROPOSAL_CHOSEN.
- \`proxy-reuseport\`: the split is real (two sessions per flow), but the tunnels held while both
  sessions lived.
`;

if (require.main === module) {
  const run = readResults();
  writeFileSync(DOC, renderLabDoc(run));
  process.stdout.write(`wrote ${DOC} from the run of ${run.date}\n`);
}
