/**
 * Deterministic generators of nginx stream configurations: valid ones (for nginx 1.22 with the
 * stream module, IP literals only, listens on 127.0.0.1 ports >= 15000) and seeded mutations
 * of them. Shared by the oracle test, the property tests and the benchmark.
 */

/** mulberry32: small, fast, deterministic PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;

export function int(r: Rand, lo: number, hi: number): number {
  return lo + Math.floor(r() * (hi - lo + 1));
}

export function pick<T>(r: Rand, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)];
}

function maybeQuote(r: Rand, word: string): string {
  const x = r();
  if (x < 0.15) return `"${word}"`;
  if (x < 0.25) return `'${word}'`;
  return word;
}

function sep(r: Rand): string {
  const x = r();
  if (x < 0.8) return ' ';
  if (x < 0.9) return '\t';
  if (x < 0.95) return '  ';
  return ' # note\n      '; // a comment between two arguments of one statement
}

export interface ConfigShape {
  servers: number;
  /** Server lines per upstream. */
  upstreamServers: number;
  maps: number;
  mapEntries: number;
  /** First listen port (each server gets its own). */
  basePort: number;
}

/**
 * A valid stream configuration. `r` drives the cosmetic choices (quotes, comments, tabs),
 * the shape gives the size.
 */
export function validStreamConfig(r: Rand, shape: ConfigShape): string {
  const out: string[] = [];
  out.push('# generated stream config');
  out.push('events {');
  out.push(`    worker_connections ${Math.max(64, shape.servers * 2 + 64)};`); // nginx needs one per listening socket
  out.push('}');
  out.push('stream {');
  out.push(`    proxy_timeout${sep(r)}${maybeQuote(r, '30s')};`);
  for (let m = 0; m < shape.maps; m++) {
    const source = pick(r, ['$remote_addr', '${remote_addr}', '$server_port', '"$remote_addr:$server_port"']);
    out.push(`    map ${source} $fab_map_${m} {`);
    out.push(`        default${sep(r)}${maybeQuote(r, `v${m}`)};`);
    for (let e = 0; e < shape.mapEntries; e++) {
      const key = `10.${(e >> 16) & 255}.${(e >> 8) & 255}.${e & 255}`;
      const value = pick(r, [`value_${e}`, `"quoted value ${e}"`, `'single ${e}'`, `a\\"b${e}`, `re\\d${e}`, `x\${remote_addr}y${e}`]);
      out.push(`        ${key}${sep(r)}${value};`);
    }
    out.push('    }');
  }
  for (let s = 0; s < shape.servers; s++) {
    const port = shape.basePort + s;
    out.push(`    upstream fab_up_${s} {`);
    if (r() < 0.3) out.push('        hash $remote_addr consistent;');
    for (let u = 0; u < shape.upstreamServers; u++) {
      out.push(`        server 10.${(s >> 8) & 255}.${s & 255}.${(u % 250) + 1}:${pick(r, ['500', '4500', '8443'])}${r() < 0.2 ? ' weight=2' : ''};`);
    }
    out.push('    }');
    out.push(`    server {  # server ${s}`);
    out.push(`        listen${sep(r)}${maybeQuote(r, `127.0.0.1:${port}`)}${sep(r)}${maybeQuote(r, 'udp')}${r() < 0.3 ? ' reuseport' : ''};`);
    out.push(`        proxy_pass${sep(r)}${r() < 0.7 ? `fab_up_${s}` : `10.0.0.${(s % 250) + 1}:4500`};`);
    if (r() < 0.5) out.push(`        proxy_responses ${int(r, 1, 9)};`);
    out.push('    }');
  }
  out.push('}');
  return out.join('\n') + '\n';
}

/** Small valid config for mutation testing. */
export function smallStreamConfig(r: Rand, basePort: number): string {
  return validStreamConfig(r, { servers: int(r, 1, 3), upstreamServers: int(r, 1, 3), maps: int(r, 0, 2), mapEntries: int(r, 0, 3), basePort });
}

const JUNK = ['x', '#', '}', '{', ';', '"', "'", '\\', '$', ')', 'é', '\r'];

/** Positions just before or after a word, or inside one. */
function randomOffset(r: Rand, text: string): number {
  return int(r, 0, text.length);
}

function nth(text: string, ch: string, r: Rand): number {
  const hits: number[] = [];
  for (let i = text.indexOf(ch); i !== -1; i = text.indexOf(ch, i + 1)) hits.push(i);
  return hits.length === 0 ? -1 : pick(r, hits);
}

function insert(text: string, at: number, what: string): string {
  return text.slice(0, at) + what + text.slice(at);
}

/** One seeded mutation of a config: the kinds of mistakes and oddities the tokenizer must get right. */
export function mutate(r: Rand, text: string): { text: string; kind: string } {
  const kind = pick(r, [
    'delete-semicolon',
    'stray-close',
    'stray-open',
    'stray-semicolon',
    'stray-quote',
    'comment',
    'escape',
    'crlf',
    'brace-in-word',
    'quote-junk',
    'delete-brace',
    'long-word',
    'long-comment',
    'truncate',
    'variable-brace',
    'lone-cr',
    'delete-range',
    'quote-word',
    'paren-after-quote',
  ] as const);
  switch (kind) {
    case 'delete-semicolon': {
      const i = nth(text, ';', r);
      return { kind, text: i < 0 ? text : text.slice(0, i) + text.slice(i + 1) };
    }
    case 'stray-close':
      return { kind, text: insert(text, randomOffset(r, text), '}') };
    case 'stray-open':
      return { kind, text: insert(text, randomOffset(r, text), '{') };
    case 'stray-semicolon':
      return { kind, text: insert(text, randomOffset(r, text), ';') };
    case 'stray-quote':
      return { kind, text: insert(text, randomOffset(r, text), pick(r, ['"', "'"])) };
    case 'comment':
      return { kind, text: insert(text, randomOffset(r, text), pick(r, ['# c\n', '#c', ' # c;}{"\n', '#'])) };
    case 'escape':
      return { kind, text: insert(text, randomOffset(r, text), pick(r, ['\\', '\\;', '\\"', '\\ ', '\\{', '\\\n'])) };
    case 'crlf':
      return { kind, text: text.replace(/\n/g, '\r\n') };
    case 'brace-in-word': {
      const i = nth(text, ';', r);
      return { kind, text: i < 0 ? text : insert(text, i, pick(r, ['}', '}}', '}x', '{'])) };
    }
    case 'quote-junk': {
      const i = nth(text, ';', r);
      return { kind, text: i < 0 ? text : insert(text, i, ` "q"${pick(r, JUNK)}`) };
    }
    case 'delete-brace': {
      const i = nth(text, pick(r, ['{', '}']), r);
      return { kind, text: i < 0 ? text : text.slice(0, i) + text.slice(i + 1) };
    }
    case 'long-word': {
      const i = nth(text, ';', r);
      const q = pick(r, ['', '"', "'"]);
      const body = 'w'.repeat(int(r, 4070, 4110));
      return { kind, text: i < 0 ? text : insert(text, i, ` ${q}${body}${r() < 0.5 ? q : ''}`) };
    }
    case 'long-comment': {
      const i = nth(text, '\n', r);
      return { kind, text: i < 0 ? text : insert(text, i + 1, `#${'c'.repeat(int(r, 4070, 4110))}\n`) };
    }
    case 'truncate':
      return { kind, text: text.slice(0, randomOffset(r, text)) };
    case 'variable-brace': {
      const i = nth(text, ';', r);
      return { kind, text: i < 0 ? text : insert(text, i, pick(r, [' ${x}', ' a${b}c', ' ${{', ' $', ' ${', ' $}'])) };
    }
    case 'lone-cr':
      return { kind, text: insert(text, randomOffset(r, text), '\r') };
    case 'delete-range': {
      const a = randomOffset(r, text);
      return { kind, text: text.slice(0, a) + text.slice(Math.min(text.length, a + int(r, 1, 12))) };
    }
    case 'quote-word': {
      // Quote the word before a random `;` (valid), optionally leaving junk right after the quote.
      const i = nth(text, ';', r);
      if (i < 0) return { kind, text };
      let j = i;
      while (j > 0 && !/\s/.test(text[j - 1])) j--;
      const q = pick(r, ['"', "'"]);
      return { kind, text: text.slice(0, j) + q + text.slice(j, i) + q + (r() < 0.3 ? pick(r, JUNK) : '') + text.slice(i) };
    }
    case 'paren-after-quote': {
      const i = nth(text, ';', r);
      return { kind, text: i < 0 ? text : insert(text, i, ' "p")') };
    }
  }
}
