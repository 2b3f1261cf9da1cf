import type { Finding, RuleSetting } from '../findings';
import { localize, type Locale } from '../l10n';
import { RULES } from '../rules';
import { RuleContext, type Rule, type RuleInfo, type RuleMemo } from '../rules/rule';
import type { NginxConfigTree } from '../nginx/tree';
import { NO_EVIDENCE, type ProxyEvidence } from '../nginx/stream';
import type { ValuesDocument } from '../values/model';
import type { WorkspaceModel } from '../cross/workspaceModel';
import { suppressedLines } from '../suppression';
import { deepestScope } from '../io/settings';

export type RuleSettings = Readonly<Record<string, RuleSetting>>;

export interface LintOptions {
  locale: Locale;
  /** Per-rule overrides of the default severity, or `off`. */
  ruleSettings?: RuleSettings;
  /**
   * The rule settings of each workspace folder (a multi-root workspace): a finding in a file below
   * one of them takes the deepest folder's, a finding anywhere else `ruleSettings`.
   */
  folderRuleSettings?: readonly { folder: string; ruleSettings: RuleSettings }[];
  rules?: readonly Rule[];
}

/** How the settings want a rule's finding in `file`: off, a severity, or as the rule says (undefined). */
function ruleSettingFor(options: LintOptions, ruleId: string, file: string): RuleSetting | undefined {
  const folder = deepestScope(options.folderRuleSettings, file);
  return (folder ? folder.ruleSettings : options.ruleSettings)?.[ruleId];
}

/** Whether a rule is off wherever it could report, so that it need not run at all. */
function offEverywhere(options: LintOptions, ruleId: string): boolean {
  if (options.ruleSettings?.[ruleId] !== 'off') return false;
  return (options.folderRuleSettings ?? []).every((folder) => folder.ruleSettings[ruleId] === 'off');
}

/** Applies the settings to findings of one rule: drops those switched off, sets the severity asked for. */
export function applyRuleSettings(findings: Finding[], options: LintOptions, ruleId: string): Finding[] {
  if (!options.folderRuleSettings) {
    const setting = options.ruleSettings?.[ruleId];
    if (setting === 'off') return [];
    if (setting) for (const finding of findings) finding.severity = setting;
    return findings;
  }
  return findings.filter((finding) => {
    const setting = ruleSettingFor(options, ruleId, finding.file);
    if (setting && setting !== 'off') finding.severity = setting;
    return setting !== 'off';
  });
}

/** The finding a rule produces when it throws: the other rules still report. */
export const INTERNAL_ERROR_META: RuleInfo = {
  id: 'internal-error',
  defaultSeverity: 'error',
  fixable: false,
  description: {
    en: 'A check failed unexpectedly on this file.',
    'zh-cn': '某项检查在此文件上意外失败。',
  },
};

/** The finding for a mistake in the workspace config file (.fabedge.yaml). */
export const CONFIG_FILE_META: RuleInfo = {
  id: 'config-file',
  defaultSeverity: 'error',
  fixable: false,
  description: {
    en: 'The workspace config file (.fabedge.yaml) states a setting that cannot be used.',
    'zh-cn': '工作区配置文件（.fabedge.yaml）中有无法使用的设置。',
  },
};

/** The finding for a file the checks never looked at: too large, unreadable, or not analysable. */
export const FILE_NOT_CHECKED_META: RuleInfo = {
  id: 'file-not-checked',
  defaultSeverity: 'info',
  fixable: false,
  description: {
    en: 'The file was not checked: it is too large or cannot be read.',
    'zh-cn': '未检查此文件：文件过大或无法读取。',
  },
};

/** Every rule a finding can name: the checks, and the findings the engine and the settings make themselves. */
export const REPORTED_RULES: readonly RuleInfo[] = [...RULES.map((rule) => rule.meta), INTERNAL_ERROR_META, FILE_NOT_CHECKED_META, CONFIG_FILE_META];

/** Rule ids the settings may name. */
export const RULE_IDS: ReadonlySet<string> = new Set(REPORTED_RULES.map((meta) => meta.id));

type Subject =
  | { scope: 'values'; doc: ValuesDocument }
  | { scope: 'nginx'; tree: NginxConfigTree; evidence: ProxyEvidence }
  | { scope: 'workspace'; model: WorkspaceModel };

/**
 * The file an internal error of a rule goes on. A workspace rule has no file of its own: its
 * failure goes on the first values file, else the first nginx root, so that it is never lost.
 */
function subjectFile(subject: Subject): string | undefined {
  if (subject.scope === 'values') return subject.doc.file;
  if (subject.scope === 'nginx') return subject.tree.root;
  return subject.model.values[0]?.file ?? subject.model.nginx[0]?.root;
}

/** Jinja and Go/Helm (`{{`, `{%`), Terraform (`%{`) and envsubst (`${`) template syntax. */
const TEMPLATE = /\{\{|\{%|%\{|\$\{/;

/**
 * A safe fix is applied unattended (`fabedge-lint --fix`, fix-all on save) and so must never
 * touch a template expression: whatever rule offers it, a fix that edits a line of an nginx file
 * holding template syntax is left to a person. (ConfigMap entries are YAML lines, left as they are.)
 */
function keepTemplatesAttended(findings: readonly Finding[], tree: NginxConfigTree): void {
  const lines = new Map<string, string[]>();
  const linesOf = (path: string) => {
    let cached = lines.get(path);
    if (!cached) {
      const file = tree.files.get(path);
      cached = file && file.id === file.path ? file.text.split('\n') : [];
      lines.set(path, cached);
    }
    return cached;
  };
  for (const finding of findings) {
    for (const fix of finding.fixes) {
      if (fix.safe && fix.edits.some((e) => linesOf(e.file).slice(e.range.start.line, e.range.end.line + 1).some((line) => TEMPLATE.test(line)))) fix.safe = false;
    }
  }
}

function runOne(rule: Rule, subject: Subject, options: LintOptions, memo?: RuleMemo): Finding[] {
  if (offEverywhere(options, rule.meta.id)) return [];
  const ctx = new RuleContext(rule.meta, options.locale, memo?.forRule(rule.meta.id));
  try {
    if (rule.scope === 'values' && subject.scope === 'values') rule.check(subject.doc, ctx);
    else if (rule.scope === 'nginx' && subject.scope === 'nginx') {
      rule.check(subject.tree, ctx, subject.evidence);
      keepTemplatesAttended(ctx.findings, subject.tree);
    } else if (rule.scope === 'workspace' && subject.scope === 'workspace') rule.check(subject.model, ctx);
  } catch (error) {
    const file = (subject.scope === 'workspace' ? ctx.findings[0]?.file : undefined) ?? subjectFile(subject);
    // Only a workspace with no file at all has nowhere to show it, and nothing to check either.
    if (!file) return [];
    const detail = error instanceof Error ? error.message : String(error);
    return [internalError(file, localize(RULE_FAILED, options.locale, { rule: rule.meta.id, detail }))];
  }
  return applyRuleSettings(ctx.findings, options, rule.meta.id);
}

const RULE_FAILED = { en: 'The check {rule} failed on this file: {detail}', 'zh-cn': '检查 {rule} 在此文件上失败：{detail}' };
const PARSER_FAILED = {
  en: 'The nginx parser failed on this file: {detail}. What follows the failure was not checked.',
  'zh-cn': 'nginx 解析器在此文件上失败：{detail}。失败处之后的内容未被检查。',
};

function internalError(file: string, message: string): Finding {
  return {
    rule: INTERNAL_ERROR_META.id,
    severity: 'error',
    message,
    file,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    related: [],
    fixes: [],
  };
}

/** Runs the single-file rules of one values file. */
export function lintValuesDocument(doc: ValuesDocument, options: LintOptions): Finding[] {
  return (options.rules ?? RULES).flatMap((rule) => runOne(rule, { scope: 'values', doc }, options));
}

/** Runs the nginx rules of one configuration tree, with what the workspace ties to FabEdge in it. */
export function lintNginxTree(tree: NginxConfigTree, options: LintOptions, evidence: ProxyEvidence = NO_EVIDENCE): Finding[] {
  const parserFailures = [...tree.files.values()].flatMap((file) =>
    file.parse.internalError === undefined ? [] : [internalError(file.path, localize(PARSER_FAILED, options.locale, { detail: file.parse.internalError }))],
  );
  return [...applyRuleSettings(parserFailures, options, INTERNAL_ERROR_META.id), ...(options.rules ?? RULES).flatMap((rule) => runOne(rule, { scope: 'nginx', tree, evidence }, options))];
}

/** Runs the cross-file rules; with a memo kept between runs, they re-check only the subjects whose inputs changed. */
export function lintWorkspaceRules(model: WorkspaceModel, options: LintOptions, memo?: RuleMemo): Finding[] {
  return (options.rules ?? RULES).flatMap((rule) => runOne(rule, { scope: 'workspace', model }, options, memo));
}

/** A file included from two trees is checked twice; keep one copy of identical findings. */
export function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.file}\0${f.rule}\0${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}\0${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function dropSuppressed(findings: Finding[], textOf: (file: string) => string | undefined): Finding[] {
  const cache = new Map<string, Map<number, Set<string>>>();
  return findings.filter((finding) => {
    let lines = cache.get(finding.file);
    if (!lines) {
      const text = textOf(finding.file);
      lines = text === undefined ? new Map() : suppressedLines(text);
      cache.set(finding.file, lines);
    }
    const rules = lines.get(finding.range.start.line);
    return !(rules && (rules.has(finding.rule) || rules.has('*')));
  });
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
}

/** Rule id -> the ids of the rules that supersede it, worked out once per rule list. */
const supersedersByRules = new WeakMap<readonly Rule[], Map<string, string[]>>();

function supersedersOf(rules: readonly Rule[]): Map<string, string[]> {
  let supersededBy = supersedersByRules.get(rules);
  if (!supersededBy) {
    supersededBy = new Map();
    for (const rule of rules) for (const id of rule.meta.supersedes ?? []) supersededBy.set(id, [...(supersededBy.get(id) ?? []), rule.meta.id]);
    supersedersByRules.set(rules, supersededBy);
  }
  return supersededBy;
}

/** Drops findings that a finding of a superseding rule replaces on the same range (RuleMeta.supersedes). */
export function dropSuperseded(findings: Finding[], rules: readonly Rule[] = RULES): Finding[] {
  const supersededBy = supersedersOf(rules);
  // The usual case, no finding of a rule that another can supersede: nothing to compare.
  if (!findings.some((f) => supersededBy.has(f.rule))) return findings;
  const place = (f: Finding, rule: string) => `${rule}\0${f.file}\0${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`;
  const present = new Set(findings.map((f) => place(f, f.rule)));
  return findings.filter((f) => !(supersededBy.get(f.rule) ?? []).some((by) => present.has(place(f, by))));
}
