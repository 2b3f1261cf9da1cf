/**
 * strongSwan 5.9.8 (Debian) on the lab's hosts, configured like FabEdge's agent and connector:
 * - the edge is an initiator with `remote_addrs` = connectorPublicAddresses, no `local_addrs`,
 *   and `remote_port`/`local_port` only for a public port other than 500;
 * - the connector is a pure responder (`%any`), one connection per edge, told apart by the edge
 *   certificate's DN.
 * Userspace ESP (kernel-libipsec; this kernel has no ESP), so ESP always travels in UDP.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONNECTOR_CN, dn } from './pki';
import type { Daemons, Runner } from './exec';
import type { Topology } from './netns';

const CHARON = '/usr/lib/ipsec/charon';

/** Timers in seconds; absent means strongSwan's default (keep_alive 20 s, no DPD, rekey after hours). */
export interface Timers {
  keepAlive?: number;
  dpdDelay?: number;
  ikeRekey?: number;
  childRekey?: number;
}

/**
 * Failures are decided after retransmits at 0.75, 1.5 and 2.25 s (charon ignores ICMP). An
 * exchange takes milliseconds; the margin is for a machine where every process waits its turn.
 */
const RETRANSMIT = { tries: 2, timeout: 0.75, base: 1.0 };

export interface CharonNode {
  role: string;
  dir: string;
}

function strongswanConf(dir: string, timers: Timers): string {
  return `charon {
  # kernel-libipsec before kernel-netlink: the first plugin that registers the IPsec backend wins.
  # kdf: IKE key derivation lives in that plugin since 5.9.6.
  load = random nonce openssl pem pkcs1 pkcs8 x509 pubkey constraints aes sha1 sha2 hmac gcm xcbc kdf kernel-libipsec kernel-netlink socket-default vici
  port = 500
  port_nat_t = 4500
  retransmit_tries = ${RETRANSMIT.tries}
  retransmit_timeout = ${RETRANSMIT.timeout}
  retransmit_base = ${RETRANSMIT.base}
  half_open_timeout = 5
  install_virtual_ip = no
  keep_alive = ${timers.keepAlive ?? 20}s
  plugins {
    vici {
      socket = unix://${dir}/charon.vici
    }
  }
  filelog {
    lab {
      path = ${dir}/charon.log
      time_format = %s
      ike_name = yes
      append = no
      flush_line = yes
      default = 1
      ike = 2
      enc = 1
      net = 1
      cfg = 1
      knl = 1
      esp = 1
    }
  }
}
swanctl {
  load = random nonce openssl pem pkcs1 pkcs8 x509 pubkey
  socket = unix://${dir}/charon.vici
}
`;
}

function swanctlDir(dir: string, pki: string, cert: string): string {
  const s = join(dir, 'swanctl');
  for (const sub of ['x509', 'x509ca', 'private']) mkdirSync(join(s, sub), { recursive: true });
  copyFileSync(join(pki, 'ca.crt'), join(s, 'x509ca', 'ca.crt'));
  copyFileSync(join(pki, `${cert}.crt`), join(s, 'x509', `${cert}.crt`));
  copyFileSync(join(pki, `${cert}.key`), join(s, 'private', `${cert}.key`));
  return s;
}

export interface EdgeConfig {
  name: string;
  remoteAddrs: string[];
  /** The public port when it is not 500. */
  customPort?: number;
  localTs: string;
  remoteTs: string;
}

/** The agent's connection to the connector (FabEdge pkg/agent + pkg/tunnel/strongswan). */
export function edgeSwanctlConf(edge: EdgeConfig, timers: Timers): string {
  const ports = edge.customPort !== undefined ? `    remote_port = ${edge.customPort}\n    local_port = 4500\n` : '';
  const dpd = timers.dpdDelay !== undefined ? `    dpd_delay = ${timers.dpdDelay}s\n` : '';
  const ikeRekey = timers.ikeRekey !== undefined ? `    rekey_time = ${timers.ikeRekey}s\n` : '';
  const childRekey = timers.childRekey !== undefined ? `        rekey_time = ${timers.childRekey}s\n` : '';
  return `connections {
  cloud-connector {
    version = 2
    remote_addrs = ${edge.remoteAddrs.join(', ')}
${ports}${dpd}${ikeRekey}    local {
      auth = pubkey
      certs = ${edge.name}.crt
      id = "${dn(edge.name)}"
    }
    remote {
      auth = pubkey
      id = "${dn(CONNECTOR_CN)}"
    }
    children {
      cloud-connector-p2p {
        local_ts = ${edge.localTs}
        remote_ts = ${edge.remoteTs}
        start_action = none
${childRekey}      }
    }
  }
}
`;
}

/** The connector: a responder for any address, one connection per edge (FabEdge pkg/connector). */
export function connectorSwanctlConf(edges: readonly { name: string; ts: string }[], localTs: string): string {
  const conns = edges
    .map(
      (e) => `  ${e.name} {
    version = 2
    local {
      auth = pubkey
      certs = ${CONNECTOR_CN}.crt
      id = "${dn(CONNECTOR_CN)}"
    }
    remote {
      auth = pubkey
      id = "${dn(e.name)}"
    }
    children {
      ${e.name}-p2p {
        local_ts = ${localTs}
        remote_ts = ${e.ts}
      }
    }
  }
`,
    )
    .join('');
  return `connections {\n${conns}}\n`;
}

/** Writes a node's strongswan.conf and swanctl folder and starts its charon inside the node's namespace. */
export function startCharon(topology: Topology, daemons: Daemons, node: { role: string; dir: string; pki: string; cert: string; swanctl: string; timers: Timers }): CharonNode {
  mkdirSync(node.dir, { recursive: true });
  writeFileSync(join(node.dir, 'strongswan.conf'), strongswanConf(node.dir, node.timers));
  writeFileSync(join(swanctlDir(node.dir, node.pki, node.cert), 'swanctl.conf'), node.swanctl);
  // charon's pid file is fixed at /var/run/charon.pid: each charon gets its own /run.
  const [command, args] = topology.exec(node.role, 'unshare', ['-m', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs -o mode=0755,size=1m lab-run /run && exec "$0"', CHARON]);
  // SIGKILL: a charon told to stop first deletes its SAs with its peers, retransmitting for seconds.
  daemons.start(`charon-${node.role}`, command, args, { env: { ...process.env, STRONGSWAN_CONF: join(node.dir, 'strongswan.conf') }, logFile: join(node.dir, 'charon.stdout'), stopSignal: 'SIGKILL' });
  return { role: node.role, dir: node.dir };
}

export function swanctl(runner: Runner, node: CharonNode, args: readonly string[], timeoutMs = 20_000) {
  return runner.run('swanctl', args, { env: { ...process.env, STRONGSWAN_CONF: join(node.dir, 'strongswan.conf'), SWANCTL_DIR: join(node.dir, 'swanctl') }, timeoutMs });
}

/** Waits for charon's vici socket, which it creates once its plugins are loaded. */
export async function waitForCharon(node: CharonNode, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(join(node.dir, 'charon.vici'))) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}

export interface SaState {
  ikeEstablished: boolean;
  childInstalled: boolean;
  /** `address[port]` of the peer, as this side sees it. */
  remote?: string;
}

/** Reads `swanctl --list-sas` text: the first IKE SA's state, its CHILD SA's, and the peer endpoint. */
export function parseListSas(text: string): SaState {
  const ikeEstablished = /^\S.*: #\d+, ESTABLISHED, IKEv2/m.test(text);
  const childInstalled = /INSTALLED, TUNNEL-in-UDP/.test(text);
  const remote = /^\s+remote\s+'[^']*' @ (\S+)/m.exec(text)?.[1];
  return { ikeEstablished, childInstalled, ...(remote ? { remote } : {}) };
}

/** `swanctl --list-sas` text split into its IKE SAs, by connection name (the edge's, on the connector). */
export function parseListSasByName(text: string): Map<string, SaState> {
  const byName = new Map<string, SaState>();
  for (const block of text.split(/^(?=\S)/m)) {
    const name = /^([^:\s]+):/.exec(block)?.[1];
    if (name && !byName.has(name)) byName.set(name, parseListSas(block));
  }
  return byName;
}

export function charonLog(node: CharonNode): string {
  try {
    return readFileSync(join(node.dir, 'charon.log'), 'utf8');
  } catch {
    return '';
  }
}

export type Stage = 'ike-sa-init' | 'ike-auth' | 'traffic';

/** Where an initiator's negotiation stopped, from its log. */
export function initiatorStage(log: string): { stage: Exclude<Stage, 'traffic'>; detail: string } | undefined {
  const initAnswered = /parsed IKE_SA_INIT response 0 \[([^\]]*)\]/.exec(log);
  const retransmitted = [...log.matchAll(/retransmit \d+ of request with message ID (\d+)/g)].map((m) => Number(m[1]));
  const gaveUp = /giving up after \d+ retransmits/.test(log);
  if (!initAnswered) {
    return { stage: 'ike-sa-init', detail: gaveUp ? 'no answer to IKE_SA_INIT' : retransmitted.length > 0 ? 'IKE_SA_INIT retransmitted, no answer' : 'IKE_SA_INIT not answered' };
  }
  const notify = /N\((NO_PROP|INVAL_KE|INVAL_SYN|AUTH_FAILED)[^)]*\)/.exec(initAnswered[1]);
  if (notify) return { stage: 'ike-sa-init', detail: `IKE_SA_INIT answered with ${notify[1]}` };
  const authAnswered = /parsed IKE_AUTH response 1 \[([^\]]*)\]/.exec(log);
  if (!authAnswered) return { stage: 'ike-auth', detail: gaveUp || retransmitted.includes(1) ? 'IKE_SA_INIT answered, IKE_AUTH lost' : 'IKE_SA_INIT answered, no IKE_AUTH answer' };
  const authError = /N\((AUTH_FAILED|TS_UNACCEPT|NO_PROP|INVAL_SYN)[^)]*\)/.exec(authAnswered[1]);
  if (authError) return { stage: 'ike-auth', detail: `IKE_AUTH answered with ${authError[1]}` };
  return undefined;
}
