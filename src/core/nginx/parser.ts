/**
 * nginx's statement loop (`ngx_conf_parse`) over the tokenizer in ./lexer: builds the directive
 * tree, keeps custom-handler bodies (`map`, `geo`, …) as generic entries and Lua blocks raw,
 * and recovers from every error so later statements and later errors are still found.
 *
 * Pure: input is a string, nothing is read from disk, and it never throws: an exception of its own
 * is kept in `internalError` with what was built before it.
 */
import { CUSTOM_HANDLER_BLOCKS, type Arg, type BlockKind, type Directive, type ParseOptions, type ParseResult, type QuoteKind, type Terminator, type Token } from './ast';
import { NginxLexer } from './lexer';
import { LineIndex, type Range } from '../text';
import { depthFirst } from '../walk';

const BOM = '\uFEFF';

interface Frame {
  children: Directive[];
  /** How statements in this frame are read; `top` is the file level. */
  kind: 'top' | BlockKind;
  owner?: Directive;
  /** Offset of the `{` that opened the frame (for the end-of-file message). */
  open: number;
  /** A nameless `{` (error recovery): its content belongs to the enclosing level. */
  anonymous?: boolean;
}

// Statements and arguments are classes for two things plain objects did badly. Their range is
// worked out when read: the checks place findings through NginxFile.rangeOf (which knows
// ConfigMaps), so computing a range for every statement and argument of a workspace was work and
// memory almost never used. And a statement's parent is a private field behind a getter, which
// JSON.stringify and deep-equality helpers do not follow back up the tree, where a non-enumerable
// property defined on each object cost a slow defineProperty call and a property array apiece.

class ParsedArg implements Arg {
  readonly value: string;
  readonly raw: string;
  readonly quote: QuoteKind;
  readonly start: number;
  readonly end: number;
  readonly #lines: LineIndex;

  constructor(
    readonly token: Token,
    lines: LineIndex,
  ) {
    this.value = token.value;
    this.raw = token.raw;
    this.quote = token.quote;
    this.start = token.start;
    this.end = token.end;
    this.#lines = lines;
  }

  get range(): Range {
    return this.#lines.rangeOf(this.start, this.end);
  }
}

class ParsedDirective implements Directive {
  declare terminatorToken?: Token;
  declare block?: Directive[];
  declare blockKind?: BlockKind;
  declare rawBody?: Token;
  declare blockOpen?: number;
  declare blockClose?: number;
  readonly words: number;
  readonly start: number;
  fullEnd: number;
  readonly #lines: LineIndex;
  readonly #parent: Directive | undefined;

  constructor(
    readonly kind: Directive['kind'],
    readonly name: string,
    readonly nameToken: Token,
    readonly args: Arg[],
    readonly terminator: Terminator,
    readonly end: number,
    readonly line: number,
    parent: Directive | undefined,
    lines: LineIndex,
  ) {
    this.words = args.length + 1;
    this.start = nameToken.start;
    this.fullEnd = end;
    this.#parent = parent;
    this.#lines = lines;
  }

  get range(): Range {
    return this.#lines.rangeOf(this.start, this.end);
  }

  get parent(): Directive | undefined {
    return this.#parent;
  }
}

export function parseNginx(text: string, options: ParseOptions = {}): ParseResult {
  const version = options.version ?? '1.22';
  const lineIndex = new LineIndex(text);
  const lexer = new NginxLexer(text, lineIndex);
  const top: Directive[] = [];
  const stack: Frame[] = [{ children: top, kind: 'top', open: 0 }];
  let internalError: string | undefined;

  const makeStatement = (words: Token[], terminatorToken: Token | undefined, line: number, frame: Frame): Directive => {
    const nameToken = words[0];
    const terminator: Terminator = terminatorToken ? (terminatorToken.kind === '{' ? '{' : ';') : 'missing';
    // map(), not push(): an array of its exact size. Grown by push, each held room for 17.
    const args: Arg[] = words.slice(1).map((w) => new ParsedArg(w, lineIndex));
    const last = words[words.length - 1];
    const end = terminatorToken ? terminatorToken.end : last.end;
    let name = nameToken.value;
    if (nameToken.raw.startsWith(BOM)) {
      // A byte-order mark (normally at file start) is an ordinary word byte to nginx, so it ends
      // up in the directive name: `unknown directive "\xEF\xBB\xBFevents"`, on the statement's line.
      name = name.startsWith(BOM) ? name.slice(1) : name;
      lexer.error('bom', 'lexical', `unknown directive "\\xEF\\xBB\\xBF${name}"`, nameToken.start, nameToken.start + 1, terminatorToken ? line : lineIndex.positionAt(last.end).line + 1);
    }
    const statementLine = terminatorToken ? line : lineIndex.positionAt(Math.max(last.start, last.end - 1)).line + 1;
    const d = new ParsedDirective(frame.kind === 'custom' ? 'entry' : 'directive', name, nameToken, args, terminator, end, statementLine, frame.owner, lineIndex);
    if (terminatorToken) d.terminatorToken = terminatorToken;
    frame.children.push(d);
    return d;
  };

  try {
    for (;;) {
      const frame = stack[stack.length - 1];
      const read = lexer.read();

      if (read.end === ';') {
        if (read.words.length > 0) makeStatement(read.words, read.endToken, read.line, frame);
        continue;
      }

      if (read.end === '{') {
        const open = read.endToken ? read.endToken.start : lexer.offset;
        if (read.words.length === 0) {
          // `unexpected "{"` already reported; the nameless block's content joins the current level.
          stack.push({ children: frame.children, kind: frame.kind === 'top' ? 'directives' : frame.kind, owner: frame.owner, open, anonymous: true });
          continue;
        }
        const d = makeStatement(read.words, read.endToken, read.line, frame);
        let kind: BlockKind;
        if (frame.kind === 'custom') {
          // ngx_conf_parse: a custom handler's body accepts no blocks.
          lexer.error('unexpected-open-brace', 'structural', 'unexpected "{"', open, open + 1, read.line);
          kind = 'custom';
        } else if (d.name.endsWith('_by_lua_block')) kind = 'raw';
        else if (CUSTOM_HANDLER_BLOCKS.has(d.name)) kind = 'custom';
        else kind = 'directives';
        d.block = [];
        d.blockKind = kind;
        d.blockOpen = open;
        if (kind === 'raw') {
          const raw = lexer.readRawBlock();
          if (raw.body) d.rawBody = raw.body;
          if (raw.close) {
            d.blockClose = raw.close.start;
            d.fullEnd = raw.close.end;
          } else {
            d.fullEnd = text.length;
            const err = lexer.error('eof-in-raw-block', 'structural', 'unexpected end of file, expecting "}"', text.length, text.length, lexer.currentLine);
            err.relatedRange = lineIndex.rangeOf(open, open + 1);
          }
          continue;
        }
        stack.push({ children: d.block, kind, owner: d, open });
        continue;
      }

      if (read.end === '}') {
        if (read.words.length > 0) makeStatement(read.words, undefined, read.line, frame);
        const close = read.endToken ? read.endToken : undefined;
        if (stack.length === 1) {
          if (!read.errored && close) lexer.error('unexpected-close-brace', 'structural', 'unexpected "}"', close.start, close.end, read.line);
          continue;
        }
        stack.pop();
        if (frame.owner && close && !frame.anonymous) {
          frame.owner.blockClose = close.start;
          frame.owner.fullEnd = close.end;
        }
        continue;
      }

      // End of file.
      if (read.words.length > 0) makeStatement(read.words, undefined, read.line, frame);
      if (stack.length > 1) {
        for (const f of stack) if (f.owner && !f.anonymous) f.owner.fullEnd = text.length;
        if (!read.errored) {
          const err = lexer.error('eof-in-block', 'structural', 'unexpected end of file, expecting "}"', text.length, text.length, read.line);
          err.relatedRange = lineIndex.rangeOf(frame.open, frame.open + 1);
        }
      }
      break;
    }
  } catch (error) {
    // The loop above is not expected to throw: keep whatever was built, and say so, so that a
    // bug shows as an internal-error finding (which the property tests assert never appears).
    internalError = error instanceof Error ? error.message : String(error);
  }

  // Errors stay in detection order (the order nginx would meet them), not sorted by range.
  // The full token list (whitespace included) is for tools that rewrite whole files; the checks
  // never ask for it, so it is built on first use instead of for every file of a workspace.
  let tokens: Token[] | undefined;
  return {
    directives: top,
    get tokens() {
      tokens ??= lexer.allTokens();
      return tokens;
    },
    errors: lexer.errors,
    lineIndex,
    version,
    ...(internalError === undefined ? {} : { internalError }),
  };
}

/** Depth-first walk over directives and entries (parents before children). */
export function walkDirectives(directives: readonly Directive[]): Directive[] {
  return depthFirst(directives, (d) => d.block);
}

/** Names of the enclosing block directives, outermost first (e.g. `['stream', 'server']`). */
export function contextOf(d: Directive): string[] {
  const names: string[] = [];
  for (let p = d.parent; p; p = p.parent) names.unshift(p.name);
  return names;
}
