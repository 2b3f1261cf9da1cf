import * as fs from 'node:fs';
import * as path from 'node:path';
import { isIP } from 'node:net';
import { localeFromEnvironment } from '../core/l10n';
import { pathProven, probeAll, IKE_PORT } from '../core/probe/probe';
import { planFromHost, planFromValues, probeJson, probeText, type ProbePlan } from '../core/probe/report';
import { hasValuesSignature, siblingChart } from '../core/values/detect';
import { parseValuesDocument } from '../core/values/model';
import { NodeFileSystem } from '../core/workspace/nodeFileSystem';
import { UsageError, type ProbeArguments } from './args';

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/;

function parsePort(text: string, target: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) throw new UsageError(`"${target}": the port must be a number from 1 to 65535`);
  return Number(text);
}

/** HOST, HOST:PORT, [IPv6]:PORT or a bare IPv6 address; the port defaults to IKE's 500. */
export function parseHostTarget(target: string): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(target);
  if (bracketed) {
    if (isIP(bracketed[1]) !== 6) throw new UsageError(`"${target}" is no IPv6 address in brackets`);
    return { host: bracketed[1], port: bracketed[2] === undefined ? IKE_PORT : parsePort(bracketed[2], target) };
  }
  if (isIP(target) === 6) return { host: target, port: IKE_PORT };
  const colon = target.lastIndexOf(':');
  const host = colon === -1 ? target : target.slice(0, colon);
  const port = colon === -1 ? IKE_PORT : parsePort(target.slice(colon + 1), target);
  if (isIP(host) !== 4 && !HOST_NAME.test(host)) throw new UsageError(`"${target}" is neither a values file nor HOST[:PORT]`);
  return { host, port };
}

function planFor(args: ProbeArguments, locale: ReturnType<typeof localeFromEnvironment>): ProbePlan | { problem: string } {
  const file = path.resolve(args.target);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat?.isFile()) {
    const text = fs.readFileSync(file, 'utf8');
    if (!hasValuesSignature(text)) throw new UsageError(`${args.target} is not a FabEdge values file`);
    const fileSystem = new NodeFileSystem();
    const posix = file.split(path.sep).join('/');
    const chartVersion = siblingChart(fileSystem, posix)?.version;
    const doc = parseValuesDocument(posix, text, chartVersion ? { chartVersion } : {});
    return planFromValues(doc, args.target, locale);
  }
  if (stat) throw new UsageError(`${args.target} is a folder: give a values file or HOST[:PORT]`);
  if (/\.ya?ml$/i.test(args.target)) throw new UsageError(`no such file: ${args.target}`);
  const { host, port } = parseHostTarget(args.target);
  return planFromHost(host, port);
}

/** `fabedge-lint probe`: 0 when every port the edges use answers with IKE, 1 when one does not. */
export async function runProbeCommand(args: ProbeArguments): Promise<number> {
  const locale = args.locale ?? localeFromEnvironment(process.env);
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
