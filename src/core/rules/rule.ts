import type { Finding, Fix, RelatedLocation, Severity } from '../findings';
import { localize, type Locale, type LocalizedText } from '../l10n';
import { sameList } from '../lists';
import type { Range } from '../text';
import type { NginxConfigTree } from '../nginx/tree';
import type { ProxyEvidence } from '../nginx/stream';
import type { ValuesDocument } from '../values/model';
import type { WorkspaceModel } from '../cross/workspaceModel';

export interface RuleMeta {
  /** Stable id, used in settings, suppression comments, SARIF and the docs page name. */
  id: string;
  defaultSeverity: Severity;
  description: LocalizedText;
  /** Whether the rule offers quick fixes. */
  fixable: boolean;
  /**
   * Rules whose finding on the same range this rule's finding replaces: one problem gets one
   * finding, told from the most complete point of view (proxy-checks.md §4).
   */
  supersedes?: readonly string[];
}

export interface ReportInput {
  file: string;
  range: Range;
  message: LocalizedText;
  args?: Readonly<Record<string, string | number>>;
  /** Overrides the rule's default severity for this finding (a rule with two levels, for example). */
  severity?: Severity;
  related?: { file: string; range: Range; message: LocalizedText; args?: Readonly<Record<string, string | number>> }[];
  /** A plain syntax error of the language (see Finding.plainSyntax). */
  plainSyntax?: true;
  /** `edits` as a function: worked out on first use of the fix (edits that are costly to compute). */
  fixes?: { title: LocalizedText; args?: Readonly<Record<string, string | number>>; edits: Fix['edits'] | (() => Fix['edits']); safe: boolean; preferred?: boolean }[];
}

/** A fix whose edits are computed when first read, then kept. */
function withLazyEdits(fix: Omit<Fix, 'edits'>, compute: () => Fix['edits']): Fix {
  let edits: Fix['edits'] | undefined;
  return Object.defineProperty(fix, 'edits', { get: () => (edits ??= compute()), enumerable: true, configurable: true }) as Fix;
}

interface SubjectFindings {
  inputs: readonly unknown[];
  findings: Finding[];
}

/**
 * What a workspace rule found for each subject (a proxy, a values path) in its previous run, kept
 * by the workspace index between checks: an edit in one site leaves the other sites' subjects,
 * and so their findings, as they were. Subjects are held weakly: a replaced proxy's entry goes.
 */
export class RuleMemo {
  private readonly byRule = new Map<string, WeakMap<object, SubjectFindings>>();

  forRule(ruleId: string): WeakMap<object, SubjectFindings> {
    let memo = this.byRule.get(ruleId);
    if (!memo) {
      memo = new WeakMap();
      this.byRule.set(ruleId, memo);
    }
    return memo;
  }
}

/** What a rule's check sees besides its subject: the locale and a way to report. */
export class RuleContext {
  readonly findings: Finding[] = [];

  constructor(
    readonly meta: RuleMeta,
    readonly locale: Locale,
    private readonly memo?: WeakMap<object, SubjectFindings>,
  ) {}

  /**
   * Runs `check` for one subject of a workspace rule, or, when the previous run saw the same
   * subject object with the same `inputs` (compared with ===), reports what it reported then, as
   * the same finding objects. `inputs` must hold everything `check` reads besides the subject.
   */
  forSubject<T extends object>(subject: T, inputs: readonly unknown[], check: (subject: T) => void): void {
    const before = this.memo?.get(subject);
    if (before && sameList(before.inputs, inputs)) {
      for (const finding of before.findings) this.findings.push(finding);
      return;
    }
    const start = this.findings.length;
    check(subject);
    this.memo?.set(subject, { inputs, findings: this.findings.slice(start) });
  }

  text(message: LocalizedText, args?: Readonly<Record<string, string | number>>): string {
    return localize(message, this.locale, args);
  }

  /** Related locations localised once per input array: a rule may pass one list to thousands of findings. */
  private readonly localizedRelated = new WeakMap<NonNullable<ReportInput['related']>, RelatedLocation[]>();

  private relatedLocations(input: NonNullable<ReportInput['related']>): RelatedLocation[] {
    let related = this.localizedRelated.get(input);
    if (!related) {
      related = input.map((r) => ({ file: r.file, range: r.range, message: localize(r.message, this.locale, r.args) }));
      this.localizedRelated.set(input, related);
    }
    return related;
  }

  report(input: ReportInput): void {
    const related = input.related ? this.relatedLocations(input.related) : [];
    const fixes: Fix[] = (input.fixes ?? []).map((f) => {
      const title = localize(f.title, this.locale, f.args);
      const preferred = f.preferred ? { preferred: true } : {};
      if (typeof f.edits === 'function') return withLazyEdits({ title, safe: f.safe, ...preferred }, f.edits);
      return { title, edits: f.edits, safe: f.safe, ...preferred };
    });
    this.findings.push({
      rule: this.meta.id,
      severity: input.severity ?? this.meta.defaultSeverity,
      message: localize(input.message, this.locale, input.args),
      file: input.file,
      range: input.range,
      related,
      fixes,
      ...(input.plainSyntax ? { plainSyntax: true } : {}),
    });
  }
}

/** A rule that looks at one FabEdge values file. */
export interface ValuesRule {
  meta: RuleMeta;
  scope: 'values';
  check(doc: ValuesDocument, ctx: RuleContext): void;
}

/**
 * A rule that looks at one nginx configuration tree (a root file and everything it includes),
 * with what the workspace ties to FabEdge in it (the values files and settings decide that).
 */
export interface NginxRule {
  meta: RuleMeta;
  scope: 'nginx';
  check(tree: NginxConfigTree, ctx: RuleContext, evidence: ProxyEvidence): void;
}

/** A rule that compares files: values files against the nginx proxies in the same workspace. */
export interface WorkspaceRule {
  meta: RuleMeta;
  scope: 'workspace';
  check(workspace: WorkspaceModel, ctx: RuleContext): void;
}

export type Rule = ValuesRule | NginxRule | WorkspaceRule;
