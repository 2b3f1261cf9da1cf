/**
 * A cheap bound on how deeply a YAML text nests, checked before the `yaml` parser sees it: its
 * lexer, composer and the walks over its tree recurse once per level, so ten thousand `[` or
 * `- - - …` exhaust the stack after seconds of work (the lexer throws outright on `- - -`).
 * Values files nest a handful of levels.
 */

/** Far deeper than any values file or Chart.yaml; far below where the parser gets slow or overflows. */
export const MAX_YAML_DEPTH = 256;

const SPACE = /[ \t]/;
const BREAK_OR_END = (c: string | undefined) => c === undefined || c === '\n' || c === '\r';
const SEPARATED = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * The offset at which the text first nests deeper than `limit`, or undefined. One pass over the
 * text with a small YAML tokenizer: block depth is the number of open indentation levels (each
 * compact `- `, `? ` or `: ` entry opens one more), flow depth the `[` and `{` still open.
 * Quoted scalars are skipped to their real end (over lines, as the parser reads them), plain
 * scalars, comments and block scalars are skipped, so brackets and quotes inside them do not
 * count. It never underestimates by more than a level.
 */
export function excessiveNesting(text: string, limit = MAX_YAML_DEPTH): number | undefined {
  const n = text.length;
  const indents: number[] = [];
  let flow = 0;
  /** Whether the next token starts a node (after an indicator) rather than continuing a scalar. */
  let expectNode = true;
  /** In flow context: inside a plain scalar, which ends at `,`, `]`, `}`, `: ` or ` #`. */
  let flowPlain = false;
  /** Lines more indented than this belong to a block scalar. */
  let blockScalarParent = -1;
  let i = 0;
  while (i < n) {
    // ---- start of a line
    const lineStart = i;
    while (text[i] === ' ') i++;
    const leading = i - lineStart;
    const blank = BREAK_OR_END(text[i]) || text[i] === '#';
    if (blockScalarParent >= 0) {
      if (blank || leading > blockScalarParent) {
        i = nextLine(text, i);
        continue;
      }
      blockScalarParent = -1;
    }
    if (flow === 0) {
      if (blank) {
        i = nextLine(text, i);
        continue;
      }
      if (leading === 0 && (text.startsWith('---', i) || text.startsWith('...', i)) && SEPARATED(text[i + 3])) {
        indents.length = 0;
        i += 3;
      } else {
        while (indents.length > 0 && indents[indents.length - 1] >= leading) indents.pop();
        indents.push(leading);
      }
      expectNode = true;
      flowPlain = false;
    }
    // ---- the rest of the line
    while (i < n && !BREAK_OR_END(text[i])) {
      const c = text[i];
      if (SPACE.test(c)) {
        i++;
        continue;
      }
      if (c === '#' && (i === lineStart || SPACE.test(text[i - 1]))) {
        i = lineEnd(text, i);
        break;
      }
      if (flow === 0 && (c === '-' || c === '?' || c === ':') && SEPARATED(text[i + 1]) && (expectNode || c === ':')) {
        // A block indicator: one more level for what follows it on this line.
        indents.push(i - lineStart + 1);
        if (indents.length > limit) return i;
        expectNode = true;
        i++;
        continue;
      }
      if (flow > 0 && flowPlain) {
        if (c === ',' || c === ']' || c === '}' || (c === ':' && (SEPARATED(text[i + 1]) || text[i + 1] === ','))) flowPlain = false;
        else {
          i++;
          continue;
        }
      }
      if (c === '"' || c === "'") {
        if (expectNode || flow > 0) {
          i = closingQuote(text, i);
          expectNode = false;
          continue;
        }
      } else if (c === '[' || c === '{') {
        if (expectNode || flow > 0) {
          flow++;
          if (indents.length + flow > limit) return i;
          expectNode = true;
          i++;
          continue;
        }
      } else if (c === ']' || c === '}') {
        if (flow > 0) {
          flow--;
          expectNode = false;
          i++;
          continue;
        }
      } else if (c === ',' && flow > 0) {
        expectNode = true;
        i++;
        continue;
      } else if (c === ':' && flow > 0) {
        expectNode = true;
        i++;
        continue;
      } else if ((c === '|' || c === '>') && expectNode && flow === 0) {
        // A block scalar: its content is the more indented lines that follow.
        blockScalarParent = leading;
        i = lineEnd(text, i);
        break;
      } else if ((c === '&' || c === '!') && expectNode) {
        // An anchor or a tag: the node still follows.
        while (i < n && !SEPARATED(text[i]) && !(flow > 0 && /[,[\]{}]/.test(text[i]))) i++;
        continue;
      }
      // A plain scalar (or an alias): to the end of the line in block context, where only
      // `: ` and ` #` end it; in flow context, up to a flow indicator.
      if (flow > 0) {
        flowPlain = true;
        expectNode = false;
        i++;
        continue;
      }
      i = plainEnd(text, i);
      expectNode = false;
    }
    i = nextLine(text, i);
  }
  return undefined;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

function nextLine(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end + 1;
}

/** Where a block-context plain scalar starting at `start` ends on its line: at `: `, ` #` or the line end. */
function plainEnd(text: string, start: number): number {
  const end = lineEnd(text, start);
  for (let i = start + 1; i < end; i++) {
    if (text[i] === ':' && SEPARATED(text[i + 1])) return i;
    if (text[i] === '#' && SPACE.test(text[i - 1])) return i;
  }
  return end;
}

/** The offset after the quote that closes the scalar opened at `start` (the end of the text if none). */
function closingQuote(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) {
      // '' inside a single-quoted scalar is an escaped quote.
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return text.length;
}
