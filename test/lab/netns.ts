/**
 * The lab's network: one namespace per host and a switch namespace holding a bridge. Each veth
 * pair is created with both ends inside lab namespaces, so nothing appears in, or routes through,
 * the root namespace; `rootNetworkState` lets a test prove that the root namespace is unchanged.
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { must, processRunner, run, runNow, type Runner } from './exec';

export interface LabHost {
  /** Short name, unique in the lab: `nginx`, `conn1`, `edge1`, … (becomes part of the namespace name). */
  role: string;
  /** IPv4 addresses on the host's link to the bridge. */
  addresses: string[];
  /** The subnet behind the host (pods, services) and the address the host takes in it. */
  subnet?: { cidr: string; address: string };
}

const LAB_NAMESPACE = /^fel\d+-\d+-/;

/** A namespace name this process may create: `fel<pid>-<job>-<role>`. */
export function namespacePrefix(job: number): string {
  return `fel${process.pid}-${job}`;
}

/** Namespaces created for every lab of this process, deleted at exit if a run could not. */
const liveNamespaces = new Set<string>();
let exitHandlerInstalled = false;

function remember(ns: string): void {
  liveNamespaces.add(ns);
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.on('exit', () => {
    for (const name of liveNamespaces) runNow('ip', ['netns', 'del', name]);
  });
}

export class Topology {
  readonly switchNs: string;

  constructor(
    readonly prefix: string,
    readonly hosts: readonly LabHost[],
    private readonly runner: Runner = processRunner,
  ) {
    this.switchNs = `${prefix}-sw`;
  }

  ns(role: string): string {
    if (!this.hosts.some((h) => h.role === role)) throw new Error(`no host ${role} in this lab`);
    return `${this.prefix}-${role}`;
  }

  namespaces(): string[] {
    return [this.switchNs, ...this.hosts.map((h) => `${this.prefix}-${h.role}`)];
  }

  /** Runs `ip` commands in one process (each `ip` start costs tens of milliseconds here). */
  private async batch(ns: string | undefined, lines: readonly string[], options: readonly string[] = [], runner = this.runner): Promise<void> {
    const file = join(tmpdir(), `${this.prefix}-${ns ?? 'root'}-${process.hrtime.bigint()}.ip`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    try {
      await must(runner, 'ip', [...options, ...(ns ? ['-n', ns] : []), '-batch', file]);
    } finally {
      rmSync(file, { force: true });
    }
  }

  async up(): Promise<void> {
    const namespaces = this.namespaces();
    for (const ns of namespaces) remember(ns);
    await this.batch(undefined, namespaces.map((ns) => `netns add ${ns}`));
    // Both ends of each veth are created inside lab namespaces: the root namespace never holds a leg.
    await this.batch(this.switchNs, [
      'link set lo up',
      'link add br0 type bridge',
      'link set br0 up',
      ...this.hosts.flatMap((host, i) => [`link add p${i} type veth peer name eth0 netns ${this.ns(host.role)}`, `link set p${i} master br0 up`]),
    ]);
    await Promise.all(
      this.hosts.map((host) =>
        this.batch(this.ns(host.role), [
          'link set lo up',
          ...host.addresses.map((address) => `addr add ${address}/32 dev eth0`),
          'link set eth0 up',
          // Every destination is on the one segment: the workspace's addresses need not share a subnet.
          'route add default dev eth0',
          // No dummy links in this kernel: a veth pair kept inside the namespace stands in for one.
          ...(host.subnet
            ? ['link add sub0 type veth peer name sub0p', `addr add ${host.subnet.address}/${host.subnet.cidr.split('/')[1]} dev sub0`, 'link set sub0p up', 'link set sub0 up']
            : []),
        ]),
      ),
    );
  }

  /** `runner`: another than the lab's own, when that one is what went wrong. */
  async down(runner = this.runner): Promise<void> {
    const namespaces = this.namespaces();
    // -force: go on past a namespace that is already gone.
    await this.batch(undefined, namespaces.map((ns) => `netns del ${ns}`), ['-force'], runner).catch(() => undefined);
    for (const ns of namespaces) liveNamespaces.delete(ns);
  }

  /**
   * `command args…` in the host's network namespace, as an argument list. nsenter joins the
   * network namespace only; `ip netns exec` would also make a mount namespace and mount /sys for
   * every command, which costs the loaded machine more than the command.
   */
  exec(role: string, command: string, args: readonly string[]): [string, string[]] {
    return ['nsenter', [`--net=/run/netns/${this.ns(role)}`, command, ...args]];
  }
}

/**
 * Namespaces a crashed earlier run left behind (by the naming pattern, with a PID that is no
 * longer alive), with the PIDs of the processes still inside them.
 */
export async function removeStaleNamespaces(): Promise<string[]> {
  let names: string[] = [];
  try {
    names = readdirSync('/run/netns');
  } catch {
    return [];
  }
  const stale = names.filter((name) => {
    if (!LAB_NAMESPACE.test(name)) return false;
    const pid = Number(/^fel(\d+)-/.exec(name)?.[1]);
    if (pid === process.pid) return false;
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  });
  for (const name of stale) {
    const pids = (await run('ip', ['netns', 'pids', name])).stdout.split(/\s+/).filter((p) => /^\d+$/.test(p));
    for (const pid of pids) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await run('ip', ['netns', 'del', name]);
  }
  return stale;
}

/**
 * The root namespace's network configuration, as text to compare before and after the lab:
 * links, addresses, routes of every table and policy rules, IPv4 and IPv6.
 */
export async function rootNetworkState(): Promise<string> {
  const views: string[][] = [
    ['-d', 'link', 'show'],
    ['addr', 'show'],
    ['-4', 'route', 'show', 'table', 'all'],
    ['-6', 'route', 'show', 'table', 'all'],
    ['-4', 'rule', 'show'],
    ['-6', 'rule', 'show'],
  ];
  const parts: string[] = [];
  for (const view of views) parts.push(`$ ip ${view.join(' ')}\n${await must(processRunner, 'ip', view)}`);
  // Address lifetimes count down between two reads; they are not configuration.
  return parts.join('\n').replace(/valid_lft \S+ preferred_lft \S+/g, 'valid_lft - preferred_lft -');
}

export interface LinkPeer {
  namespace: string;
  link: string;
  kind: string;
  /** For a veth: the namespace its peer lives in (undefined: the same namespace). */
  peerNamespace?: string;
}

/** The links of a lab namespace and, for each veth, the namespace of its peer. */
export async function linksOf(ns: string): Promise<LinkPeer[]> {
  const links = JSON.parse(await must(processRunner, 'ip', ['-n', ns, '-d', '-j', 'link', 'show'])) as { ifname: string; link_netnsid?: number; linkinfo?: { info_kind?: string } }[];
  const ids = JSON.parse((await must(processRunner, 'ip', ['-n', ns, '-j', 'netns', 'list-id'])) || '[]') as { nsid: number; name?: string }[];
  return links.map((l) => {
    const kind = l.linkinfo?.info_kind ?? (l.ifname === 'lo' ? 'loopback' : 'unknown');
    const peer = l.link_netnsid === undefined ? undefined : (ids.find((i) => i.nsid === l.link_netnsid)?.name ?? `nsid ${l.link_netnsid}`);
    return { namespace: ns, link: l.ifname, kind, ...(peer !== undefined ? { peerNamespace: peer } : {}) };
  });
}
