/**
 * From a workspace model to the findings of each file, recomputing only what changed: the findings
 * of a values document or an nginx tree are kept as long as its object is, the workspace rules
 * reuse their per-subject results (RuleMemo), and a file whose findings are as before keeps its array.
 */
import { applyRuleSettings, CONFIG_FILE_META, dedupe, dropSuperseded, dropSuppressed, FILE_NOT_CHECKED_META, lintNginxTree, lintValuesDocument, lintWorkspaceRules, sortFindings, type LintOptions } from '../engine';
import { reuseEqualFindings, type Finding, type Severity } from '../findings';
import { formatSize } from '../io/fileSystem';
import type { WorkspaceSettings } from '../io/settings';
import { localize, type LocalizedText } from '../l10n';
import { pushTo, sameList } from '../lists';
import type { NginxConfigTree } from '../nginx/tree';
import { RuleMemo } from '../rules/rule';
import type { Range } from '../text';
import type { ValuesDocument } from '../values/model';
import { proxyEvidence } from '../cross/evidence';
import type { WorkspaceModel } from '../cross/workspaceModel';
import type { SkippedFile } from './discovery';

const NOT_CHECKED: Record<SkippedFile['reason'], LocalizedText> = {
  'too-large': { en: 'Not checked: larger than {limit} ({size}).', 'zh-cn': '未检查：文件大于 {limit}（{size}）。' },
  unreadable: { en: 'Not checked: the file cannot be read ({detail}).', 'zh-cn': '未检查：无法读取此文件（{detail}）。' },
  failed: { en: 'Not checked: analysing the file failed ({detail}).', 'zh-cn': '未检查：分析此文件失败（{detail}）。' },
};

/** One file's findings: as the rules found them, the text suppression comments were read from, and what is reported. */
interface FileFindings {
  found: readonly Finding[];
  text: string | undefined;
  reported: readonly Finding[];
}

/** What a check reads besides the model. */
export interface CheckInputs {
  /** Files the checks never looked at: each gets a `file-not-checked` finding instead of silence. */
  skipped: readonly SkippedFile[];
  /** The text a file's suppression comments are read from; undefined for a file not to be read. */
  textOf(file: string): string | undefined;
}

/**
 * The findings of one index's models, under one set of settings and options: a new pipeline for
 * new settings. The models are never changed once built, so a document or tree object that comes
 * back is the same input, and its findings are too.
 */
export class FindingsPipeline {
  private readonly valuesFindings = new WeakMap<ValuesDocument, Finding[]>();
  /**
   * Findings of each nginx tree, with the key of the proxy evidence they were found with: what the
   * values files tie to FabEdge (the public port among it) is an input of the nginx rules, so a
   * values edit that changes it runs them again.
   */
  private readonly treeFindings = new WeakMap<NginxConfigTree, { evidenceKey: string; findings: Finding[] }>();
  /** The last check's findings by file, to keep what did not change. */
  private fileFindings = new Map<string, FileFindings>();
  private readonly ruleMemo = new RuleMemo();

  constructor(
    private readonly settings: WorkspaceSettings,
    private readonly options: LintOptions,
  ) {}

  /**
   * Every finding of the model by file, files and findings in order. A file whose findings are as
   * before keeps the same array and the same finding objects, so a caller can tell what changed by identity.
   */
  lintByFile(model: WorkspaceModel, inputs: CheckInputs): ReadonlyMap<string, readonly Finding[]> {
    const fresh = new Map<string, Finding[]>();
    const collect = (findings: readonly Finding[]) => {
      for (const finding of findings) pushTo(fresh, finding.file, finding);
    };
    for (const doc of model.values) {
      let cached = this.valuesFindings.get(doc);
      if (!cached) {
        cached = lintValuesDocument(doc, this.options);
        this.valuesFindings.set(doc, cached);
      }
      collect(cached);
    }
    const evidence = proxyEvidence(model);
    for (const tree of model.nginx) {
      const treeEvidence = evidence.get(tree);
      let cached = this.treeFindings.get(tree);
      if (!cached || cached.evidenceKey !== treeEvidence?.key) {
        cached = { evidenceKey: treeEvidence?.key ?? '', findings: lintNginxTree(tree, this.options, treeEvidence) };
        this.treeFindings.set(tree, cached);
      }
      collect(cached.findings);
    }
    collect(lintWorkspaceRules(model, this.options, this.ruleMemo));
    collect(this.notCheckedFindings(inputs.skipped));
    collect(this.configFindings());
    const next = new Map<string, FileFindings>();
    const result = new Map<string, readonly Finding[]>();
    for (const file of [...fresh.keys()].sort()) {
      const before = this.fileFindings.get(file);
      const found = before ? reuseEqualFindings(fresh.get(file) ?? [], before.found) : (fresh.get(file) ?? []);
      const text = inputs.textOf(file);
      let entry = before;
      if (!entry || entry.text !== text || !sameList(entry.found, found)) {
        const reported = sortFindings(dropSuppressed(dropSuperseded(dedupe(found), this.options.rules), () => text));
        // A new text often leaves the findings as they were (an edit away from them): keep the array too.
        entry = { found, text, reported: before && sameList(before.reported, reported) ? before.reported : reported };
      }
      next.set(file, entry);
      result.set(file, entry.reported);
    }
    this.fileFindings = next;
    return result;
  }

  private notCheckedFindings(skipped: readonly SkippedFile[]): Finding[] {
    const limit = formatSize(this.settings.maxFileSize);
    const findings = skipped
      .filter((file) => !file.folder)
      .map((file) => fileFinding(FILE_NOT_CHECKED_META.id, FILE_NOT_CHECKED_META.defaultSeverity, file.path, FILE_START, localize(NOT_CHECKED[file.reason], this.options.locale, { limit, size: file.detail ?? '', detail: file.detail ?? '' })));
    return applyRuleSettings(findings, this.options, FILE_NOT_CHECKED_META.id);
  }

  /** What the config file states that cannot be used: reported where it is, like any finding. */
  private configFindings(): Finding[] {
    const findings = (this.settings.configProblems ?? []).map((problem) =>
      fileFinding(CONFIG_FILE_META.id, CONFIG_FILE_META.defaultSeverity, problem.file, problem.range, localize(problem.message, this.options.locale, problem.args)),
    );
    return applyRuleSettings(findings, this.options, CONFIG_FILE_META.id);
  }
}

const FILE_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** A finding the index makes itself, with no fix and no related location. */
function fileFinding(rule: string, severity: Severity, file: string, range: Range, message: string): Finding {
  return { rule, severity, message, file, range, related: [], fixes: [] };
}
