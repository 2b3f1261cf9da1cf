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

export function weighNginxEvidence(text: string, parse: ParseResult): NginxEvidence {
  const all = walkDirectives(parse.directives);
  const statements = all.filter(isNginxStatement);
  const unknown = all.filter((d) => d.kind === 'directive' && d.terminator !== 'missing' && !knownDirectiveName(d.name)).length;
  const evidence: NginxEvidence = { nginx: statements.length, unknown, foreign: 0 };
  let lineStart = 0;
  let line = 0;
  let spans: [number, number][] | undefined;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const content = text.slice(lineStart, lineEnd).trim();
    if (content && !content.startsWith('#') && MAYBE_FOREIGN.test(content)) {
      const syntax = FOREIGN_LINES.find(([, pattern]) => pattern.test(content))?.[0];
      if (syntax) {
        // A line inside an nginx statement (a multi-line argument list or quoted text) is nginx.
        spans ??= statements.map((d) => [parse.lineIndex.positionAt(d.start).line, parse.lineIndex.positionAt(d.end).line]);
        if (!spans.some(([first, last]) => line >= first && line <= last)) {
          evidence.foreign++;
          evidence.foreignSyntax ??= syntax;
        }
      }
    }
    lineStart = lineEnd + 1;
    line++;
  }
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
