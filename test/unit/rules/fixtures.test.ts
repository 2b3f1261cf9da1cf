/**
 * Runs every rule's fixture folder, like ESLint's RuleTester:
 *
 *   test/fixtures/rules/<rule-id>/valid/<case>/…    a small workspace with no finding of the rule
 *   test/fixtures/rules/<rule-id>/invalid/<case>/…  a workspace with findings, described by expect.json
 *
 * expect.json: { "findings": [{ "file", "line", "column"?, "message"?, "severity"?, "fixCount"? }],
 *                "fixes": [{ "finding": index, "fix": title substring, "safe"?, "after": { "<file>": "<file>.after" } }],
 *                "settings"?: { … } }
 * Lines and columns are 1-based. A fix's edits are applied, the files must equal the `.after`
 * files, and checking again must not report that finding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applyEdits, editsByFile } from '../../../src/core/edits';
import type { Finding } from '../../../src/core/findings';
import { findRule } from '../../../src/core/rules';
import { lintPaths } from '../../../src/core/workspace/lintPaths';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { combineFolders, resolveFolder, type SettingValues } from '../../../src/core/config/settings';
import { readTree } from '../../support/fixtureTree';

const FIXTURES = resolve(__dirname, '../../fixtures/rules');
const ROOT = '/ws';

interface ExpectedFinding {
  file: string;
  line: number;
  column?: number;
  message?: string;
  severity?: string;
  /** How many fixes the finding offers (0: a fix would be wrong there). */
  fixCount?: number;
}
interface ExpectedFix {
  finding: number;
  fix: string;
  /** Whether `--fix` and fix-all on save may apply it unattended. */
  safe?: boolean;
  after: Record<string, string>;
}
interface Expectation {
  findings: ExpectedFinding[];
  fixes?: ExpectedFix[];
  /** As in .fabedge.yaml at the case's root: globs relative to it. */
  settings?: SettingValues;
}

function lintCase(files: Record<string, string>, ruleId: string, settings: SettingValues = {}): { findings: Finding[]; fs: MemoryFileSystem } {
  const fs = new MemoryFileSystem();
  for (const [rel, text] of Object.entries(files)) {
    if (rel === 'expect.json' || rel.endsWith('.after')) continue;
    fs.set(`${ROOT}/${rel}`, text);
  }
  const resolved = combineFolders([resolveFolder(ROOT, [{ values: settings, base: ROOT }], true)]);
  const result = lintPaths(fs, [ROOT], resolved.settings, { locale: 'en', ruleSettings: resolved.ruleSettings });
  // meta.fixable is what the README, SARIF and fix-all trust: a rule that offers a fix must say so.
  for (const finding of result.findings) {
    if (finding.fixes.length > 0) assert.ok(findRule(finding.rule)?.meta.fixable, `${finding.rule} offers a fix but its meta.fixable is false`);
  }
  return { findings: result.findings.filter((f) => f.rule === ruleId), fs };
}

const describeFinding = (f: Finding) => `${f.file.slice(ROOT.length + 1)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`;

for (const ruleId of existsSync(FIXTURES) ? readdirSync(FIXTURES).sort() : []) {
  test(`fixtures of ${ruleId}`, async (t) => {
    assert.ok(findRule(ruleId), `no registered rule named ${ruleId}`);
    const ruleDir = join(FIXTURES, ruleId);
    const validDir = join(ruleDir, 'valid');
    const invalidDir = join(ruleDir, 'invalid');
    assert.ok(existsSync(validDir) && readdirSync(validDir).length > 0, `${ruleId} needs valid cases`);
    assert.ok(existsSync(invalidDir) && readdirSync(invalidDir).length > 0, `${ruleId} needs invalid cases`);

    for (const name of readdirSync(validDir).sort()) {
      await t.test(`valid: ${name}`, () => {
        const files = readTree(join(validDir, name));
        const expect = files['expect.json'] ? (JSON.parse(files['expect.json']) as Partial<Expectation>) : {};
        const { findings } = lintCase(files, ruleId, expect.settings);
        assert.deepEqual(findings.map(describeFinding), []);
      });
    }
    for (const name of readdirSync(invalidDir).sort()) {
      await t.test(`invalid: ${name}`, () => {
        const files = readTree(join(invalidDir, name));
        assert.ok(files['expect.json'], `${name} needs an expect.json`);
        const expect = JSON.parse(files['expect.json']) as Expectation;
        const { findings, fs } = lintCase(files, ruleId, expect.settings);
        assert.equal(findings.length, expect.findings.length, `findings: ${findings.map(describeFinding).join('; ')}`);
        expect.findings.forEach((want, i) => {
          const got = findings[i];
          assert.equal(got.file, `${ROOT}/${want.file}`);
          assert.equal(got.range.start.line + 1, want.line, describeFinding(got));
          if (want.column !== undefined) assert.equal(got.range.start.character + 1, want.column, describeFinding(got));
          if (want.message !== undefined) assert.ok(got.message.includes(want.message), `"${got.message}" lacks "${want.message}"`);
          if (want.severity !== undefined) assert.equal(got.severity, want.severity);
          if (want.fixCount !== undefined) assert.equal(got.fixes.length, want.fixCount, `${describeFinding(got)}: ${got.fixes.map((f) => f.title).join(', ')}`);
        });
        for (const fixCase of expect.fixes ?? []) {
          const finding = findings[fixCase.finding];
          const fix = finding.fixes.find((f) => f.title.includes(fixCase.fix));
          assert.ok(fix, `no fix "${fixCase.fix}" among ${finding.fixes.map((f) => f.title).join(', ')}`);
          if (fixCase.safe !== undefined) assert.equal(fix.safe, fixCase.safe, `"${fix.title}" safe`);
          const fixed: Record<string, string> = { ...files };
          for (const [file, edits] of editsByFile(fix.edits)) {
            const rel = file.slice(ROOT.length + 1);
            fixed[rel] = applyEdits(fs.readFile(file), edits).text;
          }
          for (const [rel, afterName] of Object.entries(fixCase.after)) {
            assert.equal(fixed[rel], files[afterName], `${rel} after "${fix.title}"`);
          }
          const again = lintCase(fixed, ruleId, expect.settings).findings;
          assert.ok(
            !again.some((f) => f.file === finding.file && f.range.start.line === finding.range.start.line && f.message === finding.message),
            `the finding is still there after "${fix.title}": ${again.map(describeFinding).join('; ')}`,
          );
        }
      });
    }
  });
}
