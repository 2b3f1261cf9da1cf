import type { Finding, Severity } from '../core/findings';
import { localize, type Locale } from '../core/l10n';
import { RULES } from '../core/rules';
import { docsUrl } from '../core/rules/rule';
import { FILE_NOT_CHECKED_META, INTERNAL_ERROR_META } from '../core/engine';
import { relativePath } from '../core/paths';
import type { Range } from '../core/text';

export interface ReportedFile {
  path: string;
  kind: string;
  layout?: string;
}

/** Paths in reports are relative to the current folder, with `/`. */
export type PathFormatter = (absolute: string) => string;

export function pathFormatter(cwd: string): PathFormatter {
  return (absolute) => relativePath(cwd, absolute);
}

const oneBased = (range: Range) => ({
  line: range.start.line + 1,
  column: range.start.character + 1,
  endLine: range.end.line + 1,
  endColumn: range.end.character + 1,
});

export interface JsonReport {
  version: 1;
  files: { file: string; kind: string; layout?: string }[];
  diagnostics: {
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    severity: Severity;
    rule: string;
    message: string;
    related: { file: string; line: number; column: number; message: string }[];
    fixes: { title: string; edits: { file: string; line: number; column: number; endLine: number; endColumn: number; newText: string }[] }[];
  }[];
}

export function toJsonReport(files: readonly ReportedFile[], findings: readonly Finding[], rel: PathFormatter): JsonReport {
  return {
    version: 1,
    files: files.map((f) => ({ file: rel(f.path), kind: f.kind, ...(f.layout ? { layout: f.layout } : {}) })),
    diagnostics: findings.map((f) => ({
      file: rel(f.file),
      ...oneBased(f.range),
      severity: f.severity,
      rule: f.rule,
      message: f.message,
      related: f.related.map((r) => ({ file: rel(r.file), line: r.range.start.line + 1, column: r.range.start.character + 1, message: r.message })),
      fixes: f.fixes.map((fix) => ({
        title: fix.title,
        edits: fix.edits.map((e) => ({ file: rel(e.file), ...oneBased(e.range), newText: e.newText })),
      })),
    })),
  };
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

const SUMMARY = {
  en: '{files} files checked: {errors} errors, {warnings} warnings, {infos} infos',
  'zh-cn': '已检查 {files} 个文件：{errors} 个错误，{warnings} 个警告，{infos} 条提示',
};

export function toText(files: readonly ReportedFile[], findings: readonly Finding[], rel: PathFormatter, locale: Locale): string {
  const lines = findings.map((f) => `${rel(f.file)}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.rule} ${f.message}`);
  const counts = countBySeverity(findings);
  lines.push(localize(SUMMARY, locale, { files: files.length, errors: counts.error, warnings: counts.warning, infos: counts.info + counts.hint }));
  return `${lines.join('\n')}\n`;
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** SARIF 2.1.0, with what GitHub code scanning reads: rule metadata, help URIs, regions relative to %SRCROOT%. */
export function toSarif(findings: readonly Finding[], rel: PathFormatter, cwd: string, locale: Locale, toolVersion: string): object {
  const metas = [...RULES.map((r) => r.meta), INTERNAL_ERROR_META, FILE_NOT_CHECKED_META];
  const ruleIndex = new Map(metas.map((m, i) => [m.id, i]));
  const location = (file: string, range: Range) => ({
    physicalLocation: {
      artifactLocation: { uri: encodeURI(rel(file)), uriBaseId: '%SRCROOT%' },
      region: { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 },
    },
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'fabedge-lint',
            semanticVersion: toolVersion,
            informationUri: 'https://github.com/FabEdge/fabedge-vscode',
            rules: metas.map((meta) => ({
              id: meta.id,
              name: meta.id.replace(/(^|-)(\w)/g, (_m, _d: string, c: string) => c.toUpperCase()),
              shortDescription: { text: localize(meta.description, locale) },
              fullDescription: { text: localize(meta.description, locale) },
              helpUri: docsUrl(meta.id),
              help: { text: `${localize(meta.description, locale)} ${docsUrl(meta.id)}` },
              defaultConfiguration: { level: SARIF_LEVEL[meta.defaultSeverity] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `file://${encodeURI(cwd.endsWith('/') ? cwd : `${cwd}/`)}` } },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ruleIndex.get(f.rule) ?? ruleIndex.get(INTERNAL_ERROR_META.id),
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [location(f.file, f.range)],
          ...(f.related.length > 0
            ? { relatedLocations: f.related.map((r, id) => ({ id, ...location(r.file, r.range), message: { text: r.message } })) }
            : {}),
          ...(f.fixes.length > 0
            ? {
                fixes: f.fixes.map((fix) => ({
                  description: { text: fix.title },
                  artifactChanges: [...new Set(fix.edits.map((e) => e.file))].map((file) => ({
                    artifactLocation: { uri: encodeURI(rel(file)), uriBaseId: '%SRCROOT%' },
                    replacements: fix.edits
                      .filter((e) => e.file === file)
                      .map((e) => ({
                        deletedRegion: { startLine: e.range.start.line + 1, startColumn: e.range.start.character + 1, endLine: e.range.end.line + 1, endColumn: e.range.end.character + 1 },
                        insertedContent: { text: e.newText },
                      })),
                  })),
                })),
              }
            : {}),
          partialFingerprints: { 'fabedgeFinding/v1': fingerprint(`${rel(f.file)}\0${f.rule}\0${f.message}`) },
        })),
      },
    ],
  };
}

/** A stable hash of what a finding is about, so code scanning can follow it across line moves. */
function fingerprint(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}
