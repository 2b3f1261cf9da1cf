/**
 * What a values file says about the connector and how edges reach it: the address they dial, the
 * public port, the connector nodes and the keepalived VIP, as the chart renders them.
 */
import { chartAtLeast } from './layout';
import { isTrue, toInt } from './helm';
import type { ScalarField, ValueEntry, ValuesDocument } from './model';
import type { Range } from '../text';

/**
 * The address the edges dial: the first connectorPublicAddresses entry. strongSwan initiates to
 * the first of a connection's remote addresses, so the others carry no traffic.
 */
export function firstPublicAddress(doc: ValuesDocument): ValueEntry | undefined {
  return doc.values.publicAddresses.entries[0];
}

export interface PublicPort {
  /** The port the edges dial; undefined when the file's value is no valid port. */
  port: number | undefined;
  /** Whether the file sets it (and the chart reads it: L4 ≥ 0.8.0). */
  explicit: boolean;
  range?: Range;
}

/** `cluster.connectorPublicPort` where the chart reads it (L4 ≥ 0.8.0), else IKE's 500. */
export function publicPort(doc: ValuesDocument): PublicPort {
  const field = doc.values.publicPort;
  if (!field?.explicit || !chartAtLeast(doc.layout, '0.8.0')) return { port: 500, explicit: false };
  const port = toInt(field.value);
  return { port: port !== undefined && port >= 1 && port <= 65535 ? port : undefined, explicit: true, range: field.valueRange ?? field.keyRange };
}

export function connectorNodeAddresses(doc: ValuesDocument): ValueEntry[] {
  return doc.values.connectorNodeAddresses?.entries ?? [];
}

export interface KeepalivedVip {
  /** The VIP without its `/prefix`. */
  address: string;
  entry: ScalarField;
}

/** The keepalived VIP when the 1.0.0 chart renders keepalived: `create` and more than one connector. */
export function keepalivedVip(doc: ValuesDocument): KeepalivedVip | undefined {
  const k = doc.values.keepalived;
  if (!k || !chartAtLeast(doc.layout, '1.0.0')) return undefined;
  const replicas = toInt(doc.values.connectorReplicas.value) ?? 1;
  if (!isTrue(k.create.value) || replicas <= 1 || k.vip.text === '') return undefined;
  return { address: vipAddress(k.vip.text), entry: k.vip };
}

/**
 * A keepalived VIP as the chart pastes it into `virtual_ipaddress`: `IP[/prefix]` (keepalived
 * takes a bare IP as a /32), then options such as `dev eth0`.
 */
const KEEPALIVED_VIP = /^([^\s/]+(?:\/\d{1,3})?)((?:\s+(?:(?:brd|dev|scope|label)\s+\S+|no_track))*)$/;

/** The address and prefix of a VIP written as keepalived reads it; undefined for anything else. */
export function vipHead(vip: string): string | undefined {
  return KEEPALIVED_VIP.exec(vip.trim())?.[1];
}

/** The address of a VIP without its `/prefix` and options; a VIP keepalived cannot read stays whole. */
function vipAddress(vip: string): string {
  return (vipHead(vip) ?? vip).split('/')[0].trim();
}
