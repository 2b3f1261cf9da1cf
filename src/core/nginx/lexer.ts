/**
 * nginx's configuration tokenizer, `ngx_conf_read_token` (src/core/ngx_conf_file.c), ported
 * rule by rule, plus error recovery so that one mistake does not hide the rest of the file.
 * docs/design/nginx-parsing.md states the rules; comments below name the nginx flag each branch
 * mirrors.
 *
 * The lexer works on a decoded string but counts UTF-8 bytes alongside, because nginx's
 * 4096-byte read buffer decides when a word (or comment) is "too long".
 */
import type { ParseError, ParseErrorCode, ParseErrorKind, QuoteKind, Token } from './ast';
import type { LineIndex } from '../text';

/** nginx's NGX_CONF_BUFFER: the read buffer a single word must fit in. */
const NGX_CONF_BUFFER = 4096;

/** What one `read()` ended with, like ngx_conf_read_token's return codes. */
export type ReadEnd = ';' | '{' | '}' | 'eof';

export interface ReadStatement {
  end: ReadEnd;
  /** Words collected for the statement (may be empty for `}` / eof, or after an error). */
  words: Token[];
  /** The `;` `{` or `}` token that ended the read; undefined at end of file. */
  endToken?: Token;
  /** 1-based line the tokenizer was on when it returned (nginx's cf->conf_file->line). */
  line: number;
  /** True when this read already reported an error about its own ending (no second message). */
  errored: boolean;
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const SEMI = 59; // ;
const LBRACE = 123; // {
const RBRACE = 125; // }
const HASH = 35; // #
const BACKSLASH = 92;
const DQUOTE = 34;
const SQUOTE = 39;
const DOLLAR = 36;
const RPAREN = 41;

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === LF;
}

/** UTF-8 length of the character starting at `i` (a surrogate pair counts once, as 4 bytes). */
function utf8Length(text: string, i: number): { bytes: number; units: number } {
  const c = text.charCodeAt(i);
  if (c < 0x80) return { bytes: 1, units: 1 };
  if (c < 0x800) return { bytes: 2, units: 1 };
  if (c >= 0xd800 && c <= 0xdbff) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return { bytes: 4, units: 2 };
  }
  return { bytes: 3, units: 1 }; // BMP char, or a lone surrogate (encoded as U+FFFD)
}

/** Number of UTF-8 bytes of a string (lone surrogates count as U+FFFD). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length;) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      bytes++;
      i++;
      continue;
    }
    const l = utf8Length(text, i);
    bytes += l.bytes;
    i += l.units;
  }
  return bytes;
}

/**
 * nginx's unescaping when it stores a word (quoted and unquoted alike): `\"` `\'` `\\` become
 * the bare character, `\t` `\r` `\n` the control character, any other `\x` stays as is
 * (that is how regexes like `\d` survive).
 */
export function unescapeNginx(raw: string): string {
  if (raw.indexOf('\\') === -1) return raw;
  let out = '';
  for (let i = 0; i < raw.length;) {
    const ch = raw[i];
    if (ch === '\\' && i + 1 < raw.length) {
      const next = raw[i + 1];
      if (next === '"' || next === "'" || next === '\\') {
        out += next;
        i += 2;
        continue;
      }
      if (next === 't' || next === 'r' || next === 'n') {
        out += next === 't' ? '\t' : next === 'r' ? '\r' : '\n';
        i += 2;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}

/** First `maxBytes` UTF-8 bytes of `text` from `from`, cut at a character boundary. */
function prefixBytes(text: string, from: number, maxBytes: number): string {
  let bytes = 0;
  let i = from;
  while (i < text.length) {
    const l = utf8Length(text, i);
    if (bytes + l.bytes > maxBytes) break;
    bytes += l.bytes;
    i += l.units;
  }
  return text.slice(from, i);
}

export class NginxLexer {
  /** Non-trivia tokens in source order; whitespace is filled in by `allTokens()`. */
  private readonly solid: Token[] = [];
  readonly errors: ParseError[] = [];

  private pos = 0;
  private line = 1;
  private byte = 0;
  private readonly fileBytes: number;
  // nginx's read-buffer window [winStart, winEnd) in bytes, and its `start` pointer.
  private winStart = 0;
  private winEnd: number;
  private startByte = 0;
  private startLine = 1;
  private startOffset = 0;
  private tooLongAt = -1;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
  ) {
    this.fileBytes = utf8ByteLength(text);
    this.winEnd = Math.min(NGX_CONF_BUFFER, this.fileBytes);
  }

  get offset(): number {
    return this.pos;
  }

  get currentLine(): number {
    return this.line;
  }

  error(code: ParseErrorCode, kind: ParseErrorKind, message: string, start: number, end: number, line: number): ParseError {
    const err: ParseError = { message, code, kind, range: this.lines.rangeOf(start, end), start, end, line };
    this.errors.push(err);
    return err;
  }

  private push(kind: Token['kind'], start: number, end: number, value?: string, quote: QuoteKind = 'none', closed?: boolean, rawText?: string): Token {
    const raw = rawText ?? this.text.slice(start, end);
    const token: Token = { kind, raw, value: value ?? raw, quote, start, end };
    if (closed !== undefined) token.closed = closed;
    this.solid.push(token);
    return token;
  }

  private pushComment(start: number, end: number): void {
    // A CR right before the LF is left to the whitespace run, so comment text has no CR.
    let e = end;
    if (e > start + 1 && this.text.charCodeAt(e - 1) === CR) e--;
    this.push('comment', start, e);
  }

  /** Sets nginx's `start` pointer (the beginning of what must stay in the read buffer). */
  private setStart(offset: number, byte: number): void {
    this.startOffset = offset;
    this.startByte = byte;
    this.startLine = this.line;
  }

  /**
   * The buffer refill of ngx_conf_read_token: when the pending text (from `start`) already
   * fills the whole 4096-byte buffer, nginx gives up on the word.
   */
  private refill(dQuoted: boolean, sQuoted: boolean): void {
    if (this.startByte === this.tooLongAt) {
      this.winStart = this.byte;
      this.winEnd = Math.min(this.byte + NGX_CONF_BUFFER, this.fileBytes);
      return;
    }
    if (this.startByte === this.winStart) {
      const start = Math.max(0, dQuoted || sQuoted ? this.startOffset - 1 : this.startOffset);
      if (dQuoted || sQuoted) {
        const ch = dQuoted ? '"' : "'";
        this.error('too-long-quoted', 'lexical', `too long parameter, probably missing terminating "${ch}" character`, start, this.pos, this.startLine);
      } else {
        const head = prefixBytes(this.text, this.startOffset, 10);
        this.error('too-long-parameter', 'lexical', `too long parameter "${head}..." started`, start, this.pos, this.startLine);
      }
      this.tooLongAt = this.startByte;
      this.winStart = this.byte;
      this.winEnd = Math.min(this.byte + NGX_CONF_BUFFER, this.fileBytes);
      return;
    }
    this.winStart = this.startByte;
    this.winEnd = Math.min(this.startByte + NGX_CONF_BUFFER, this.fileBytes);
  }

  /** Reads one statement: words up to `;`, `{`, `}` or end of file (one ngx_conf_read_token call). */
  read(): ReadStatement {
    const text = this.text;
    const len = text.length;
    const words: Token[] = [];

    let lastSpace = true;
    let needSpace = false;
    let quoted = false;
    let sQuoted = false;
    let dQuoted = false;
    let sharpComment = false;
    let variable = false;

    let wordStart = 0; // offset of the word's first character (its opening quote, if any)
    let valueStart = 0; // offset of the word's value (after an opening quote)
    let quote: QuoteKind = 'none';
    let commentStart = 0;

    // nginx: start = b->pos at the top of every call.
    this.setStart(this.pos, this.byte);

    for (;;) {
      if (this.byte >= this.winEnd && this.winEnd < this.fileBytes) this.refill(dQuoted, sQuoted);

      if (this.pos >= len) {
        if (sharpComment) this.pushComment(commentStart, len);
        if (words.length > 0 || !lastSpace) {
          const openWord = !lastSpace && !needSpace;
          if (openWord) {
            const closed = quote === 'none' ? undefined : false;
            words.push(this.push('word', wordStart, len, unescapeNginx(text.slice(valueStart, len)), quote, closed));
          }
          const lexical = openWord && (quote !== 'none' || quoted);
          // Range: the opening quote of an unterminated quoted word, else the last word.
          const last = words[words.length - 1];
          const errStart = last.start;
          const errEnd = openWord && quote !== 'none' ? last.start + 1 : last.end;
          this.error('eof-in-statement', lexical ? 'lexical' : 'structural', 'unexpected end of file, expecting ";" or "}"', errStart, errEnd, this.line);
          return { end: 'eof', words, line: this.line, errored: true };
        }
        return { end: 'eof', words, line: this.line, errored: false };
      }

      const charStart = this.pos;
      const charByte = this.byte;
      const c = text.charCodeAt(charStart);
      if (c < 0x80) {
        this.pos++;
        this.byte++;
      } else {
        const l = utf8Length(text, charStart);
        this.pos += l.units;
        this.byte += l.bytes;
      }

      if (c === LF) {
        this.line++;
        if (sharpComment) {
          sharpComment = false;
          this.pushComment(commentStart, charStart);
        }
      }

      if (sharpComment) continue;

      if (quoted) {
        quoted = false;
        continue;
      }

      if (needSpace) {
        if (isSpace(c)) {
          lastSpace = true;
          needSpace = false;
          continue;
        }
        if (c === SEMI) return { end: ';', words, endToken: this.push(';', charStart, this.pos), line: this.line, errored: false };
        if (c === LBRACE) return { end: '{', words, endToken: this.push('{', charStart, this.pos), line: this.line, errored: false };
        if (c === RPAREN) {
          // `)` after a quote (http's `if (... "x")`) is not swallowed: it starts a new word.
          lastSpace = true;
          needSpace = false;
        } else {
          const ch = text.slice(charStart, this.pos);
          this.error('unexpected-after-quote', 'lexical', `unexpected "${ch}"`, charStart, this.pos, this.line);
          // Recovery: act as if a space had been there. A `}` then closes the block (the
          // statement is left without terminator), `#` starts a comment, anything else a word.
          if (c === RBRACE) return { end: '}', words, endToken: this.push('}', charStart, this.pos), line: this.line, errored: true };
          lastSpace = true;
          needSpace = false;
        }
      }

      if (lastSpace) {
        this.setStart(charStart, charByte);
        if (isSpace(c)) continue;

        switch (c) {
          case SEMI:
          case LBRACE: {
            const token = this.push(c === SEMI ? ';' : '{', charStart, this.pos);
            if (words.length === 0) {
              this.error(c === SEMI ? 'unexpected-semicolon' : 'unexpected-open-brace', 'structural', `unexpected "${c === SEMI ? ';' : '{'}"`, charStart, this.pos, this.line);
              // Recovery: a stray `;` is skipped; a nameless `{` still opens a block so that its `}` balances.
              if (c === SEMI) {
                this.setStart(this.pos, this.byte);
                continue;
              }
              return { end: '{', words, endToken: token, line: this.line, errored: true };
            }
            return { end: c === SEMI ? ';' : '{', words, endToken: token, line: this.line, errored: false };
          }
          case RBRACE: {
            const token = this.push('}', charStart, this.pos);
            if (words.length !== 0) {
              // Typically a missing `;` before `}`.
              this.error('unexpected-close-brace', 'structural', 'unexpected "}"', charStart, this.pos, this.line);
              return { end: '}', words, endToken: token, line: this.line, errored: true };
            }
            return { end: '}', words, endToken: token, line: this.line, errored: false };
          }
          case HASH:
            sharpComment = true;
            commentStart = charStart;
            continue;
          case BACKSLASH:
            quoted = true;
            lastSpace = false;
            wordStart = valueStart = charStart;
            quote = 'none';
            continue;
          case DQUOTE:
          case SQUOTE:
            // nginx: start++ - the quote is not part of the value.
            this.startByte++;
            this.startOffset++;
            if (c === DQUOTE) dQuoted = true;
            else sQuoted = true;
            lastSpace = false;
            wordStart = charStart;
            valueStart = this.pos;
            quote = c === DQUOTE ? '"' : "'";
            continue;
          case DOLLAR:
            variable = true;
            lastSpace = false;
            wordStart = valueStart = charStart;
            quote = 'none';
            continue;
          default:
            lastSpace = false;
            wordStart = valueStart = charStart;
            quote = 'none';
            continue;
        }
      }

      // Inside a word.
      if (c === LBRACE && variable) continue; // `${`: the brace belongs to the word (variable stays set, as in nginx)
      variable = false;
      if (c === BACKSLASH) {
        quoted = true;
        continue;
      }
      if (c === DOLLAR) {
        variable = true;
        continue;
      }

      let found = false;
      if (dQuoted) {
        if (c === DQUOTE) {
          dQuoted = false;
          needSpace = true;
          found = true;
        }
      } else if (sQuoted) {
        if (c === SQUOTE) {
          sQuoted = false;
          needSpace = true;
          found = true;
        }
      } else if (isSpace(c) || c === SEMI || c === LBRACE) {
        // `}` and `#` do not end an unquoted word.
        lastSpace = true;
        found = true;
      }

      if (found) {
        if (quote === 'none') {
          // Unquoted: raw and value are the same text unless there is a backslash (one slice, not two).
          const raw = text.slice(wordStart, charStart);
          words.push(this.push('word', wordStart, charStart, unescapeNginx(raw), quote, undefined, raw));
        } else {
          words.push(this.push('word', wordStart, this.pos, unescapeNginx(text.slice(valueStart, charStart)), quote, true));
        }
        if (c === SEMI) return { end: ';', words, endToken: this.push(';', charStart, this.pos), line: this.line, errored: false };
        if (c === LBRACE) return { end: '{', words, endToken: this.push('{', charStart, this.pos), line: this.line, errored: false };
      }
    }
  }

  /**
   * Reads the body of a `*_by_lua_block` after its `{`, the way lua-nginx-module does: braces
   * count only outside Lua strings and comments (`--`, `--[[ ]]`, `[[ ]]`, `[=[ ]=]`); `#` is
   * Lua's length operator. Returns the `}` token, or undefined when the file ends first.
   */
  readRawBlock(): { body?: Token; close?: Token } {
    const text = this.text;
    const len = text.length;
    const from = this.pos;
    let i = from;
    let depth = 0;
    let close = -1;

    const longBracketLevel = (at: number): number => {
      // `[`, `=`*n, `[` -> n; otherwise -1
      if (text.charCodeAt(at) !== 91) return -1;
      let j = at + 1;
      while (j < len && text.charCodeAt(j) === 61) j++;
      return j < len && text.charCodeAt(j) === 91 ? j - at - 1 : -1;
    };
    const skipLong = (at: number, level: number): number => {
      const closer = ']' + '='.repeat(level) + ']';
      const k = text.indexOf(closer, at + level + 2);
      return k === -1 ? len : k + closer.length;
    };

    while (i < len) {
      const c = text.charCodeAt(i);
      if (c === 45 && text.charCodeAt(i + 1) === 45) {
        const level = longBracketLevel(i + 2);
        if (level >= 0) {
          i = skipLong(i + 2, level);
        } else {
          const nl = text.indexOf('\n', i);
          i = nl === -1 ? len : nl;
        }
        continue;
      }
      if (c === 91) {
        const level = longBracketLevel(i);
        if (level >= 0) {
          i = skipLong(i, level);
          continue;
        }
      }
      if (c === DQUOTE || c === SQUOTE) {
        let j = i + 1;
        while (j < len) {
          const d = text.charCodeAt(j);
          if (d === BACKSLASH) {
            j += 2;
            continue;
          }
          if (d === c || d === LF) break;
          j++;
        }
        i = Math.min(j + 1, len);
        continue;
      }
      if (c === LBRACE) depth++;
      else if (c === RBRACE) {
        if (depth === 0) {
          close = i;
          break;
        }
        depth--;
      }
      i++;
    }

    const bodyEnd = close === -1 ? len : close;
    const result: { body?: Token; close?: Token } = {};
    if (bodyEnd > from) result.body = this.push('raw', from, bodyEnd);
    const consumedEnd = close === -1 ? len : close + 1;
    const consumed = text.slice(from, consumedEnd);
    for (let k = consumed.indexOf('\n'); k !== -1; k = consumed.indexOf('\n', k + 1)) this.line++;
    this.byte += utf8ByteLength(consumed);
    this.pos = consumedEnd;
    // lua-nginx-module manages the buffer itself; restart nginx's window after the block.
    this.winStart = this.byte;
    this.winEnd = Math.min(this.byte + NGX_CONF_BUFFER, this.fileBytes);
    if (close !== -1) result.close = this.push('}', close, close + 1);
    return result;
  }

  /** All tokens, whitespace runs included, in source order: their `raw` joined is the input. */
  allTokens(): Token[] {
    const text = this.text;
    const solid = this.solid;
    // Tokens are produced in order; sort defensively only when they are not.
    for (let k = 1; k < solid.length; k++) {
      if (solid[k].start < solid[k - 1].start) {
        solid.sort((a, b) => a.start - b.start);
        break;
      }
    }
    const out: Token[] = [];
    let at = 0;
    const gap = (to: number): void => {
      if (to > at) {
        const raw = text.slice(at, to);
        out.push({ kind: 'whitespace', raw, value: raw, quote: 'none', start: at, end: to });
      }
    };
    for (const token of solid) {
      gap(token.start);
      out.push(token);
      at = token.end;
    }
    gap(text.length);
    return out;
  }
}
