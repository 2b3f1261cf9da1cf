/**
 * What a probe run means, in English and Chinese: for the CLI's text and JSON and for the editor's
 * CodeLens. Every port the edges use must answer; for one that does not, the likely causes.
 */
import { localize, type Locale, type LocalizedText } from '../l10n';
import { firstPublicAddress, publicPort } from '../values/connector';
import type { ValuesDocument } from '../values/model';
import { pathProven, probeTargets, type ProbeResult, type ProbeTarget } from './probe';
import { toHex } from './ikev2';

/** Where the probe sends, and why there. */
export interface ProbePlan {
  host: string;
  publicPort: number;
  targets: ProbeTarget[];
  /** The values file and key the address came from; absent for HOST[:PORT]. */
  source?: { file: string; key: string };
}

const PLAN_PROBLEMS = {
  noAddress: { en: '{file} names no connectorPublicAddresses entry: the edges have nothing to dial.', 'zh-cn': '{file} 没有 connectorPublicAddresses 条目：边缘节点无处拨号。' },
  placeholder: { en: 'The first connectorPublicAddresses entry of {file} is a placeholder ({address}): fill it in first.', 'zh-cn': '{file} 中 connectorPublicAddresses 的第一项是占位符（{address}）：请先填写。' },
  badPort: { en: 'cluster.connectorPublicPort in {file} is no port from 1 to 65535.', 'zh-cn': '{file} 中的 cluster.connectorPublicPort 不是 1 到 65535 之间的端口。' },
} satisfies Record<string, LocalizedText>;

/** The probe plan for a values file: its first public address on the port its chart makes the edges dial. */
export function planFromValues(doc: ValuesDocument, fileLabel: string, locale: Locale): ProbePlan | { problem: string } {
  const entry = firstPublicAddress(doc);
  const field = doc.values.publicAddresses;
  const address = entry?.text.trim() ?? '';
  if (!entry || address === '') return { problem: localize(PLAN_PROBLEMS.noAddress, locale, { file: fileLabel }) };
  if (entry.placeholder) return { problem: localize(PLAN_PROBLEMS.placeholder, locale, { file: fileLabel, address }) };
  const port = publicPort(doc).port;
  if (port === undefined) return { problem: localize(PLAN_PROBLEMS.badPort, locale, { file: fileLabel }) };
  return { host: address, publicPort: port, targets: probeTargets(address, port), source: { file: fileLabel, key: `${field.path.join('.')}[0]` } };
}

export function planFromHost(host: string, port: number): ProbePlan {
  return { host, publicPort: port, targets: probeTargets(host, port) };
}

const TEXT = {
  heading: { en: 'Probing {host}, public port {port}{source}:', 'zh-cn': '正在探测 {host}，公网端口 {port}{source}：' },
  source: { en: ' ({key} in {file})', 'zh-cn': '（{file} 中的 {key}）' },
  plain: { en: 'IKE_SA_INIT', 'zh-cn': 'IKE_SA_INIT' },
  marked: { en: 'IKE_SA_INIT + non-ESP marker', 'zh-cn': 'IKE_SA_INIT + non-ESP 标记' },
  answered: { en: 'answered in {ms} ms ({detail})', 'zh-cn': '{ms} 毫秒内应答（{detail}）' },
  accepted: { en: 'IKE_SA_INIT response, proposal accepted', 'zh-cn': 'IKE_SA_INIT 响应，提议被接受' },
  rejected: { en: 'IKE_SA_INIT response: {errors}', 'zh-cn': 'IKE_SA_INIT 响应：{errors}' },
  other: { en: 'IKE_SA_INIT response', 'zh-cn': 'IKE_SA_INIT 响应' },
  retried: { en: ', after {n} transmissions', 'zh-cn': '，共发送 {n} 次' },
  silent: { en: 'no answer after {n} transmissions ({seconds} s)', 'zh-cn': '发送 {n} 次后仍无应答（{seconds} 秒）' },
  refused: { en: 'refused: ICMP port unreachable', 'zh-cn': '被拒绝：ICMP 端口不可达' },
  unreachable: { en: 'unreachable: {error}', 'zh-cn': '不可达：{error}' },
  notIke: { en: 'answered, but not with IKE', 'zh-cn': '有应答，但不是 IKE' },
  unresolved: { en: 'cannot resolve {host}: {error}', 'zh-cn': '无法解析 {host}：{error}' },
  failed: { en: 'cannot send: {error}', 'zh-cn': '无法发送：{error}' },
  causes: { en: 'Likely causes: {causes}', 'zh-cn': '可能的原因：{causes}' },
  ok: { en: 'Every port the edges use answers with IKE: the path reaches an IKE responder.', 'zh-cn': '边缘节点使用的每个端口都有 IKE 应答：路径可以到达 IKE 响应方。' },
  notOk: { en: 'Not every port the edges use answers: the tunnels cannot come up through this path.', 'zh-cn': '边缘节点使用的端口并非都有应答：隧道无法经由此路径建立。' },
} satisfies Record<string, LocalizedText>;

const CAUSE = {
  notProxied: { en: 'UDP {port} is not proxied at {host}', 'zh-cn': '{host} 上没有代理 UDP {port}' },
  tcpOnly: { en: 'nginx listens on {port} without the udp parameter (TCP only)', 'zh-cn': 'nginx 监听 {port} 时缺少 udp 参数（仅 TCP）' },
  crossedToNatT: { en: 'nginx forwards {port} to the connector\'s 4500 instead of 500 (crossed ports)', 'zh-cn': 'nginx 把 {port} 转发到了 connector 的 4500 而不是 500（端口交叉）' },
  crossedToIke: { en: 'nginx forwards {port} to the connector\'s 500 instead of 4500 (crossed ports)', 'zh-cn': 'nginx 把 {port} 转发到了 connector 的 500 而不是 4500（端口交叉）' },
  noConnector: { en: 'nginx forwards to an address where no connector answers', 'zh-cn': 'nginx 转发到的地址上没有 connector 应答' },
  firewall: { en: 'a firewall or security group drops UDP {port}', 'zh-cn': '防火墙或安全组丢弃了 UDP {port}' },
  wrongAddress: { en: '{host} is not the proxy\'s address, or the network in between does not route to it', 'zh-cn': '{host} 不是代理的地址，或中间网络无法路由到它' },
  otherService: { en: 'UDP {port} at {host} reaches a service that is not the connector\'s strongSwan', 'zh-cn': '{host} 上的 UDP {port} 到达的不是 connector 的 strongSwan' },
} satisfies Record<string, LocalizedText>;

/** The likely causes of a port that did not answer; empty when it did. */
export function likelyCauses(result: ProbeResult, locale: Locale): string[] {
  const args = { port: result.target.port, host: result.target.host };
  const say = (t: LocalizedText) => localize(t, locale, args);
  switch (result.outcome) {
    case 'answered':
    case 'unresolved':
    case 'failed':
      return [];
    case 'refused':
      return [say(CAUSE.notProxied), say(CAUSE.tcpOnly)];
    case 'unreachable':
      return [say(CAUSE.wrongAddress), say(CAUSE.firewall)];
    case 'not-ike':
      return [say(CAUSE.otherService)];
    case 'silent':
      return [
        say(CAUSE.notProxied),
        say(CAUSE.tcpOnly),
        say(result.target.marker ? CAUSE.crossedToIke : CAUSE.crossedToNatT),
        say(CAUSE.noConnector),
        say(CAUSE.firewall),
      ];
  }
}

function formatMs(ms: number): string {
  return ms < 10 ? ms.toFixed(1) : String(Math.round(ms));
}

/** One line for one port: what came back. */
export function describeResult(result: ProbeResult, locale: Locale, options: { timeoutMs: number }): string {
  switch (result.outcome) {
    case 'answered': {
      const reply = result.reply;
      const detail = reply?.accepted
        ? localize(TEXT.accepted, locale)
        : reply && reply.errors.length > 0
          ? localize(TEXT.rejected, locale, { errors: reply.errors.join(', ') })
          : localize(TEXT.other, locale);
      const retried = (result.answeredAttempt ?? 1) > 1 ? localize(TEXT.retried, locale, { n: result.answeredAttempt ?? 1 }) : '';
      return localize(TEXT.answered, locale, { ms: formatMs(result.rttMs ?? 0), detail: detail + retried });
    }
    case 'silent':
      return localize(TEXT.silent, locale, { n: result.sent, seconds: ((result.sent * options.timeoutMs) / 1000).toFixed(1) });
    case 'refused':
      return localize(TEXT.refused, locale);
    case 'unreachable':
      return localize(TEXT.unreachable, locale, { error: result.error ?? '' });
    case 'not-ike':
      return localize(TEXT.notIke, locale);
    case 'unresolved':
      return localize(TEXT.unresolved, locale, { host: result.target.host, error: result.error ?? '' });
    case 'failed':
      return localize(TEXT.failed, locale, { error: result.error ?? '' });
  }
}

/** `fabedge-lint probe` text output. */
export function probeText(plan: ProbePlan, results: readonly ProbeResult[], locale: Locale, options: { timeoutMs: number }): string {
  const source = plan.source ? localize(TEXT.source, locale, plan.source) : '';
  const lines = [localize(TEXT.heading, locale, { host: plan.host, port: plan.publicPort, source })];
  const labels = results.map((r) => `UDP ${hostPort(r.target.host, r.target.port)}`);
  const width = Math.max(...labels.map((l) => l.length));
  results.forEach((result, i) => {
    const kind = localize(result.target.marker ? TEXT.marked : TEXT.plain, locale);
    lines.push(`  ${labels[i].padEnd(width)}  ${kind}: ${describeResult(result, locale, options)}`);
    const causes = likelyCauses(result, locale);
    if (causes.length > 0) lines.push(`      ${localize(TEXT.causes, locale, { causes: causes.join(locale === 'zh-cn' ? '；' : '; ') })}`);
  });
  lines.push(localize(pathProven(results) ? TEXT.ok : TEXT.notOk, locale));
  return `${lines.join('\n')}\n`;
}

/** One short line for the editor: each port and whether it answered. */
export function probeSummary(results: readonly ProbeResult[], locale: Locale): string {
  const parts = results.map((r) => {
    const port = `UDP ${r.target.port}`;
    if (r.outcome === 'answered') return locale === 'zh-cn' ? `${port} ${formatMs(r.rttMs ?? 0)} 毫秒应答` : `${port} answered in ${formatMs(r.rttMs ?? 0)} ms`;
    const what: Record<Exclude<typeof r.outcome, 'answered'>, LocalizedText> = {
      silent: { en: 'no answer', 'zh-cn': '无应答' },
      refused: { en: 'refused', 'zh-cn': '被拒绝' },
      unreachable: { en: 'unreachable', 'zh-cn': '不可达' },
      'not-ike': { en: 'not IKE', 'zh-cn': '不是 IKE' },
      unresolved: { en: 'unresolved', 'zh-cn': '无法解析' },
      failed: { en: 'not sent', 'zh-cn': '未发送' },
    };
    return `${port} ${localize(what[r.outcome], locale)}`;
  });
  return parts.join(', ');
}

function hostPort(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

export interface ProbeJson {
  version: 1;
  host: string;
  publicPort: number;
  source?: { file: string; key: string };
  ok: boolean;
  probes: {
    host: string;
    address?: string;
    port: number;
    marker: boolean;
    outcome: ProbeResult['outcome'];
    sent: number;
    rttMs?: number;
    answeredAttempt?: number;
    reply?: ProbeResult['reply'] & { hex: string };
    error?: string;
    message: string;
    causes: string[];
  }[];
}

export function probeJson(plan: ProbePlan, results: readonly ProbeResult[], locale: Locale, options: { timeoutMs: number }): ProbeJson {
  return {
    version: 1,
    host: plan.host,
    publicPort: plan.publicPort,
    ...(plan.source ? { source: plan.source } : {}),
    ok: pathProven(results),
    probes: results.map((r) => ({
      host: r.target.host,
      ...(r.address !== undefined ? { address: r.address } : {}),
      port: r.target.port,
      marker: r.target.marker,
      outcome: r.outcome,
      sent: r.sent,
      ...(r.rttMs !== undefined ? { rttMs: Math.round(r.rttMs * 10) / 10 } : {}),
      ...(r.answeredAttempt !== undefined ? { answeredAttempt: r.answeredAttempt } : {}),
      ...(r.reply && r.replyBytes ? { reply: { ...r.reply, hex: toHex(r.replyBytes) } } : {}),
      ...(r.error !== undefined ? { error: r.error } : {}),
      message: describeResult(r, locale, options),
      causes: likelyCauses(r, locale),
    })),
  };
}
