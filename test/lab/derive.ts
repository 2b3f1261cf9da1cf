/**
 * The experiment a workspace describes, derived the way FabEdge and nginx read it, on its own
 * (not through the linter's model, so that the lab can contradict the linter):
 * - the edges dial the first connectorPublicAddresses entry (strongSwan uses the first remote
 *   address) on port 500, or on cluster.connectorPublicPort when the chart renders it (0.8.0+),
 *   then with `remote_port = P` and `local_port = 4500`;
 * - the connector stands on connectorNodeAddresses (the leader on the first, with the keepalived
 *   VIP when chart 1.0.0 renders keepalived); without them, on the address nginx forwards to;
 * - nginx stands on the addresses it listens on, or, when it listens on wildcards only, on the
 *   address the edges dial.
 * The workspace's own addresses are used as they are: the lab is one closed Ethernet segment, so
 * any IPv4 address can sit on it. Only the edges' own addresses are the lab's choice.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import { join, relative } from 'node:path';
import { isMap, parseDocument } from 'yaml';

export interface Experiment {
  /** Workspace-relative path of the values file. */
  valuesFile: string;
  /** connectorPublicAddresses as the agent gets them; the edges dial the first. */
  publicAddresses: string[];
  /** The port the edges dial. */
  publicPort: number;
  connector: {
    /** Connector nodes; the leader (index 0) runs the tunnels. */
    nodes: string[];
    /** The keepalived VIP (on the leader), when rendered. */
    vip?: string;
    /** The connector's subnet (services) and its first address. */
    subnet: { cidr: string; address: string };
  };
  nginx?: {
    addresses: string[];
    /** Workspace-relative paths: a main configuration (with `events {}`), or fragments to include. */
    main?: string;
    fragments: string[];
    /** Every nginx file, workspace-relative. */
    files: string[];
  };
  edges: { name: string; address: string; subnet: { cidr: string; address: string } }[];
}

const IPV4_AT = /(\d{1,3}(?:\.\d{1,3}){3})/;

function yamlFiles(root: string): string[] {
  return walk(root).filter((f) => /\.ya?ml$/.test(f) && !/(^|\/)Chart\.ya?ml$/.test(f) && !/(^|\/)lab\.json$/.test(f));
}

function walk(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(root, path) : [relative(root, path)];
  });
}

function at(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const key of path) {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A list as the chart renders it (`join ","` or the L1 string, split by pflag). */
function entries(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => String(v));
  if (typeof value === 'string') return value === '' ? [] : value.split(',');
  if (typeof value === 'number') return [String(value)];
  return [];
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** Helm's `int` on the values FabEdge templates read. */
function helmInt(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

function firstHost(cidr: string): string {
  const [base] = cidr.split('/');
  const octets = base.split('.').map(Number);
  octets[3] += 1;
  return octets.join('.');
}

function stripComments(text: string): string {
  return text.replace(/#[^\n]*/g, '');
}

/** Addresses and files of the nginx configuration, read with regular expressions, not the linter's parser. */
function readNginx(root: string, files: string[]): { listens: string[]; targets: string[]; main?: string; fragments: string[] } {
  const listens: string[] = [];
  const targets: string[] = [];
  let main: string | undefined;
  const fragments: string[] = [];
  const included = new Set<string>();
  for (const file of files) {
    const text = stripComments(readFileSync(join(root, file), 'utf8'));
    for (const m of text.matchAll(/\blisten\s+([^\s;]+)/g)) {
      const host = IPV4_AT.exec(m[1])?.[1];
      if (host && m[1].startsWith(host)) listens.push(host);
    }
    for (const m of text.matchAll(/\b(?:server|proxy_pass)\s+(\d{1,3}(?:\.\d{1,3}){3})\b/g)) targets.push(m[1]);
    for (const m of text.matchAll(/\binclude\s+([^\s;]+)/g)) included.add(m[1]);
    if (/^\s*events\s*\{/m.test(text)) main = file;
  }
  if (!main) {
    // The included files are part of their includer; the roots are the fragments the lab includes.
    const isIncluded = (file: string) => [...included].some((pattern) => new RegExp(`(^|/)${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`).test(file));
    fragments.push(...files.filter((f) => !isIncluded(f)));
  }
  return { listens: [...new Set(listens)], targets: [...new Set(targets)], ...(main ? { main } : {}), fragments };
}

export interface LabOptions {
  /** How many edges dial at once. */
  edges: number;
}

/** The experiment of a workspace folder. Throws when the workspace does not describe one. */
export function deriveExperiment(root: string, options: LabOptions): Experiment {
  const valuesFiles = yamlFiles(root);
  if (valuesFiles.length !== 1) throw new Error(`${root}: a lab workspace has one values file, found ${valuesFiles.length}`);
  const valuesFile = valuesFiles[0];
  const values = parseDocument(readFileSync(join(root, valuesFile), 'utf8'), { version: '1.1' }).toJS() as unknown;
  const chartPath = join(root, valuesFile, '..', 'Chart.yaml');
  const chartVersion = existsSync(chartPath) ? String(at(parseDocument(readFileSync(chartPath, 'utf8')).toJS(), ['version']) ?? '') : undefined;
  const chartAtLeast = (min: string) => chartVersion === undefined || chartVersion === '' || compareVersions(chartVersion, min) >= 0;

  const l4 = isMap(parseDocument(readFileSync(join(root, valuesFile), 'utf8')).get('cluster'));
  const publicAddresses = entries(at(values, ['cluster', 'connectorPublicAddresses']) ?? at(values, ['operator', 'connectorPublicAddresses']));
  if (publicAddresses.length === 0) throw new Error(`${valuesFile}: no connectorPublicAddresses`);
  const renderedPort = l4 && chartAtLeast('0.8.0') ? helmInt(at(values, ['cluster', 'connectorPublicPort'])) : undefined;
  const publicPort = renderedPort ?? 500;

  const nginxFiles = walk(root).filter((f) => /(\.conf|\.nginx)$/.test(f));
  const nginx = nginxFiles.length > 0 ? readNginx(root, nginxFiles) : undefined;

  const nodeAddresses = entries(at(values, ['cluster', 'connectorNodeAddresses']));
  const nodes = nodeAddresses.length > 0 ? nodeAddresses : nginx && nginx.targets.length > 0 ? [nginx.targets[0]] : [publicAddresses[0]];
  const replicas = helmInt(at(values, ['connector', 'replicas'])) ?? 1;
  const keepalived = at(values, ['keepalived']);
  const vipText = at(keepalived, ['vip']);
  const vip =
    chartAtLeast('1.0.0') && replicas > 1 && keepalived !== undefined && at(keepalived, ['create']) !== false && typeof vipText === 'string' ? vipText.split('/')[0] : undefined;

  const subnets = entries(at(values, ['cluster', 'serviceClusterIPRange']) ?? at(values, ['operator', 'connectorSubnets']));
  const subnetCidr = subnets[0]?.trim() || '10.96.0.0/12';

  const dial = publicAddresses[0];
  const connectorSide = new Set([...nodes, ...(vip ? [vip] : [])]);
  const nginxAddresses = nginx ? nginx.listens.filter((a) => !connectorSide.has(a)) : [];
  if (nginx && nginxAddresses.length === 0) nginxAddresses.push(connectorSide.has(dial) ? '198.51.100.2' : dial);

  const used = new Set([...publicAddresses, ...connectorSide, ...nginxAddresses, ...(nginx?.targets ?? [])]);
  const edges = Array.from({ length: options.edges }, (_, i) => {
    const address = `198.51.100.${10 + i}`;
    if (used.has(address)) throw new Error(`${root}: the workspace uses the lab's edge address ${address}`);
    const cidr = `192.168.${2 + i}.0/24`;
    return { name: `edge${i + 1}`, address, subnet: { cidr, address: firstHost(cidr) } };
  });
  for (const address of [...used]) if (!isIPv4(address.trim())) throw new Error(`${root}: the lab places IPv4 literals only, not "${address}"`);

  return {
    valuesFile,
    publicAddresses,
    publicPort,
    connector: { nodes, ...(vip ? { vip } : {}), subnet: { cidr: subnetCidr, address: firstHost(subnetCidr) } },
    ...(nginx ? { nginx: { addresses: nginxAddresses, ...(nginx.main ? { main: nginx.main } : {}), fragments: nginx.fragments, files: nginxFiles } } : {}),
    edges,
  };
}
