/**
 * Traffic through a tunnel: ICMP echo from one subnet address to another. A reply needs packets
 * both ways, so `edge → connector` and `connector → edge` each prove both directions, and the
 * second one starts on the connector's side, where a proxy that lost its session drops packets.
 */
import type { Runner } from './exec';
import type { Topology } from './netns';

export interface Ping {
  sent: number;
  received: number;
}

/** `count` echo requests from `from` (an address of `role`) to `to`, `interval` seconds apart, the last waited for up to 2 s. */
export async function ping(runner: Runner, topology: Topology, role: string, from: string, to: string, count = 2, interval = 0.2): Promise<Ping> {
  const [command, args] = topology.exec(role, 'ping', ['-n', '-q', '-c', String(count), '-i', String(interval), '-W', '2', '-I', from, to]);
  // ping ends on its own: -c requests, each waited for at most -W.
  const result = await runner.run(command, args);
  const m = /(\d+) packets transmitted, (\d+) received/.exec(result.stdout);
  return m ? { sent: Number(m[1]), received: Number(m[2]) } : { sent: count, received: 0 };
}

/** `ok` when every request was answered, else `received/sent replies`. */
export function describePing(p: Ping): string {
  return p.received === p.sent ? 'ok' : `${p.received}/${p.sent} replies`;
}

/** Traffic flows when some request was answered: a loaded machine may lose one, a broken path loses all. */
export function flows(described: string): boolean {
  return !described.startsWith('0/');
}
