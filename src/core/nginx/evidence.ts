/**
 * Whether a text reads as nginx. `conf.d/`, `sites-available/` and the like also hold Apache
 * vhosts, supervisor and php-fpm INI files, rsyslog, logrotate and systemd files: a name is a
 * hint, the content decides. Positive evidence is statements nginx would read as directives it
 * knows; counter-evidence is lines in another program's own syntax, outside those statements.
 */
import type { Directive, ParseResult } from './ast';
import { directivePlacements, knownDirectiveName } from './directives';
import { walkDirectives } from './parser';

export type ForeignSyntax = 'apache-tag' | 'apache-directive' | 'ini-section' | 'ini-comment' | 'key-value' | 'rsyslog' | 'logrotate' | 'resolv.conf' | 'bare-option' | 'c-style';

export interface NginxEvidence {
  /** Statements that name a directive nginx knows, ended by `;` or `{` as that directive is. */
  nginx: number;
  /** Statements ended by `;` or `{` whose name no nginx module knows (named.conf's `allow-query`). */
  unknown: number;
  /** Lines written in another configuration syntax, outside those statements. */
  foreign: number;
  /** The first such line's syntax (for tests and the output channel). */
  foreignSyntax?: ForeignSyntax;
}

/**
 * One line, leading blanks removed, in another program's syntax. None of these is an nginx
 * statement: nginx names are lowercase, never start with `<`, `[`, `$` or `/`, and never take `=`.
 */
const FOREIGN_LINES: readonly (readonly [ForeignSyntax, RegExp])[] = [
  // <VirtualHost *:80>, </Directory>, <IfModule mod_ssl.c>
  ['apache-tag', /^<\/?[A-Za-z][\w:.-]*(?:\s[^<>]*)?>\s*(?:#.*)?$/],
  // ServerName app.example.com, Listen 443 https, PermitRootLogin no: CamelCase without ; { }
  ['apache-directive', /^[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*(?:\s+[^;{}]*)?$/],
  // [program:worker], [www], [Unit]
  ['ini-section', /^\[[^\]\s][^\]]*\]\s*(?:[#;].*)?$/],
  // php-fpm and other INI files comment with ";"
  ['ini-comment', /^;+\s*[A-Za-z]/],
  // listen = /run/php/php-fpm.sock, command=/usr/bin/php, ExecStart=…, php_admin_value[x] = y
  ['key-value', /^[A-Za-z_][\w.-]*(?:\[[^\]]*\])?\s*=(?!.*[;{]\s*$)/],
  // $ModLoad imudp, module(load="imudp"), *.* @@logs:514, :programname, isequal, "x" …, if $programname … then
  ['rsyslog', /^(?:\$[A-Za-z]\w*(?:\s[^;{}]*)?$|(?:module|input|template|action|ruleset|global|main_queue|parser|lookup_table|dyn_stats|timezone)\s*\(|[\w*,!=.]+\.[\w*!=]+(?:;[\w*,!=.]+)*\s+[-@~|:^/*]|:\w+,\s*!?[\w-]+,|if\s+\$.*\bthen\b|&\s*(?:stop|~)\s*$)/],
  // /var/log/app/*.log {, daily, rotate 14, postrotate … endscript
  ['logrotate', /^(?:"?\/[^\s{]*"?\s+)*"?\/[^\s{]*"?\s*\{\s*$|^(?:daily|weekly|monthly|yearly|hourly|missingok|nomissingok|notifempty|ifempty|compress|nocompress|delaycompress|copytruncate|sharedscripts|postrotate|prerotate|firstaction|lastaction|endscript|dateext|nocreate)\s*$|^(?:rotate|maxsize|minsize|maxage|dateformat|olddir|su)\s+[^;{}]*$/],
  ['resolv.conf', /^(?:nameserver|search|domain|sortlist)\s+[^;{}]*$/],
  // dnsmasq and similar: domain-needed, bogus-priv
  ['bare-option', /^[a-z]+(?:-[a-z0-9]+)+\s*$/],
  // BIND and other C-like files: // and /* comments, blocks closed by "};"
  ['c-style', /^(?:\/\/|\/\*|\};)/],
];

/** A quick test before the per-syntax ones: most lines of most files match none. */
const MAYBE_FOREIGN = /^(?:[<[;$*:&/"]|\};|[A-Z]|[A-Za-z_][\w.-]*(?:\[[^\]]*\])?\s*=|(?:module|input|template|action|ruleset|global|main_queue|parser|lookup_table|dyn_stats|timezone)\s*\(|[\w*,!=.]+\.[\w*!=]+|if\s+\$|[a-z]+(?:-[a-z0-9]+)+\s*$|(?:daily|weekly|monthly|yearly|hourly|missingok|nomissingok|notifempty|ifempty|compress|nocompress|delaycompress|copytruncate|sharedscripts|postrotate|prerotate|firstaction|lastaction|endscript|dateext|nocreate|rotate|maxsize|minsize|maxage|dateformat|olddir|su|nameserver|search|domain|sortlist)\b)/;

/** A statement nginx reads as a directive it knows, ended the way that directive is ended. */
function isNginxStatement(d: Directive): boolean {
  if (d.kind !== 'directive' || d.terminator === 'missing' || !knownDirectiveName(d.name)) return false;
  // `listen = /run/php/php-fpm.sock` after a `;` comment line parses as a statement named listen.
  if (d.args[0]?.value.startsWith('=')) return false;
  const placements = directivePlacements(d.name);
  return placements.length === 0 || placements.some((p) => p.block === (d.terminator === '{'));
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 13;
}

/**
 * A line that starts with a lowercase letter and ends with `;`, `{` or `}` is an nginx statement's:
 * no foreign syntax above has that shape. Most lines of most nginx files are, so they are not cut out.
 */
function plainNginxLine(first: number, last: number): boolean {
  return first >= 97 && first <= 122 && (last === 59 || last === 123 || last === 125);
}

/** The foreign syntax of one line (blanks around it removed), if it has one. */
function foreignSyntaxOf(content: string): ForeignSyntax | undefined {
  return MAYBE_FOREIGN.test(content) ? FOREIGN_LINES.find(([, pattern]) => pattern.test(content))?.[0] : undefined;
}

/** What ends the first word of a line: a blank, `;` or `{`. */
function endsFirstWord(code: number): boolean {
  return isBlank(code) || code === 59 || code === 123;
}

/**
 * The common case without a parse (discovery meets thousands of files): every line is a comment,
 * a `}`, or a statement of one line (`name …;` or `name … {`) whose name nginx knows, and there is
 * at least one. Anything else (a foreign line, a name nobody knows, a statement over several lines)
 * is left to `weighNginxEvidence`.
 */
export function readsAsNginxAtAGlance(text: string): boolean {
  let statements = 0;
  let plain = true;
  forEachContentLine(text, (first, last) => {
    const firstCode = text.charCodeAt(first);
    if (firstCode === 125 /* } */ && last === first) return true;
    let nameEnd = first + 1;
    while (nameEnd <= last && !endsFirstWord(text.charCodeAt(nameEnd))) nameEnd++;
    plain = plainNginxLine(firstCode, text.charCodeAt(last)) && knownDirectiveName(text.slice(first, nameEnd));
    statements++;
    return plain;
  });
  return plain && statements > 0;
}

/**
 * Calls `visit` for each line that holds more than blanks and is no `#` comment, with its first
 * and last non-blank character and its 0-based number, until `visit` returns false.
 */
function forEachContentLine(text: string, visit: (first: number, last: number, line: number) => boolean): void {
  for (let lineStart = 0, line = 0; lineStart <= text.length; line++) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    let first = lineStart;
    let last = lineEnd - 1;
    while (first < lineEnd && isBlank(text.charCodeAt(first))) first++;
    while (last > first && isBlank(text.charCodeAt(last))) last--;
    lineStart = lineEnd + 1;
    if (first < lineEnd && text.charCodeAt(first) !== 35 /* # */ && !visit(first, last, line)) return;
  }
}

const cache = new WeakMap<ParseResult, NginxEvidence>();

/** Weighs a parsed text, once per parse (discovery and the template check both ask). */
export function weighNginxEvidence(text: string, parse: ParseResult): NginxEvidence {
  let evidence = cache.get(parse);
  if (!evidence) {
    evidence = weigh(text, parse);
    cache.set(parse, evidence);
  }
  return evidence;
}

function weigh(text: string, parse: ParseResult): NginxEvidence {
  const statements: Directive[] = [];
  let unknown = 0;
  for (const d of walkDirectives(parse.directives)) {
    if (isNginxStatement(d)) statements.push(d);
    else if (d.kind === 'directive' && d.terminator !== 'missing' && !knownDirectiveName(d.name)) unknown++;
  }
  const evidence: NginxEvidence = { nginx: statements.length, unknown, foreign: 0 };
  let spans: [number, number][] | undefined;
  forEachContentLine(text, (first, last, line) => {
    if (plainNginxLine(text.charCodeAt(first), text.charCodeAt(last))) return true;
    const syntax = foreignSyntaxOf(text.slice(first, last + 1));
    if (!syntax) return true;
    // A line inside an nginx statement (a multi-line argument list or quoted text) is nginx.
    spans ??= statements.map((d) => [parse.lineIndex.positionAt(d.start).line, parse.lineIndex.positionAt(d.end).line]);
    if (!spans.some(([from, to]) => line >= from && line <= to)) {
      evidence.foreign++;
      evidence.foreignSyntax ??= syntax;
    }
    return true;
  });
  return evidence;
}

/**
 * Reads as nginx: nginx statements, more than twice as many as the foreign lines, with a statement
 * of unknown name weighing half a foreign line (an nginx file may use a module we do not know).
 */
export function readsAsNginx(evidence: NginxEvidence): boolean {
  return evidence.nginx > 0 && evidence.nginx > 2 * evidence.foreign + evidence.unknown;
}

/** Reads as another program's configuration: foreign lines or statements that the nginx statements do not outweigh. */
export function readsAsForeign(evidence: NginxEvidence): boolean {
  return (evidence.foreign > 0 || evidence.unknown > 0) && !readsAsNginx(evidence);
}

/**
 * Lines in another program's own syntax that the nginx statements do not outweigh. Unlike
 * readsAsForeign, statements of unknown name do not count: a template's `{{#items}}` or a
 * placeholder word is one, and a file that nginx's name or template markers vouch for keeps them.
 */
export function hasForeignLines(evidence: NginxEvidence): boolean {
  return evidence.foreign > 0 && !readsAsNginx(evidence);
}
