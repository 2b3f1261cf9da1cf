/**
 * Every rule of RULES against its fixture folder, as strict as ESLint's RuleTester:
 *
 *   test/fixtures/rules/<rule-id>/valid/<case>/…    a small workspace with no finding of the rule
 *   test/fixtures/rules/<rule-id>/invalid/<case>/…  a workspace with findings, described by expect.json,
 *                                                  and findings.snap, the snapshot of what they say
 *
 * expect.json: { "settings"?: { … as in .fabedge.yaml at the case's root },
 *                "findings": [{ "messageId", "file", "line", "column", "endLine", "endColumn", "severity"?,
 *                               "fixes": [{ "messageId", "safe", "after"?: { "<file>": "<file>.after" } }] }] }
 * Lines and columns are 1-based. Every finding lists every fix it offers, in order (`"fixes": []`
 * when it offers none). Each fix is applied: the files must equal the `.after` files where given,
 * the change must be the diff in the snapshot, and checking again must not report the finding.
 *
 * findings.snap holds each finding with its range, its message in English and Chinese, its related
 * places and each fix as a diff. `UPDATE_SNAPSHOTS=1 node scripts/unit-tests.mjs rules/fixtures`
 * rewrites the snapshots that differ; review them with `git diff`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applyEdits, editsByFile } from '../../../src/core/edits';
import type { Finding, Fix } from '../../../src/core/findings';
import { LOCALES, type Locale } from '../../../src/core/l10n';
import { findRule, RULES } from '../../../src/core/rules';
import { lintPaths } from '../../../src/core/workspace/lintPaths';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { combineFolders, resolveFolder, type SettingValues } from '../../../src/core/config/settings';
import { readTree } from '../../support/fixtureTree';
import type { Range } from '../../../src/core/text';

const FIXTURES = resolve(__dirname, '../../fixtures/rules');
const ROOT = '/ws';
const EXPECT = 'expect.json';
const SNAPSHOT = 'findings.snap';

interface ExpectedFix {
  messageId: string;
  /** Whether `--fix` and fix-all on save may apply it unattended. */
  safe: boolean;
  after?: Record<string, string>;
}
interface ExpectedFinding {
  messageId: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity?: string;
  fixes: ExpectedFix[];
}
interface Expectation {
  findings: ExpectedFinding[];
  /** As in .fabedge.yaml at the case's root: globs relative to it. */
  settings?: SettingValues;
}

/** The case's workspace: its files but expect.json, the snapshot and the `.after` files. */
function workspaceFiles(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).filter(([rel]) => rel !== EXPECT && rel !== SNAPSHOT && !rel.endsWith('.after')));
}

function lintCase(files: Record<string, string>, ruleId: string, settings: SettingValues = {}, locale: Locale = 'en'): Finding[] {
  const fs = new MemoryFileSystem();
  for (const [rel, text] of Object.entries(files)) fs.set(`${ROOT}/${rel}`, text);
  const resolved = combineFolders([resolveFolder(ROOT, [{ values: settings, base: ROOT }], true)]);
  const result = lintPaths(fs, [ROOT], resolved.settings, { locale, ruleSettings: resolved.ruleSettings });
  // meta.fixable is what the README, SARIF and fix-all trust: a rule that offers a fix must say so.
  for (const finding of result.findings) {
    if (finding.fixes.length > 0) assert.ok(findRule(finding.rule)?.meta.fixable, `${finding.rule} offers a fix but its meta.fixable is false`);
  }
  return result.findings.filter((f) => f.rule === ruleId);
}

const relative = (file: string) => file.slice(ROOT.length + 1);
const position = (range: Range) => `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;
const describeFinding = (f: Finding) => `${relative(f.file)}:${position(f.range)} ${f.messageId ?? ''} ${f.message}`;

/** The files after a fix, by path relative to the case. */
function applyFix(files: Record<string, string>, fix: Fix): Record<string, string> {
  const fixed = { ...files };
  for (const [file, edits] of editsByFile(fix.edits)) fixed[relative(file)] = applyEdits(files[relative(file)] ?? '', edits).text;
  return fixed;
}

/**
 * What a fix changes in one file, as one unified-diff hunk without context: the lines between
 * the first and the last that differ.
 */
function hunk(file: string, before: string, after: string): string[] {
  const side = (start: number, count: number) => `${count === 0 ? start : start + 1},${count}`;
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return [
    `--- ${file}`,
    `+++ ${file}`,
    // As in GNU diff, an empty side names the line before it.
    `@@ -${side(start, endA - start)} +${side(start, endB - start)} @@`,
    ...a.slice(start, endA).map((line) => `-${line}`),
    ...b.slice(start, endB).map((line) => `+${line}`),
  ];
}

/** The snapshot of a case: its findings in every language, each fix as a diff. */
function snapshot(files: Record<string, string>, byLocale: Record<Locale, Finding[]>): string {
  const lines: string[] = [];
  byLocale.en.forEach((finding, i) => {
    const other = (locale: Locale) => byLocale[locale][i];
    lines.push(`## ${i + 1}. ${finding.messageId ?? '(no id)'} ${finding.severity} ${relative(finding.file)} ${position(finding.range)}`);
    for (const locale of LOCALES) lines.push(`${locale}: ${other(locale).message}`);
    finding.related.forEach((related, r) => {
      lines.push(`related ${relative(related.file)} ${position(related.range)}`);
      for (const locale of LOCALES) lines.push(`  ${locale}: ${other(locale).related[r].message}`);
    });
    finding.fixes.forEach((fix, f) => {
      lines.push(`fix ${f + 1}. ${fix.messageId ?? '(no id)'}${fix.safe ? ' safe' : ''}${fix.preferred ? ' preferred' : ''}`);
      for (const locale of LOCALES) lines.push(`  ${locale}: ${other(locale).fixes[f].title}`);
      const fixed = applyFix(files, fix);
      for (const file of [...new Set(fix.edits.map((e) => relative(e.file)))].sort()) lines.push(...hunk(file, files[file] ?? '', fixed[file]).map((line) => `  ${line}`));
    });
    lines.push('');
  });
  return lines.join('\n');
}

function checkFinding(got: Finding, want: ExpectedFinding): void {
  const where = describeFinding(got);
  assert.deepEqual(
    {
      messageId: got.messageId,
      file: relative(got.file),
      line: got.range.start.line + 1,
      column: got.range.start.character + 1,
      endLine: got.range.end.line + 1,
      endColumn: got.range.end.character + 1,
    },
    { messageId: want.messageId, file: want.file, line: want.line, column: want.column, endLine: want.endLine, endColumn: want.endColumn },
    where,
  );
  if (want.severity !== undefined) assert.equal(got.severity, want.severity, where);
  assert.ok(Array.isArray(want.fixes), `${where}: expect.json must list its fixes ("fixes": [] when it offers none)`);
  assert.deepEqual(
    got.fixes.map((f) => ({ messageId: f.messageId, safe: f.safe })),
    want.fixes.map((f) => ({ messageId: f.messageId, safe: f.safe })),
    `${where}: fixes`,
  );
}

function checkFixes(files: Record<string, string>, all: Record<string, string>, finding: Finding, want: ExpectedFinding, ruleId: string, settings: SettingValues | undefined): void {
  finding.fixes.forEach((fix, i) => {
    const fixed = applyFix(files, fix);
    for (const [rel, afterName] of Object.entries(want.fixes[i].after ?? {})) {
      assert.ok(all[afterName] !== undefined, `${afterName} is missing`);
      assert.equal(fixed[rel], all[afterName], `${rel} after "${fix.title}"`);
    }
    const again = lintCase(fixed, ruleId, settings);
    assert.ok(
      !again.some((f) => f.file === finding.file && f.range.start.line === finding.range.start.line && f.message === finding.message),
      `the finding is still there after "${fix.title}": ${again.map(describeFinding).join('; ')}`,
    );
  });
}

const cases = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

test('every fixture folder belongs to a rule of RULES', () => {
  const ids = new Set(RULES.map((rule) => rule.meta.id));
  assert.deepEqual(cases(FIXTURES).filter((id) => !ids.has(id)), []);
});

for (const rule of RULES) {
  const ruleId = rule.meta.id;
  test(`fixtures of ${ruleId}`, async (t) => {
    const validDir = join(FIXTURES, ruleId, 'valid');
    const invalidDir = join(FIXTURES, ruleId, 'invalid');
    assert.ok(cases(validDir).length > 0, `${ruleId} needs valid cases in test/fixtures/rules/${ruleId}/valid`);
    assert.ok(cases(invalidDir).length > 0, `${ruleId} needs invalid cases in test/fixtures/rules/${ruleId}/invalid`);

    for (const name of cases(validDir)) {
      await t.test(`valid: ${name}`, () => {
        const all = readTree(join(validDir, name));
        const expect = all[EXPECT] ? (JSON.parse(all[EXPECT]) as Partial<Expectation>) : {};
        assert.deepEqual(lintCase(workspaceFiles(all), ruleId, expect.settings).map(describeFinding), []);
      });
    }
    for (const name of cases(invalidDir)) {
      await t.test(`invalid: ${name}`, () => {
        const dir = join(invalidDir, name);
        const all = readTree(dir);
        assert.ok(all[EXPECT], `${name} needs an ${EXPECT}`);
        const expect = JSON.parse(all[EXPECT]) as Expectation;
        const files = workspaceFiles(all);
        const byLocale = Object.fromEntries(LOCALES.map((locale) => [locale, lintCase(files, ruleId, expect.settings, locale)])) as Record<Locale, Finding[]>;
        const findings = byLocale.en;
        assert.equal(findings.length, expect.findings.length, `findings: ${findings.map(describeFinding).join('; ')}`);
        findings.forEach((got, i) => checkFinding(got, expect.findings[i]));
        findings.forEach((got, i) => checkFixes(files, all, got, expect.findings[i], ruleId, expect.settings));

        const written = snapshot(files, byLocale);
        if (all[SNAPSHOT] !== written && process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(join(dir, SNAPSHOT), written);
        else assert.equal(all[SNAPSHOT], written, `${SNAPSHOT} differs (rewrite it with UPDATE_SNAPSHOTS=1 node scripts/unit-tests.mjs rules/fixtures)`);
      });
    }
  });
}
