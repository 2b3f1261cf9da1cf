import type { CodeLens } from 'vscode-languageserver';
import { localize, type Locale } from '../../core/l10n';
import { basename } from '../../core/paths';
import { DEFAULT_PROBE_OPTIONS, pathProven, probeAll, type ProbeOptions } from '../../core/probe/probe';
import { planFromValues, probeSummary, probeText, type ProbePlan } from '../../core/probe/report';
import type { Range } from '../../core/text';
import type { WorkspaceModel } from '../../core/cross/workspaceModel';
import { PROBE_COMMAND, type ProbeAnswer } from '../../shared/protocol';
import type { UriMapper } from '../lsp/uris';

/**
 * The probe in the editor: a CodeLens beside the path above `connectorPublicAddresses` that sends
 * the IKE_SA_INIT probe when clicked, and then shows what came back, in the same place. Only in a
 * trusted workspace, and packets leave only on a click (the `fabedge/probe` request).
 */

const TEXT = {
  idle: { en: 'Probe: IKE_SA_INIT to {address} UDP {ports}', 'zh-cn': '探测：向 {address} UDP {ports} 发送 IKE_SA_INIT' },
  running: { en: 'Probing {address} UDP {ports}…', 'zh-cn': '正在探测 {address} UDP {ports}…' },
  answered: { en: '✓ {summary} · probe again', 'zh-cn': '✓ {summary} · 再次探测' },
  unanswered: { en: '✗ {summary} · probe again', 'zh-cn': '✗ {summary} · 再次探测' },
};

interface Outcome {
  /** The plan the result belongs to: a result for another address or port is not shown. */
  key: string;
  ok: boolean;
  summary: string;
}

function planKey(plan: ProbePlan): string {
  return `${plan.host}|${plan.publicPort}`;
}

export class ProbeFeature {
  private readonly outcomes = new Map<string, Outcome>();
  private readonly running = new Map<string, string>();

  constructor(
    private readonly uris: UriMapper,
    private readonly model: () => WorkspaceModel | undefined,
    private readonly locale: () => Locale,
    private readonly trusted: () => boolean,
    /** Asks the client to fetch the CodeLenses again (when it can). */
    private readonly refresh: () => void,
    private readonly options: ProbeOptions = DEFAULT_PROBE_OPTIONS,
  ) {}

  private plan(file: string): ProbePlan | { problem: string } | undefined {
    const doc = this.model()?.values.find((d) => d.file === file);
    return doc ? planFromValues(doc, basename(file), this.locale()) : undefined;
  }

  /** The probe's CodeLens for a values file: none in an untrusted workspace or without an address to probe. */
  codeLenses(file: string, range: Range | undefined): CodeLens[] {
    if (!this.trusted() || !range) return [];
    const plan = this.plan(file);
    if (!plan || 'problem' in plan) return [];
    const key = planKey(plan);
    const args = { address: plan.host, ports: plan.targets.map((t) => t.port).join(', ') };
    const outcome = this.outcomes.get(file);
    let title: string;
    if (this.running.get(file) === key) title = localize(TEXT.running, this.locale(), args);
    else if (outcome?.key === key) title = localize(outcome.ok ? TEXT.answered : TEXT.unanswered, this.locale(), { summary: outcome.summary });
    else title = localize(TEXT.idle, this.locale(), args);
    return [{ range, command: { title, command: PROBE_COMMAND, arguments: [this.uris.toUri(file)] } }];
  }

  /** Probes the dial address of a values file; null when the workspace is untrusted or the file is no values file. */
  async probe(file: string): Promise<ProbeAnswer | null> {
    if (!this.trusted()) return null;
    const plan = this.plan(file);
    if (!plan) return null;
    if ('problem' in plan) return { problem: plan.problem };
    const key = planKey(plan);
    this.running.set(file, key);
    this.refresh();
    try {
      const results = await probeAll(plan.targets, this.options);
      const outcome = { key, ok: pathProven(results), summary: probeSummary(results, this.locale()) };
      this.outcomes.set(file, outcome);
      return { ok: outcome.ok, summary: outcome.summary, text: probeText(plan, results, this.locale(), this.options) };
    } finally {
      this.running.delete(file);
      this.refresh();
    }
  }
}
