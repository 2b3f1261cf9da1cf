import type { Finding, Fix, RelatedLocation, Severity } from '../findings';
import { localize, type Locale, type LocalizedText } from '../l10n';
import type { Range } from '../text';
import type { NginxConfigTree } from '../nginx/model';
import type { ValuesDocument } from '../values/model';
import type { WorkspaceModel } from '../workspace/model';

export const DOCS_BASE_URL = 'https://github.com/FabEdge/fabedge-vscode/blob/main/docs/rules/';

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
  fixes?: { title: LocalizedText; args?: Readonly<Record<string, string | number>>; edits: Fix['edits']; safe: boolean; preferred?: boolean }[];
}

/** What a rule's check sees besides its subject: the locale and a way to report. */
export class RuleContext {
  readonly findings: Finding[] = [];

  constructor(
    readonly meta: RuleMeta,
    readonly locale: Locale,
  ) {}

  text(message: LocalizedText, args?: Readonly<Record<string, string | number>>): string {
    return localize(message, this.locale, args);
  }

  report(input: ReportInput): void {
    const related: RelatedLocation[] = (input.related ?? []).map((r) => ({
      file: r.file,
      range: r.range,
      message: localize(r.message, this.locale, r.args),
    }));
    const fixes: Fix[] = (input.fixes ?? []).map((f) => ({
      title: localize(f.title, this.locale, f.args),
      edits: f.edits,
      safe: f.safe,
      ...(f.preferred ? { preferred: true } : {}),
    }));
    this.findings.push({
      rule: this.meta.id,
      severity: input.severity ?? this.meta.defaultSeverity,
      message: localize(input.message, this.locale, input.args),
      file: input.file,
      range: input.range,
      related,
      fixes,
    });
  }
}

/** A rule that looks at one FabEdge values file. */
export interface ValuesRule {
  meta: RuleMeta;
  scope: 'values';
  check(doc: ValuesDocument, ctx: RuleContext): void;
}

/** A rule that looks at one nginx configuration tree (a root file and everything it includes). */
export interface NginxRule {
  meta: RuleMeta;
  scope: 'nginx';
  check(tree: NginxConfigTree, ctx: RuleContext): void;
}

/** A rule that compares files: values files against the nginx proxies in the same workspace. */
export interface WorkspaceRule {
  meta: RuleMeta;
  scope: 'workspace';
  check(workspace: WorkspaceModel, ctx: RuleContext): void;
}

export type Rule = ValuesRule | NginxRule | WorkspaceRule;

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}
