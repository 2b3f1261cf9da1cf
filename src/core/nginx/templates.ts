/**
 * nginx files that are templates: Jinja, Go and Helm (`{{ … }}`, `{% … %}`), Terraform (`%{ … }`),
 * ERB (`<%= … %>`), envsubst (`${PORT}`), shell variables where nginx needs a literal
 * (`server $ip_address:500;`) and placeholder words (`BACKENDS` where a directive belongs,
 * `K8SHA_IP1:6443` as an address). Such a file is read by nginx only once rendered, so it is not
 * checked: it gets one finding, where nginx would stop on it as written.
 */
import type { Arg, Directive, ParseError, ParseResult } from './ast';
import { knownDirectiveName } from './directives';
import { hasForeignLines, weighNginxEvidence } from './evidence';
import { walkDirectives } from './parser';

export type TemplateKind = 'jinja' | 'terraform' | 'erb' | 'envsubst' | 'variable' | 'placeholder';

export interface TemplateMarker {
  kind: TemplateKind;
  /** Offsets of the marker in the parsed text. */
  start: number;
  end: number;
  /** The marker as written (`{{ host }}`, `${PORT}`, `BACKENDS`), cut to a readable length. */
  text: string;
}

/**
 * Where nginx, reading the file as written, stops: a tokenizer error, or a statement it rejects
 * (`start`/`end`: the marker in it, or the name nginx does not know).
 */
export type TemplateFailure = { kind: 'syntax'; error: ParseError } | { kind: 'statement'; directive: Directive; start: number; end: number };

export interface TemplateInfo {
  /** The first marker in the file. */
  marker: TemplateMarker;
  failure?: TemplateFailure;
}

/** Template syntax in the raw text: `{{`, `{%`, `{#…#}`, `%{`, `<%`. */
const RAW_MARKER = /\{\{|\{%|\{#.*?#\}|%\{|<%/g;
/** `${NAME}` or `$NAME` in capitals: nginx variables are lowercase, environment variables are not. */
const ENV_VARIABLE = /\$\{([A-Z][A-Z0-9_]*)\}|\$([A-Z][A-Z0-9]*_[A-Z0-9_]*)\b/g;
/** Placeholder marks: `__NAME__`, `@NAME@`, `%%NAME%%` (nginx-tests), `<name>`, `<<NAME>>` (Laragon). */
const MARKED = String.raw`_{2,}\w+?_{2,}|@+\w+@+|%+\w+%+|<+[\w.-]+>+`;
/** A word where nginx expects a directive, in capitals (`BACKENDS`) or between placeholder marks. */
const PLACEHOLDER_NAME = new RegExp(`^(?:[A-Z][A-Z0-9_]{2,}|${MARKED})$`);
/** A host or port that is a placeholder: capitals with an underscore (`K8SHA_IP1`), or between marks. */
const PLACEHOLDER_PART = new RegExp(`^(?:[A-Z][A-Z0-9]*_[A-Z0-9_]*|${MARKED})$`);
/** Variables nginx itself defines with these directives (their first or second argument). */
const DEFINES_VARIABLE = new Set(['set', 'map', 'geo', 'split_clients', 'js_set', 'perl_set', 'set_real_ip_from']);

const MAX_MARKER_TEXT = 60;

function marker(kind: TemplateKind, start: number, end: number, text: string): TemplateMarker {
  const shown = text.length > MAX_MARKER_TEXT ? `${text.slice(0, MAX_MARKER_TEXT - 1)}…` : text;
  return { kind, start, end, text: shown };
}

/** Whether a `#` comment runs over `offset`: a `#` earlier on its line at the start of a word (`{#` is Jinja's). */
function isInComment(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  for (let i = lineStart; i < offset; i++) {
    if (text.charCodeAt(i) === 35 /* # */ && (i === lineStart || /[\s;}]/.test(text[i - 1]))) return true;
  }
  return false;
}

function rawMarker(text: string): TemplateMarker | undefined {
  RAW_MARKER.lastIndex = 0;
  for (let m = RAW_MARKER.exec(text); m; m = RAW_MARKER.exec(text)) {
    if (isInComment(text, m.index)) continue;
    const lineEnd = text.indexOf('\n', m.index);
    const shownEnd = lineEnd === -1 ? text.length : lineEnd;
    const close = m[0] === '<%' ? text.indexOf('%>', m.index) : m[0] === '%{' ? text.indexOf('}', m.index) : text.indexOf(m[0] === '{{' ? '}}' : '%}', m.index);
    const end = close !== -1 && close < shownEnd ? close + 2 - (m[0] === '%{' ? 1 : 0) : shownEnd;
    const kind: TemplateKind = m[0] === '%{' ? 'terraform' : m[0] === '<%' ? 'erb' : 'jinja';
    return marker(kind, m.index, end, text.slice(m.index, end).trim());
  }
  return undefined;
}

function definedVariables(directives: readonly Directive[]): Set<string> {
  const names = new Set<string>();
  for (const d of directives) {
    if (d.kind !== 'directive' || !DEFINES_VARIABLE.has(d.name)) continue;
    for (const arg of d.args.slice(0, 2)) if (arg.value.startsWith('$')) names.add(arg.value.replace(/^\$\{?|\}$/g, ''));
  }
  return names;
}

/** The arguments nginx takes literally (no variables): listen addresses, upstream servers, include paths. */
function literalArgs(d: Directive): readonly Arg[] {
  if (d.name === 'listen') return d.args;
  if (d.name === 'include') return d.args;
  // An upstream server: a `server` with arguments (an http or stream server block takes none).
  if (d.name === 'server' && d.terminator !== '{') return d.args.slice(0, 1);
  return [];
}

/** Placeholders start with a capital or a mark; nginx's words almost never do. */
function mayBePlaceholder(word: string): boolean {
  const c = word.charCodeAt(0);
  return (c >= 65 && c <= 90) || c === 95 || c === 64 || c === 37 || c === 60; // A-Z _ @ % <
}

/** `K8SHA_IP1:6443`, `127.0.0.1:<<PORT>>`, `%%PORT_8080%%`: a placeholder as the host or the port. */
function isPlaceholderAddress(value: string): boolean {
  return value.split(':').some((part) => mayBePlaceholder(part) && PLACEHOLDER_PART.test(part));
}

function statementMarker(d: Directive, defined: ReadonlySet<string>): TemplateMarker | undefined {
  if (d.kind !== 'directive') return undefined;
  if (mayBePlaceholder(d.name) && PLACEHOLDER_NAME.test(d.name)) return marker('placeholder', d.nameToken.start, d.nameToken.end, d.nameToken.raw);
  for (const arg of d.args) {
    if (!arg.raw.includes('$')) continue;
    ENV_VARIABLE.lastIndex = 0;
    for (let m = ENV_VARIABLE.exec(arg.raw); m; m = ENV_VARIABLE.exec(arg.raw)) {
      if (defined.has(m[1] ?? m[2])) continue;
      return marker('envsubst', arg.start + m.index, arg.start + m.index + m[0].length, m[0]);
    }
  }
  for (const arg of literalArgs(d)) {
    if (arg.value.includes('$')) return marker('variable', arg.start, arg.end, arg.raw);
    if (isPlaceholderAddress(arg.value)) return marker('placeholder', arg.start, arg.end, arg.raw);
  }
  return undefined;
}

const cache = new WeakMap<ParseResult, TemplateInfo | null>();

/** Whether a parsed nginx text is a template, and where nginx would stop on it as written. */
export function templateOf(text: string, parse: ParseResult): TemplateInfo | undefined {
  const cached = cache.get(parse);
  if (cached !== undefined) return cached ?? undefined;
  const info = findTemplate(text, parse);
  cache.set(parse, info ?? null);
  return info;
}

function findTemplate(text: string, parse: ParseResult): TemplateInfo | undefined {
  const raw = rawMarker(text);
  const directives = walkDirectives(parse.directives);
  const defined = definedVariables(directives);
  let first: TemplateMarker | undefined = raw;
  let rejected: Extract<TemplateFailure, { kind: 'statement' }> | undefined;
  for (const d of directives) {
    const found = statementMarker(d, defined);
    if (found && (!first || found.start < first.start)) first = found;
    // nginx reads a statement when its ";" or "{" comes (an unterminated one fails as a syntax
    // error), and stops at the first it rejects: a marker where it needs a literal, or a name it
    // does not know (`%` of Terraform's `%{`, a placeholder word followed by ";").
    if (d.kind !== 'directive' || d.terminator === 'missing') continue;
    if (found) rejected = { kind: 'statement', directive: d, start: found.start, end: found.end };
    else if (!knownDirectiveName(d.name)) rejected = { kind: 'statement', directive: d, start: d.nameToken.start, end: d.nameToken.end };
    if (rejected) break;
  }
  // An Apache vhost's ${APACHE_LOG_DIR} and %{HTTP_HOST} make no nginx template: nginx, told to
  // read such a file, fails on it as on any other foreign file.
  if (!first || hasForeignLines(weighNginxEvidence(text, parse))) return undefined;
  const error = parse.errors[0];
  const failure: TemplateFailure | undefined = error && (!rejected || error.start < rejected.directive.end) ? { kind: 'syntax', error } : rejected;
  return failure ? { marker: first, failure } : { marker: first };
}
