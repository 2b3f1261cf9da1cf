/**
 * Syntax tree of one nginx configuration file, as nginx's own tokenizer (`ngx_conf_read_token`)
 * and statement loop (`ngx_conf_parse`) see it. Produced by `parseNginx` in ./parser.
 *
 * Conventions:
 * - Offsets (`start`/`end`) are UTF-16 indices into the parsed string (JS string indices), `end`
 *   exclusive. `Range`s are 0-based line + UTF-16 character, as in LSP / VS Code.
 * - `line` fields are 1-based and are the line nginx itself would print in `in file:line`,
 *   which is not always the line where the construct starts (docs/design/nginx-parsing.md, "Which
 *   line nginx reports").
 * - Only LF starts a line (nginx counts lines on LF only; CRLF files therefore behave).
 */
import type { LineIndex, Range } from '../text';

/** Which nginx release's wording and behaviour to follow. 1.22 matches the Debian 12 oracle. */
export type NginxVersion = '1.22' | 'current';

/**
 * Token kinds. Every character of the input belongs to exactly one token, so joining
 * `raw` over `ParseResult.tokens` gives the input back byte for byte (formatters rely on it).
 * - `word`: one nginx word (directive name or argument), quoted or not;
 * - `;` `{` `}`: statement terminators and block close, only where nginx treats them as such
 *   (a `}` inside an unquoted word, or any of them inside quotes, stay part of the word);
 * - `comment`: `#` to end of line (LF excluded), only where nginx starts a comment;
 * - `whitespace`: runs of space, TAB, CR, LF;
 * - `raw`: the verbatim body of a `*_by_lua_block { … }` (read by lua-nginx-module, not nginx's lexer).
 */
export type TokenKind = 'word' | ';' | '{' | '}' | 'comment' | 'whitespace' | 'raw';

/** How a word was written. nginx itself forgets this; we keep it for diagnostics and formatting. */
export type QuoteKind = 'none' | '"' | "'";

export interface Token {
  kind: TokenKind;
  /** Exact source text, quotes and backslashes included. */
  raw: string;
  /**
   * For words: the value nginx stores, i.e. without the surrounding quotes and with nginx's
   * unescaping applied (`\"` `\'` `\\` -> bare char, `\t` `\r` `\n` -> control char, any
   * other `\x` kept as both characters). For every other kind: same as `raw`.
   */
  value: string;
  quote: QuoteKind;
  start: number;
  end: number;
  /** Quoted words only: false when the file ended before the closing quote. */
  closed?: boolean;
}

/** One argument of a statement (every word after the first). */
export interface Arg {
  /** Unescaped value; compare this, never `raw` (`udp` and `"udp"` are the same to nginx). */
  value: string;
  raw: string;
  quote: QuoteKind;
  start: number;
  end: number;
  /** Worked out when read. Findings use NginxFile.rangeOf (right inside ConfigMaps too). */
  readonly range: Range;
  token: Token;
}

/**
 * What the block body of a statement holds:
 * - `directives`: ordinary nested directives (`stream`, `server`, `upstream`, …);
 * - `custom`: a block read by a module's own handler (`map`, `geo`, `split_clients`, `types`,
 *   `charset_map`). Its children are `entry` statements (key/value lines): never look their
 *   first word up as a directive name;
 * - `raw`: a `*_by_lua_block`, whose body is one `raw` token in `rawBody`.
 */
export type BlockKind = 'directives' | 'custom' | 'raw';

/** Names whose block is read by a custom handler (nginx's `cf->handler`). */
export const CUSTOM_HANDLER_BLOCKS: ReadonlySet<string> = new Set(['map', 'geo', 'split_clients', 'types', 'charset_map']);

/** How the statement ended. `missing`: it did not (error recovery, e.g. `}` or end of file came first). */
export type Terminator = ';' | '{' | 'missing';

export interface Directive {
  /** `directive` normally; `entry` for a line inside a custom-handler block (see BlockKind). */
  kind: 'directive' | 'entry';
  /**
   * Unescaped first word. A leading UTF-8 BOM (U+FEFF) is stripped here only (it stays in
   * `nameToken`); the BOM itself is reported once as a lexical error.
   */
  name: string;
  nameToken: Token;
  args: Arg[];
  /** Number of words including the name: nginx's NGX_CONF_MAX_ARGS (8) check is left to the directive tables. */
  words: number;
  terminator: Terminator;
  /** The `;` or `{` token; absent when `terminator` is `missing`. */
  terminatorToken?: Token;
  /** Present iff the statement opened a block (`terminator === '{'`). */
  block?: Directive[];
  blockKind?: BlockKind;
  /** `raw` blocks only: the Lua body between the braces. */
  rawBody?: Token;
  /** Offset of the opening `{` (block statements). */
  blockOpen?: number;
  /** Offset of the matching `}`; undefined when the file ended first. */
  blockClose?: number;
  /** Offset of the first character of the name. */
  start: number;
  /** End offset of the statement header: after the `;`/`{`, or after the last word when missing. */
  end: number;
  /** End of the whole statement, block included (after the `}` when there is one). */
  fullEnd: number;
  /** Range of the header (`start`..`end`), worked out when read. Findings use NginxFile.rangeOf. */
  readonly range: Range;
  /**
   * 1-based line nginx reports for errors about this directive: the line of its terminating
   * `;` or `{` (for a missing terminator: the line of its last word).
   */
  line: number;
  /**
   * Enclosing block statement, undefined at top level. Not an own property (the parser gives a
   * getter), so JSON.stringify and deep-equality helpers do not walk back up the tree.
   */
  readonly parent?: Directive;
}

/**
 * - `lexical`: a problem inside or right after a word (junk after a closing quote, word too
 *   long, BOM, file ended inside a quote);
 * - `structural`: statements and blocks (`unexpected ";"/"{"/"}"`, end of file with a statement
 *   or block still open).
 */
export type ParseErrorKind = 'lexical' | 'structural';

/** Stable identifiers of parse errors, for rules, quick fixes and tests. */
export type ParseErrorCode =
  | 'unexpected-after-quote'
  | 'unexpected-semicolon'
  | 'unexpected-open-brace'
  | 'unexpected-close-brace'
  | 'eof-in-statement'
  | 'eof-in-block'
  | 'too-long-parameter'
  | 'too-long-quoted'
  | 'bom'
  | 'eof-in-raw-block';

export interface ParseError {
  /** nginx's exact text (without ` in file:line`), in the wording of the requested version. */
  message: string;
  code: ParseErrorCode;
  kind: ParseErrorKind;
  /** Precise location: the offending character or construct. */
  range: Range;
  start: number;
  end: number;
  /** 1-based line nginx prints for this error (may differ from `range.start.line + 1`). */
  line: number;
  /** Optional second location, e.g. the `{` of the block left open at end of file. */
  relatedRange?: Range;
}

export interface ParseResult {
  /** Top-level statements in file order. Parsing continues after errors, so later ones exist. */
  directives: Directive[];
  /** Every token including trivia; concatenating `raw` reproduces the input exactly. Built on first read. */
  readonly tokens: Token[];
  /**
   * Errors in the order the tokenizer meets them (nginx's order, not sorted by range). The
   * first one is the one nginx stops at (when nginx's first failure is lexical/structural at
   * all); later ones come from error recovery.
   */
  errors: ParseError[];
  /** Offset <-> position mapping for the parsed text. */
  lineIndex: LineIndex;
  version: NginxVersion;
  /**
   * Set only when the statement loop threw (a bug in the parser): the exception's message. The
   * directives hold what was built before it; the engine reports it as an `internal-error` finding.
   */
  internalError?: string;
}

export interface ParseOptions {
  version?: NginxVersion;
}
