import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Finding, Severity } from '../core/findings';
import { localize, type Locale } from '../core/l10n';
import { INTERNAL_ERROR_META, REPORTED_RULES } from '../core/engine';
import { relativePath } from '../core/paths';
import { isEmptyRange, LineIndex, type Range } from '../core/text';

export interface ReportedFile {
  path: string;
  kind: string;
  layout?: string;
}

/** Paths in reports are relative to the current folder, with `/`. */
export type PathFormatter = (absolute: string) => string;

export function pathFormatter(cwd: string): PathFormatter {
  // Once per file: a large workspace's report names the same files in thousands of findings,
  // related places and edits (a tenth of a 100,000-file run went to these paths).
  const known = new Map<string, string>();
  return (absolute) => {
    let relative = known.get(absolute);
    if (relative === undefined) {
      relative = relativePath(cwd, absolute);
      known.set(absolute, relative);
    }
    return relative;
  };
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
    /** The message's id in the rule's `meta.messages`; absent on the findings the engine makes itself. */
    messageId?: string;
    message: string;
    related: { file: string; line: number; column: number; message: string }[];
    fixes: { messageId?: string; title: string; edits: { file: string; line: number; column: number; endLine: number; endColumn: number; newText: string }[] }[];
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
      ...(f.messageId === undefined ? {} : { messageId: f.messageId }),
      message: f.message,
      related: f.related.map((r) => ({ file: rel(r.file), line: r.range.start.line + 1, column: r.range.start.character + 1, message: r.message })),
      fixes: f.fixes.map((fix) => ({
        ...(fix.messageId === undefined ? {} : { messageId: fix.messageId }),
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

/** The OASIS schema of SARIF 2.1.0 (with its errata): what a consumer validates the log against. */
const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

export interface SarifOptions {
  /** The repository's root (or the current folder outside a repository): %SRCROOT%, which file URIs are relative to. */
  root: string;
  locale: Locale;
  toolVersion: string;
  /** The text of a rule's page in a language, when the package has one. */
  pageText: (ruleId: string, locale: Locale) => string | undefined;
  /** A checked file's text, for the fingerprints. */
  readText: (file: string) => string | undefined;
}

/**
 * SARIF 2.1.0 with what GitHub code scanning reads: rule metadata with each rule's page as
 * `help.markdown` (no link to a site), locations relative to %SRCROOT%, and fingerprints that
 * follow a finding across line moves and output languages.
 */
export function toSarif(findings: readonly Finding[], options: SarifOptions): Sarif.Log {
  const ruleIndex = new Map(REPORTED_RULES.map((m, i) => [m.id, i]));
  const artifactLocation = (file: string): Sarif.ArtifactLocation => {
    const relative = relativePath(options.root, file);
    if (relative === '..' || relative.startsWith('../')) return { uri: pathToFileURL(file).href };
    return { uri: relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  };
  const region = (range: Range): Sarif.Region => ({ startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 });
  const location = (file: string, range: Range): Sarif.Location => ({ physicalLocation: { artifactLocation: artifactLocation(file), region: region(range) } });
  const fingerprints = findingFingerprints(findings, options);
  const rules = REPORTED_RULES.map((meta): Sarif.ReportingDescriptor => {
    const description = localize(meta.description, options.locale);
    const text = options.pageText(meta.id, options.locale);
    const page = text === undefined ? undefined : withoutRelativeLinks(text);
    return {
      id: meta.id,
      name: meta.id.replace(/(^|-)(\w)/g, (_m, _d: string, c: string) => c.toUpperCase()),
      shortDescription: { text: description },
      fullDescription: { text: description },
      help: page ? { text: description, markdown: page } : { text: description },
      defaultConfiguration: { level: SARIF_LEVEL[meta.defaultSeverity] },
    };
  });
  const results = findings.map((f, i): Sarif.Result => ({
    ruleId: f.rule,
    ruleIndex: ruleIndex.get(f.rule) ?? ruleIndex.get(INTERNAL_ERROR_META.id),
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    locations: [location(f.file, f.range)],
    ...(f.related.length > 0 ? { relatedLocations: f.related.map((r, id) => ({ id, ...location(r.file, r.range), message: { text: r.message } })) } : {}),
    ...(f.fixes.length > 0
      ? {
          fixes: f.fixes.map((fix) => ({
            description: { text: fix.title },
            artifactChanges: [...new Set(fix.edits.map((e) => e.file))].map((file) => ({
              artifactLocation: artifactLocation(file),
              replacements: fix.edits.filter((e) => e.file === file).map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
            })),
          })),
        }
      : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprints[i] },
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'fabedge-lint', version: options.toolVersion, semanticVersion: options.toolVersion, rules } },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(options.root.endsWith('/') ? options.root : `${options.root}/`).href } },
        // Columns count UTF-16 code units, as in the editor and LSP.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

const SRCROOT = '%SRCROOT%';

/**
 * A page's links to its neighbours (`[nginx-include](nginx-include.md)`, the other language) work
 * beside the page in the package; in a code scanning alert they would resolve against GitHub's
 * URL and lead nowhere, so SARIF keeps their words and drops the link.
 */
function withoutRelativeLinks(markdown: string): string {
  return markdown.replace(/\[([^\]]*)\]\((?![a-z][a-z0-9+.-]*:)[^)]*\)/gi, '$1');
}

/** v2: from the finding's rule, file and source text; v1 hashed the message, which changed with the language. */
const FINGERPRINT_KEY = 'fabedgeFinding/v2';

/**
 * What a finding is about, independent of the output language and of where its lines moved: the
 * rule, the file relative to %SRCROOT%, and the source text the finding covers (the address, key
 * or directive its message names), whitespace folded. A message cannot be the key: it is
 * translated, and some name line numbers. Findings with the same key are numbered in order
 * (`hash:n`), as GitHub numbers its own line hashes.
 */
function findingFingerprints(findings: readonly Finding[], options: SarifOptions): string[] {
  const texts = new Map<string, LineIndex | undefined>();
  const linesOf = (file: string) => {
    if (!texts.has(file)) {
      const text = options.readText(file);
      texts.set(file, text === undefined ? undefined : new LineIndex(text));
    }
    return texts.get(file);
  };
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const lines = isEmptyRange(f.range) ? undefined : linesOf(f.file);
    const subject = lines ? lines.text.slice(lines.offsetAt(f.range.start), lines.offsetAt(f.range.end)).replace(/\s+/g, ' ').trim() : '';
    const hash = fingerprint(`${f.rule}\0${relativePath(options.root, f.file)}\0${subject}`);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return `${hash}:${occurrence}`;
  });
}

/** A stable 64-bit hash (two FNV-1a variants), in hex. */
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
