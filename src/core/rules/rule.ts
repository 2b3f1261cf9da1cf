import type { Finding, Fix, RelatedLocation, Severity } from '../findings';
import { localize, type Locale, type LocalizedText } from '../l10n';
import { sameList } from '../lists';
import type { Range } from '../text';
import type { NginxConfigTree } from '../nginx/tree';
import type { ProxyEvidence } from '../nginx/stream';
import type { ValuesDocument } from '../values/model';
import type { WorkspaceModel } from '../cross/workspaceModel';

/** The values of a message's `{name}` placeholders. */
export type MessageArgs = Readonly<Record<string, string | number>>;

/**
 * Every user-facing text of a rule, by id: its findings' messages, its fix titles, the notes on
 * related locations and the pieces a message is put together from. Reports name a text by id, so
 * the rule pages can list them all and a typo in an id does not compile (see `defineRule`).
 */
export type RuleMessages<Id extends string = string> = Readonly<Record<Id, LocalizedText>>;

/** What settings, SARIF and the docs know of every rule a finding can name, the engine's own included. */
export interface RuleInfo {
  /** Stable id, used in settings, suppression comments, SARIF and the docs page name. */
  id: string;
  defaultSeverity: Severity;
  description: LocalizedText;
  /** Whether the rule offers quick fixes. */
  fixable: boolean;
  /**
   * Rules whose finding on the same range this rule's finding replaces: one problem gets one
   * finding, told from the point of view that explains the most.
   */
  supersedes?: readonly string[];
}

export interface RuleMeta<Id extends string = string> extends RuleInfo {
  messages: RuleMessages<Id>;
}

/** A place that helps explain a finding, with a note from the rule's messages. */
export interface RelatedInput<Id extends string = string> {
  file: string;
  range: Range;
  messageId: Id;
  args?: MessageArgs;
}

export interface FixInput<Id extends string = string> {
  /** The fix's title, from the rule's messages. */
  messageId: Id;
  args?: MessageArgs;
  /** A function: worked out on first use of the fix (edits that are costly to compute). */
  edits: Fix['edits'] | (() => Fix['edits']);
  safe: boolean;
  preferred?: boolean;
}

export interface ReportInput<Id extends string = string> {
  file: string;
  range: Range;
  messageId: Id;
  args?: MessageArgs;
  /** Overrides the rule's default severity for this finding (a rule with two levels, for example). */
  severity?: Severity;
  related?: readonly RelatedInput<Id>[];
  /** A plain syntax error of the language (see Finding.plainSyntax). */
  plainSyntax?: true;
  fixes?: readonly FixInput<Id>[];
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
  private readonly byRule = new Map<string, RuleRunMemo>();

  forRule(ruleId: string): RuleRunMemo {
    let memo = this.byRule.get(ruleId);
    if (!memo) {
      memo = new RuleRunMemo();
      this.byRule.set(ruleId, memo);
    }
    return memo;
  }
}

/** One rule's part of a RuleMemo. */
class RuleRunMemo {
  readonly subjects = new WeakMap<object, SubjectFindings>();
  private lastText: string | undefined;

  /**
   * `text`, as the same string object the previous run had when it is equal: comparing two equal
   * strings that are different objects reads them through, once per subject that takes them.
   */
  sameText(text: string): string {
    if (text === this.lastText) return this.lastText;
    this.lastText = text;
    return text;
  }
}

/** What a rule's check sees besides its subject: the locale and a way to report. */
export class RuleContext<Id extends string = string> {
  readonly findings: Finding[] = [];

  constructor(
    readonly meta: RuleMeta<Id>,
    readonly locale: Locale,
    private readonly memo?: RuleRunMemo,
  ) {}

  /**
   * Runs `check` for one subject of a workspace rule, or, when the previous run saw the same
   * subject object with the same `inputs` (compared with ===), reports what it reported then, as
   * the same finding objects. `inputs` must hold everything `check` reads besides the subject.
   */
  forSubject<T extends object>(subject: T, inputs: readonly unknown[], check: (subject: T) => void): void {
    const before = this.memo?.subjects.get(subject);
    if (before && sameList(before.inputs, inputs)) {
      for (const finding of before.findings) this.findings.push(finding);
      return;
    }
    const start = this.findings.length;
    check(subject);
    this.memo?.subjects.set(subject, { inputs, findings: this.findings.slice(start) });
  }

  /** A long input of forSubject shared by every subject, kept the same object across runs while it is equal (RuleRunMemo.sameText). */
  sharedInput(text: string): string {
    return this.memo ? this.memo.sameText(text) : text;
  }

  /** One of the rule's messages in the context's language: a piece of a larger message, say. */
  text(messageId: Id, args?: MessageArgs): string {
    return localize(this.meta.messages[messageId], this.locale, args);
  }

  /** Related locations localised once per input array: a rule may pass one list to thousands of findings. */
  private readonly localizedRelated = new WeakMap<readonly RelatedInput<Id>[], RelatedLocation[]>();

  private relatedLocations(input: readonly RelatedInput<Id>[]): RelatedLocation[] {
    let related = this.localizedRelated.get(input);
    if (!related) {
      related = input.map((r) => ({ file: r.file, range: r.range, message: this.text(r.messageId, r.args) }));
      this.localizedRelated.set(input, related);
    }
    return related;
  }

  report(input: ReportInput<Id>): void {
    const related = input.related ? this.relatedLocations(input.related) : [];
    const fixes: Fix[] = (input.fixes ?? []).map((f) => {
      const described = { messageId: f.messageId, title: this.text(f.messageId, f.args), safe: f.safe, ...(f.preferred ? { preferred: true } : {}) };
      if (typeof f.edits === 'function') return withLazyEdits(described, f.edits);
      return { ...described, edits: f.edits };
    });
    this.findings.push({
      rule: this.meta.id,
      messageId: input.messageId,
      severity: input.severity ?? this.meta.defaultSeverity,
      message: this.text(input.messageId, input.args),
      file: input.file,
      range: input.range,
      related,
      fixes,
      ...(input.plainSyntax ? { plainSyntax: true } : {}),
    });
  }
}

/** A rule that looks at one FabEdge values file. */
export interface ValuesRule<Id extends string = string> {
  meta: RuleMeta<Id>;
  scope: 'values';
  check(doc: ValuesDocument, ctx: RuleContext<Id>): void;
}

/**
 * A rule that looks at one nginx configuration tree (a root file and everything it includes),
 * with what the workspace ties to FabEdge in it (the values files and settings decide that).
 */
export interface NginxRule<Id extends string = string> {
  meta: RuleMeta<Id>;
  scope: 'nginx';
  check(tree: NginxConfigTree, ctx: RuleContext<Id>, evidence: ProxyEvidence): void;
}

/** A rule that compares files: values files against the nginx proxies in the same workspace. */
export interface WorkspaceRule<Id extends string = string> {
  meta: RuleMeta<Id>;
  scope: 'workspace';
  check(workspace: WorkspaceModel, ctx: RuleContext<Id>): void;
}

export type Rule = ValuesRule | NginxRule | WorkspaceRule;

/**
 * A rule, with its message ids taken from `meta.messages`: a report, fix or related location
 * naming an id the rule does not declare is a type error.
 */
export function defineRule<Id extends string>(rule: ValuesRule<Id>): ValuesRule<Id>;
export function defineRule<Id extends string>(rule: NginxRule<Id>): NginxRule<Id>;
export function defineRule<Id extends string>(rule: WorkspaceRule<Id>): WorkspaceRule<Id>;
export function defineRule(rule: Rule): Rule {
  return rule;
}
