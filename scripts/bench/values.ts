/**
 * Values-file benchmark (issue 4): a generated 2,000-line values file of the current layout (L4),
 * diagnosed two ways in the same run, on the same text:
 *
 * - ours: parse (`parseValuesDocument`) and every values rule (`lintValuesDocument`, values-schema
 *   included), the time from text to findings;
 * - yls: bare yaml-language-server `doValidation` with the same L4 schema, served from memory
 *   (`validate: true`, nothing fetched).
 *
 * Warms up, then prints the median and p95 of N runs of each and the ratio ours/yls (goal <= 1.3x),
 * and where our time goes: the bare `yaml` parse, our model on top of it, and the rules. Asserts nothing (these machines are shared and noisy). `BENCH_RUNS` changes N.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseAllDocuments } from 'yaml';
import { lintValuesDocument } from '../../src/core/engine';
import type { Finding } from '../../src/core/findings';
import { RULES } from '../../src/core/rules';
import { HELM_YAML_OPTIONS } from '../../src/core/values/helm';
import { parseValuesDocument } from '../../src/core/values/parse';
import { schemaUri } from '../../src/core/values/schemas';
import { fabedgeSchemaRequest } from '../../src/server/yamlLanguageService';
import { percentile, reportFigure } from './support/figures';

const TARGET_LINES = 2000;
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 10);
const BLOCK = 5;
const FILE = '/bench/fabedge/values.yaml';
const URI = 'file:///bench/fabedge/values.yaml';

/** Agent flags the operator knows (values-agent-args), written the chart's way. */
const AGENT_ARGS: [string, string][] = [
  ['LOG_LEVEL', '"3"'], ['MASQ_OUTGOING', '"true"'], ['ENABLE_PROXY', '"true"'], ['ENABLE_DNS', '"true"'],
  ['ENABLE_HAIRPINMODE', '"true"'], ['AUTO_NETWORKING', '"true"'], ['MULTICAST_TOKEN', '"edge-lan-7f3a9c"'],
  ['MULTICAST_ADDRESS', '"239.40.20.81:18080"'], ['MULTICAST_INTERVAL', '"5s"'], ['TUNNELS_CONF', '"/etc/fabedge/tunnels.yaml"'],
  ['LOCAL_CERT', '"/etc/fabedge/tls.crt"'], ['DEBOUNCE', '"1s"'], ['SYNC_PERIOD', '"30s"'], ['NETWORK_PLUGIN_MTU', '"1400"'],
  ['DUMMY_INTERFACE_NAME', '"fabedge-dummy0"'], ['DNS_DEBUG', '"false"'], ['DNS_PROBE', '"true"'], ['DNS_BIND_IP', '"169.254.25.10"'],
  ['DNS_CLUSTER_DOMAIN', '"cluster.local"'], ['PROXY_MODE', '"ipvs"'], ['PROXY_CLUSTER_CIDR', '"10.233.64.0/18"'],
  ['WORKDIR', '"/var/lib/fabedge"'], ['BACKUP_INTERVAL', '"10s"'], ['ENDPOINT_TTL', '"3m"'], ['TUNNEL_INIT_TIMEOUT', '"10s"'],
];

function image(indent: string, repository: string, tag: string): string[] {
  return [`${indent}image:`, `${indent}  repository: ${repository}`, `${indent}  tag: "${tag}"`, `${indent}  pullPolicy: IfNotPresent`];
}

function resources(indent: string, cpu: number, memory: number): string[] {
  return [
    `${indent}resources:`,
    `${indent}  limits:`,
    `${indent}    cpu: ${cpu * 2}m`,
    `${indent}    memory: ${memory * 2}Mi`,
    `${indent}  requests:`,
    `${indent}    cpu: ${cpu}m`,
    `${indent}    memory: ${memory}Mi`,
  ];
}

/** A list with a comment every `every` items, as operators annotate long lists by site or rack. */
function list(indent: string, count: number, item: (i: number) => string, comment: (i: number) => string, every = 16): string[] {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i % every === 0) lines.push(`${indent}# ${comment(i)}`);
    lines.push(`${indent}- ${item(i)}`);
  }
  return lines;
}

/**
 * A realistic, valid L4 file (chart 1.0.0 keys): every chart block, the known agent args plus
 * many CNI_* pass-through args, and long lists of CIDRs, addresses and labels. The list lengths
 * are scaled so the file has `TARGET_LINES` lines.
 */
export function generateValues(scale: number): string {
  const n = (base: number) => Math.max(1, Math.round(base * scale));
  const lines: string[] = [
    '# FabEdge chart 1.0.0 values for the host cluster of a large edge deployment.',
    '# Generated for the values benchmark; every block of the chart is set explicitly.',
    '# Keep addresses and CIDRs as lists: the chart renders them with `join ","`.',
    '',
    'cluster:',
    '  # Unique among all clusters; becomes --cluster and the endpoint names.',
    '  name: beijing-east-1',
    '  role: host',
    '  region: cnnorth',
    '  zone: cnnorth1a',
    '  cniType: calico',
    '  # Edge pod CIDRs are carved out of this range, one /26 per edge node.',
    '  edgePodCIDR: 192.168.0.0/16',
    '  edgeCIDRMaskSize: 26',
    '  edgePodCIDR6: fd85:ee78:d8a6:8607::/64',
    '  edgeCIDRMaskSize6: 120',
    '  connectorPublicPort: 500',
    '  connectorAsMediator: true',
    '  # Pod CIDRs of the cluster, one per node pool.',
    '  clusterCIDR:',
    ...list('    ', n(360), (i) => `10.${(i >> 8) & 255}.${i & 255}.0/24`, (i) => `node pool ${i / 16}`),
    '    - fd85:ee78:d8a6:8608::/64',
    '  # Service CIDRs: the connector subnets.',
    '  serviceClusterIPRange:',
    ...list('    ', n(240), (i) => `172.${16 + ((i >> 8) & 15)}.${i & 255}.0/24`, (i) => `service range block ${i / 16}`),
    '  # Every edge dials the first address; the others are for humans and tooling.',
    '  connectorPublicAddresses:',
    ...list('    ', n(120), (i) => (i % 4 === 3 ? `connector-${i}.edge.corp.internal` : `100.${64 + ((i >> 8) & 1)}.8.${i & 255}`), (i) => `site ${i / 16}`),
    '  # Internal IPs of the connector nodes (memberlist seeds).',
    '  connectorNodeAddresses:',
    ...list('    ', n(120), (i) => `10.250.${(i >> 8) & 255}.${(i & 255) + 0}`, (i) => `rack ${i / 16}`),
    '  # Certificate SANs of the operator and service-hub.',
    '  publicAddresses:',
    ...list('    ', n(120), (i) => `198.51.${100 + ((i >> 8) & 1)}.${i & 255}`, (i) => `SAN group ${i / 16}`),
    '  # A node is an edge node only with all of these labels.',
    '  edgeLabels:',
    ...list('    ', n(280), (i) => (i === 0 ? 'node-role.kubernetes.io/edge=' : `edge.fabedge.io/zone-${i}=z${i % 7}`), (i) => `label group ${i / 16}`),
    '  connectorLabels:',
    ...list('    ', n(120), (i) => (i === 0 ? 'node-role.kubernetes.io/connector=' : `connector.fabedge.io/rack-${i}=r${i % 5}`), (i) => `rack labels ${i / 16}`),
    '',
    'operator:',
    '  name: fabedge-operator',
    '  replicas: 2',
    ...image('  ', 'fabedge/operator', 'v1.0.0'),
    '  autoKeepIPPools: true',
    '  service:',
    '    nodePort: 30303',
    '  logLevel: 3',
    '  endpointIDFormat: "C=CN, O=fabedge.io, CN={node}"',
    '  certOrgName: fabedge.io',
    '  certValidityPeriod: 3650',
    '  tokenValidPeriod: 12h',
    ...resources('  ', 100, 128),
    '',
    'connector:',
    '  name: fabedge-connector',
    ...image('  ', 'fabedge/connector', 'v1.0.0'),
    '  # Two connectors behind keepalived.',
    '  replicas: 2',
    '  syncPeriod: 1m',
    '  logLevel: 3',
    '  strategy:',
    '    type: Recreate',
    ...resources('  ', 200, 256),
    '',
    'keepalived:',
    '  create: true',
    '  vip: 10.250.0.250/24',
    '  interface: eth0',
    '  routerID: 51',
    '  advertInterval: 1',
    '  priority: 125',
    '  scriptInterval: 3',
    '  scriptWeight: 2',
    '  scriptFall: 3',
    '  scriptRise: 3',
    '',
    'strongswan:',
    ...image('  ', 'fabedge/strongswan', '5.9.1'),
    ...resources('  ', 100, 128),
    '',
    'agent:',
    ...image('  ', 'fabedge/agent', 'v1.0.0'),
    '  # Each key becomes --lower-kebab; quote every value.',
    '  args:',
    ...AGENT_ARGS.map(([key, value]) => `    ${key}: ${value}`),
    '    # CNI plugin settings passed through to the edge CNI.',
    ...Array.from({ length: n(160) }, (_, i) => `    CNI_OPTION_${i}: "value-${i}"`),
    ...resources('  ', 50, 64),
    '',
    'cert:',
    '  name: gen-cert',
    ...image('  ', 'fabedge/cert', 'v1.0.0'),
    '',
    'cloudAgent:',
    '  name: fabedge-cloud-agent',
    ...image('  ', 'fabedge/cloud-agent', 'v1.0.0'),
    '  logLevel: 3',
    ...resources('  ', 50, 64),
    '',
    'fabDNS:',
    '  create: true',
    '  name: fabdns',
    '  replicas: 2',
    ...image('  ', 'fabedge/fabdns', 'v1.0.0'),
    '  strategy:',
    '    type: RollingUpdate',
    '    rollingUpdate:',
    '      maxSurge: 1',
    '      maxUnavailable: 0',
    '  service:',
    '    clusterIP: 10.96.0.53',
    '',
    'serviceHub:',
    '  name: service-hub',
    '  allowCreateNamespace: true',
    '  clusterExpireDuration: 5m',
    '  serviceImportInterval: 1m',
    '  requestTimeout: 5s',
    '  replicas: 2',
    ...image('  ', 'fabedge/service-hub', 'v1.0.0'),
    '  service:',
    '    nodePort: 30000',
    '  strategy:',
    '    type: RollingUpdate',
  ];
  return `${lines.join('\n')}\n`;
}

/** The generated file with as close to `TARGET_LINES` lines as the list scaling allows. */
function valuesText(): string {
  let lo = 0.1;
  let hi = 4;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (lineCount(generateValues(mid)) < TARGET_LINES) lo = mid;
    else hi = mid;
  }
  return generateValues(hi);
}

function lineCount(text: string): number {
  return text.split('\n').length - 1;
}

function ours(text: string): Finding[] {
  const doc = parseValuesDocument(FILE, text);
  return lintValuesDocument(doc, { locale: 'en' });
}

async function main(): Promise<void> {
  const text = valuesText();
  const doc = parseValuesDocument(FILE, text);
  const findings = ours(text);

  const { getLanguageService } = await import('yaml-language-server');
  const yls = getLanguageService({
    schemaRequestService: fabedgeSchemaRequest,
    workspaceContext: { resolveRelativePath: (relativePath: string, resource: string) => new URL(relativePath, resource).toString() },
  });
  yls.configure({
    validate: true,
    completion: false,
    hover: false,
    format: false,
    isKubernetes: false,
    customTags: [],
    yamlVersion: '1.1',
    // Our L4 schema (English texts), served from memory by fabedgeSchemaRequest.
    schemas: [{ uri: schemaUri('L4', 'en'), fileMatch: ['/bench/fabedge/values.yaml', '**/values.yaml'] }],
  });
  // yaml-language-server caches a parse per URI and version: a new version each run makes it
  // parse the text again, as it does after an edit, so both sides go from text to diagnostics.
  let version = 1;
  const document = () => TextDocument.create(URI, 'yaml', version++, text);
  const diagnostics = await yls.doValidation(document(), false);

  // The schema really applies on both sides: a wrong key and a wrong CIDR are reported by both.
  const broken = text.replace('  role: host\n', '  role: host\n  bogusKey: 1\n').replace('    - 10.0.0.0/24\n', '    - 10.0.0.0/33\n');
  const brokenOurs = ours(broken).filter((f) => f.rule === 'values-schema' || f.rule === 'values-cidr');
  const brokenYls = await yls.doValidation(TextDocument.create('file:///bench/fabedge/broken/values.yaml', 'yaml', 1, broken), false);

  console.log(`values file: ${lineCount(text)} lines, ${text.length} chars, layout ${doc.layout.id} (${doc.layout.charts}), ${doc.values.agentArgs.length} agent args`);
  console.log(`findings: ours ${findings.length}${findings.length > 0 ? ` (${[...new Set(findings.map((f) => f.rule))].join(', ')})` : ''}; yaml-language-server ${diagnostics.length}`);
  for (const f of findings.slice(0, 5)) console.log(`  ours: ${f.rule} ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`);
  console.log(`schema check on a copy with a wrong key and a wrong CIDR: ours ${brokenOurs.length} (${brokenOurs.map((f) => f.rule).join(', ')}), yaml-language-server ${brokenYls.length}`);
  for (const d of diagnostics.slice(0, 5)) console.log(`  yls: ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);

  // Alternate blocks of runs, so that drifting load on the shared machine hits both alike while
  // each side mostly pays for its own garbage collection (run by run, one would pay for the other's).
  const oursTimes: number[] = [];
  const ylsTimes: number[] = [];
  for (let i = 0; i < WARMUP; i++) {
    ours(text);
    await yls.doValidation(document(), false);
  }
  for (let done = 0; done < RUNS; done += BLOCK) {
    const block = Math.min(BLOCK, RUNS - done);
    for (let i = 0; i < block; i++) oursTimes.push(await timed(() => ours(text)));
    for (let i = 0; i < block; i++) ylsTimes.push(await timed(() => yls.doValidation(document(), false)));
  }
  const oursMedian = percentile(oursTimes, 50);
  const ylsMedian = percentile(ylsTimes, 50);
  console.log(`ours (parse + all values rules), ${RUNS} runs: median ${oursMedian.toFixed(1)} ms, p95 ${percentile(oursTimes, 95).toFixed(1)} ms`);
  console.log(`yaml-language-server doValidation, ${RUNS} runs: median ${ylsMedian.toFixed(1)} ms, p95 ${percentile(ylsTimes, 95).toFixed(1)} ms`);
  reportFigure({
    name: `values file, ${lineCount(text).toLocaleString('en-US')} lines: parse + all values rules`,
    value: oursMedian,
    unit: 'ms',
    baseline: { name: 'bare yaml-language-server doValidation', value: ylsMedian },
    goal: { maxRatio: 1.3 },
    note: `medians of ${RUNS} runs; p95 ratio ${(percentile(oursTimes, 95) / percentile(ylsTimes, 95)).toFixed(2)}x`,
  });

  // Where our time goes (medians, measured apart, so they need not add up exactly).
  const yamlTimes: number[] = [];
  const parseTimes: number[] = [];
  const rulesTimes: number[] = [];
  const perRule = new Map<string, number[]>(RULES.map((rule) => [rule.meta.id, []]));
  for (let i = 0; i < RUNS; i++) {
    yamlTimes.push(await timed(() => parseAllDocuments(text, HELM_YAML_OPTIONS)));
    parseTimes.push(await timed(() => parseValuesDocument(FILE, text)));
    rulesTimes.push(await timed(() => lintValuesDocument(doc, { locale: 'en' })));
    for (const rule of RULES) perRule.get(rule.meta.id)?.push(await timed(() => lintValuesDocument(doc, { locale: 'en', rules: [rule] })));
  }
  const yamlMedian = percentile(yamlTimes, 50);
  const parseMedian = percentile(parseTimes, 50);
  console.log(`  of ours: parseValuesDocument ${parseMedian.toFixed(1)} ms (the bare yaml parse alone, YAML 1.1 as Helm reads it: ${yamlMedian.toFixed(1)} ms); all values rules ${percentile(rulesTimes, 50).toFixed(1)} ms`);
  const slowest = [...perRule].map(([id, times]) => [id, percentile(times, 50)] as const).sort((a, b) => b[1] - a[1]).slice(0, 5);
  console.log(`  slowest rules: ${slowest.map(([id, ms]) => `${id} ${ms.toFixed(1)} ms`).join(', ')}`);
}

async function timed(run: () => unknown): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
