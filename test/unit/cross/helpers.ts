/** Builds workspace models from in-memory files for the cross-file tests. Not a test file itself. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Finding } from '../../../src/core/findings';
import { RULES } from '../../../src/core/rules';
import { lintPaths, type LintResult } from '../../../src/core/workspace/lintPaths';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';

export const ROOT = '/ws';
export const REPO = resolve(__dirname, '../../..');

/** The cross-file rule ids (issue 5): the rules that look at the whole workspace. */
export const CROSS_RULES = RULES.filter((rule) => rule.scope === 'workspace').map((rule) => rule.meta.id);

export function lintFiles(files: Record<string, string>): LintResult & { fs: MemoryFileSystem } {
  const fs = new MemoryFileSystem();
  for (const [rel, text] of Object.entries(files)) fs.set(`${ROOT}/${rel}`, text);
  return { ...lintPaths(fs, [ROOT], DEFAULT_SETTINGS, { locale: 'en' }), fs };
}

export function crossFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => CROSS_RULES.includes(f.rule));
}

/** Every file below `dir`, by path relative to it. */
export function readFolder(dir: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(files, readFolder(join(dir, entry.name), rel));
    else if (entry.isFile()) files[rel] = readFileSync(join(dir, entry.name), 'utf8');
  }
  return files;
}

export const describe = (f: Finding): string => `${f.rule} ${f.file.slice(ROOT.length + 1)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`;
