import * as fs from 'node:fs';
import * as path from 'node:path';
import { isIP } from 'node:net';
import type { Locale, LocalizedText } from '../core/l10n';
import { pathProven, probeAll, IKE_PORT } from '../core/probe/probe';
import { planFromHost, planFromValues, probeJson, probeText, type ProbePlan } from '../core/probe/report';
import { hasValuesSignature, siblingChart } from '../core/values/detect';
import { parseValuesDocument } from '../core/values/parse';
import { NodeFileSystem } from '../core/io/nodeFileSystem';
import { UsageError, type ProbeArguments } from './args';

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/;

const MESSAGES = {
  port: { en: '"{target}": the port must be a number from 1 to 65535', 'zh-cn': '"{target}"：端口必须是 1 到 65535 之间的数字' },
  notIPv6: { en: '"{target}" is no IPv6 address in brackets', 'zh-cn': '"{target}" 不是方括号中的 IPv6 地址' },
  notTarget: { en: '"{target}" is neither a values file nor HOST[:PORT]', 'zh-cn': '"{target}" 既不是 values 文件，也不是 主机[:端口]' },
  notValues: { en: '{target} is not a FabEdge values file', 'zh-cn': '{target} 不是 FabEdge values 文件' },
  folder: { en: '{target} is a folder: give a values file or HOST[:PORT]', 'zh-cn': '{target} 是文件夹：请给出 values 文件或 主机[:端口]' },
  noFile: { en: 'no such file: {target}', 'zh-cn': '没有这个文件：{target}' },
} satisfies Record<string, LocalizedText>;

function parsePort(text: string, target: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) throw new UsageError(MESSAGES.port, { target });
  return Number(text);
}

/** HOST, HOST:PORT, [IPv6]:PORT or a bare IPv6 address; the port defaults to IKE's 500. */
export function parseHostTarget(target: string): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(target);
  if (bracketed) {
    if (isIP(bracketed[1]) !== 6) throw new UsageError(MESSAGES.notIPv6, { target });
    return { host: bracketed[1], port: bracketed[2] === undefined ? IKE_PORT : parsePort(bracketed[2], target) };
  }
  if (isIP(target) === 6) return { host: target, port: IKE_PORT };
  const colon = target.lastIndexOf(':');
  const host = colon === -1 ? target : target.slice(0, colon);
  const port = colon === -1 ? IKE_PORT : parsePort(target.slice(colon + 1), target);
  if (isIP(host) !== 4 && !HOST_NAME.test(host)) throw new UsageError(MESSAGES.notTarget, { target });
  return { host, port };
}

function planFor(args: ProbeArguments, locale: Locale): ProbePlan | { problem: string } {
  const file = path.resolve(args.target);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat?.isFile()) {
    const text = fs.readFileSync(file, 'utf8');
    if (!hasValuesSignature(text)) throw new UsageError(MESSAGES.notValues, { target: args.target }, locale);
    const fileSystem = new NodeFileSystem();
    const posix = file.split(path.sep).join('/');
    const chartVersion = siblingChart(fileSystem, posix)?.version;
    const doc = parseValuesDocument(posix, text, chartVersion ? { chartVersion } : {});
    return planFromValues(doc, args.target, locale);
  }
  if (stat) throw new UsageError(MESSAGES.folder, { target: args.target }, locale);
  if (/\.ya?ml$/i.test(args.target)) throw new UsageError(MESSAGES.noFile, { target: args.target }, locale);
  const { host, port } = parseHostTarget(args.target);
  return planFromHost(host, port);
}

/** `fabedge-lint probe`: 0 when every port the edges use answers with IKE, 1 when one does not. */
export async function runProbeCommand(args: ProbeArguments, locale: Locale): Promise<number> {
  const plan = planFor(args, locale);
  if ('problem' in plan) {
    if (args.format === 'json') process.stdout.write(`${JSON.stringify({ version: 1, ok: false, problem: plan.problem }, null, 2)}\n`);
    else process.stderr.write(`fabedge-lint: ${plan.problem}\n`);
    return 1;
  }
  const options = { timeoutMs: args.timeoutMs, attempts: args.attempts };
  const results = await probeAll(plan.targets, options);
  if (args.format === 'json') process.stdout.write(`${JSON.stringify(probeJson(plan, results, locale, options), null, 2)}\n`);
  else process.stdout.write(probeText(plan, results, locale, options));
  return pathProven(results) ? 0 : 1;
}
