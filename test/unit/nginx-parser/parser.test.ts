/**
 * Rule-by-rule tests of the nginx tokenizer/parser (docs/design/nginx-parsing.md), including the
 * edge cases where other parsers differ, the limits and the lines nginx reports.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNginx, walkDirectives, contextOf } from '../../../src/core/nginx/parser';
import { unescapeNginx, utf8ByteLength } from '../../../src/core/nginx/lexer';
import { toCrossplanePayload } from '../../../src/core/nginx/crossplane';
import type { Directive, ParseResult } from '../../../src/core/nginx/ast';

function errs(r: ParseResult): [string, number][] {
  return r.errors.map((e) => [e.message, e.line]);
}

function first(text: string): [string, number] | undefined {
  const e = parseNginx(text).errors[0];
  return e ? [e.message, e.line] : undefined;
}

function shape(list: readonly Directive[]): unknown[] {
  return list.map((d) => (d.block ? [d.name, d.args.map((a) => a.value), shape(d.block)] : [d.name, d.args.map((a) => a.value)]));
}

function roundTrips(text: string): boolean {
  return parseNginx(text).tokens.map((t) => t.raw).join('') === text;
}

describe('edge cases a naive parser gets wrong', () => {
  test('junk right after a closing quote: unexpected "x", not two arguments', () => {
    assert.deepEqual(first('proxy_pass "127.0.0.1:1"x;'), ['unexpected "x"', 1]);
  });

  test('`}` inside a word at end of file: the braces belong to the argument', () => {
    const r = parseNginx('proxy_pass 127.0.0.1:1}}');
    assert.deepEqual(errs(r), [['unexpected end of file, expecting ";" or "}"', 1]]);
    assert.deepEqual(shape(r.directives), [['proxy_pass', ['127.0.0.1:1}}']]]);
    assert.equal(r.directives[0].terminator, 'missing');
  });

  test('`#` right after a closing quote is not a comment', () => {
    assert.deepEqual(first('proxy_pass "127.0.0.1:1"#x\n;'), ['unexpected "#"', 1]);
  });

  test('both quote kinds are unescaped in single quotes', () => {
    const r = parseNginx(`set $v 'a\\'b "c\\" \\x';`);
    assert.deepEqual(r.errors, []);
    assert.equal(r.directives[0].args[1].value, 'a\'b "c" \\x');
    assert.equal(r.directives[0].args[1].quote, "'");
  });

  test('a word may begin with ${…}', () => {
    const r = parseNginx('map ${server_port} $x {\n default 1;\n}\n');
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.directives[0].args.map((a) => a.value), ['${server_port}', '$x']);
  });

  test('a comment between the arguments of one statement', () => {
    const r = parseNginx('listen 127.0.0.1:15000 # c\nudp;\n');
    assert.deepEqual(r.errors, []);
    assert.deepEqual(shape(r.directives), [['listen', ['127.0.0.1:15000', 'udp']]]);
    assert.equal(r.directives[0].line, 2);
  });

  test('an escaped `;` in a map value is accepted and kept with its backslash', () => {
    // The doc's table says the value is `a;b`; nginx's unescaping (and a running nginx 1.22
    // returning the map value over TCP) keeps `\;` as both characters.
    const r = parseNginx('map $a $b {\n default a\\;b;\n}\n');
    assert.deepEqual(r.errors, []);
    assert.equal(r.directives[0].block?.[0].args[0].value, 'a\\;b');
  });

  test('missing `;` before `}`: unexpected "}" on the line of the `}`', () => {
    const r = parseNginx('stream {\n  server {\n    proxy_pass 127.0.0.1:1\n  }\n}\n');
    assert.deepEqual(errs(r), [['unexpected "}"', 4]]);
    // Recovery: the statement exists without a terminator and the blocks still balance.
    const pp = r.directives[0].block?.[0].block?.[0];
    assert.equal(pp?.name, 'proxy_pass');
    assert.equal(pp?.terminator, 'missing');
    assert.equal(r.directives[0].blockClose, r.tokens.filter((t) => t.kind === '}').at(-1)?.start);
  });
});

describe('tokenizer rules', () => {
  test('whitespace is space, TAB, CR, LF; tokens give the input back', () => {
    const text = 'a\tb\r\nc  d;\r\n';
    const r = parseNginx(text);
    assert.deepEqual(shape(r.directives), [['a', ['b', 'c', 'd']]]);
    assert.ok(roundTrips(text));
    assert.deepEqual(
      r.tokens.map((t) => t.kind),
      ['word', 'whitespace', 'word', 'whitespace', 'word', 'whitespace', 'word', ';', 'whitespace'],
    );
  });

  test('`;` or `{` with no word: unexpected ";" / unexpected "{"', () => {
    assert.deepEqual(first('a;\n;'), ['unexpected ";"', 2]);
    assert.deepEqual(first('\n\n{ }'), ['unexpected "{"', 3]);
  });

  test('`}` at top level: unexpected "}"', () => {
    assert.deepEqual(first('a;\n}\n'), ['unexpected "}"', 2]);
  });

  test('`#` starts a comment only between words', () => {
    const r = parseNginx('# top\na b#c # real comment\n;');
    assert.deepEqual(shape(r.directives), [['a', ['b#c']]]);
    const comments = r.tokens.filter((t) => t.kind === 'comment').map((t) => t.raw);
    assert.deepEqual(comments, ['# top', '# real comment']);
  });

  test('comment after `;`, `{` and `}` and at end of file', () => {
    const r = parseNginx('a;# x\nb {# y\n}# z');
    assert.deepEqual(r.errors, []);
    assert.deepEqual(shape(r.directives), [['a', []], ['b', [], []]]);
  });

  test('a comment line ending in CRLF keeps the CR out of the comment', () => {
    const r = parseNginx('# c\r\na;');
    assert.equal(r.tokens[0].raw, '# c');
    assert.equal(r.tokens[1].raw, '\r\n');
  });

  test('`}` does not end an unquoted word; `;` and `{` do', () => {
    assert.deepEqual(shape(parseNginx('a b}c;').directives), [['a', ['b}c']]]);
    assert.deepEqual(shape(parseNginx('a b{c;}').directives), [['a', ['b'], [['c', []]]]]);
  });

  test('quotes are ordinary inside a word', () => {
    assert.deepEqual(shape(parseNginx('a b"c d"e;').directives), [['a', ['b"c', 'd"e']]]);
  });

  test('quoted words: other quote, `;`, `{`, `}`, `#` and newlines are ordinary; `""` is an empty argument', () => {
    const r = parseNginx('a "x\'y;{}#\nz" \'\' "";');
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.directives[0].args.map((a) => [a.value, a.quote]), [
      ["x'y;{}#\nz", '"'],
      ['', "'"],
      ['', '"'],
    ]);
  });

  test('after a closing quote: whitespace, `;`, `{`, `)` are fine', () => {
    assert.deepEqual(parseNginx('a "x";').errors, []);
    assert.deepEqual(parseNginx('a "x"{}').errors, []);
    assert.deepEqual(parseNginx('a "x"\nb;').errors, []);
    const r = parseNginx('if ($a = "x") { }');
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.directives[0].args.map((a) => a.value), ['($a', '=', 'x', ')']);
  });

  test('after a closing quote anything else is an error, with recovery', () => {
    assert.deepEqual(first("a 'x'y;"), ['unexpected "y"', 1]);
    assert.deepEqual(first('a "x"}'), ['unexpected "}"', 1]);
    assert.deepEqual(first('a "x"\'y\';'), ['unexpected "\'"', 1]);
    // Recovery continues as if there were a space.
    const r = parseNginx('a "x"y;\nb;');
    assert.deepEqual(shape(r.directives), [['a', ['x', 'y']], ['b', []]]);
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0].kind, 'lexical');
  });

  test('`"x"}` closes the enclosing block after the error', () => {
    const r = parseNginx('s {\n a "x"}\nb;');
    assert.deepEqual(errs(r), [['unexpected "}"', 2]]);
    assert.deepEqual(shape(r.directives), [['s', [], [['a', ['x']]]], ['b', []]]);
  });

  test('backslash makes the next character literal, even `;`, `{`, `#`, space, quotes', () => {
    const r = parseNginx('a b\\;c d\\ e f\\{g h\\#i \\"j k\\\nl;');
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.directives[0].args.map((a) => a.raw), ['b\\;c', 'd\\ e', 'f\\{g', 'h\\#i', '\\"j', 'k\\\nl']);
    assert.deepEqual(r.directives[0].args.map((a) => a.value), ['b\\;c', 'd\\ e', 'f\\{g', 'h\\#i', '"j', 'k\\\nl']);
  });

  test('escapes inside quotes', () => {
    const r = parseNginx('a "x\\"y" \'p\\\'q\' "\\\\";');
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.directives[0].args.map((a) => a.value), ['x"y', "p'q", '\\']);
  });

  test('unescaping rules', () => {
    assert.equal(unescapeNginx('\\"\\\'\\\\'), '"\'\\');
    assert.equal(unescapeNginx('\\t\\r\\n'), '\t\r\n');
    assert.equal(unescapeNginx('\\d\\.\\x\\;\\$'), '\\d\\.\\x\\;\\$');
    assert.equal(unescapeNginx('\\\\n'), '\\n');
    assert.equal(unescapeNginx('plain'), 'plain');
  });

  test('`${var}` keeps the braces in the word; `{` not after `$` ends it', () => {
    assert.deepEqual(shape(parseNginx('set $a a${b}c;').directives), [['set', ['$a', 'a${b}c']]]);
    assert.deepEqual(shape(parseNginx('a b${c} d;').directives), [['a', ['b${c}', 'd']]]);
    // nginx leaves `variable` set after a `{`, so a run of braces after `$` stays in the word.
    assert.deepEqual(shape(parseNginx('a x${{y;').directives), [['a', ['x${{y']]]);
    assert.deepEqual(shape(parseNginx('a x$y{ }').directives), [['a', ['x$y'], []]]);
  });

  test('quote kinds are kept on tokens, values compared unescaped', () => {
    const r = parseNginx('"listen" "udp" \'udp\' udp;');
    assert.equal(r.directives[0].name, 'listen');
    assert.deepEqual(r.directives[0].args.map((a) => [a.value, a.quote, a.raw]), [
      ['udp', '"', '"udp"'],
      ['udp', "'", "'udp'"],
      ['udp', 'none', 'udp'],
    ]);
  });
});

describe('input and lines', () => {
  test('CRLF: lines count on LF only', () => {
    const r = parseNginx('a;\r\nb;\r\n}\r\n');
    assert.deepEqual(errs(r), [['unexpected "}"', 3]]);
    assert.equal(r.directives[1].line, 2);
    assert.deepEqual(r.directives[1].range, { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } });
  });

  test('a lone CR is whitespace but no new line', () => {
    const r = parseNginx('a\rb;\r}');
    assert.deepEqual(shape(r.directives), [['a', ['b']]]);
    assert.deepEqual(errs(r), [['unexpected "}"', 1]]);
  });

  test('a BOM is part of the first word: reported once, name stripped, ranges kept', () => {
    const text = '\uFEFFevents {\n}\nstream {\n}\n';
    const r = parseNginx(text);
    assert.deepEqual(errs(r), [['unknown directive "\\xEF\\xBB\\xBFevents"', 1]]);
    assert.equal(r.errors[0].kind, 'lexical');
    assert.deepEqual(r.errors[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
    assert.deepEqual(r.directives.map((d) => d.name), ['events', 'stream']);
    assert.equal(r.directives[0].nameToken.raw, '\uFEFFevents');
    assert.ok(roundTrips(text));
    // BOM then `#`: nginx sees the word "\xEF\xBB\xBF#", not a comment.
    assert.equal(parseNginx('\uFEFF# c\n;').directives[0].name, '#');
  });

  test('ranges are UTF-16 (non-ASCII and astral characters)', () => {
    const text = 'a "é😀" b;\n😀x y;';
    const r = parseNginx(text);
    assert.deepEqual(r.directives[0].args[0].range, { start: { line: 0, character: 2 }, end: { line: 0, character: 7 } });
    assert.deepEqual(r.directives[0].args[1].range, { start: { line: 0, character: 8 }, end: { line: 0, character: 9 } });
    assert.equal(r.directives[1].name, '😀x');
    assert.deepEqual(r.directives[1].args[0].range, { start: { line: 1, character: 4 }, end: { line: 1, character: 5 } });
  });

  test('utf8ByteLength counts like nginx reads', () => {
    assert.equal(utf8ByteLength('aé😀€'), 1 + 2 + 4 + 3);
    assert.equal(utf8ByteLength('\uD800'), 3);
  });
});

describe('limits and end of file', () => {
  test('a word filling the 4096-byte buffer: too long parameter, line where the word started', () => {
    const r = parseNginx(`a;\nb ${'w'.repeat(5000)};\n`);
    assert.deepEqual(errs(r), [['too long parameter "wwwwwwwwww..." started', 2]]);
    assert.equal(r.errors[0].kind, 'lexical');
    assert.equal(r.directives.length, 2); // recovery keeps the statement
  });

  test('a word that just fits is fine', () => {
    assert.deepEqual(parseNginx(`b ${'w'.repeat(4000)};\n`).errors, []);
  });

  test('an unterminated quote running over the buffer: probably missing terminating quote', () => {
    assert.deepEqual(first(`a;\nb "${'w\n'.repeat(3000)}`), ['too long parameter, probably missing terminating """ character', 2]);
    assert.deepEqual(first(`a;\nb '${'w'.repeat(5000)}`), ['too long parameter, probably missing terminating "\'" character', 2]);
  });

  test('a comment longer than the buffer is too long too (nginx keeps `start` at the `#`)', () => {
    assert.deepEqual(first(`a;\n\n#${'c'.repeat(5000)}\nb;`), ['too long parameter "#ccccccccc..." started', 3]);
  });

  test('the limit counts UTF-8 bytes, not characters', () => {
    // 2100 × "é" = 4200 bytes but only 2100 UTF-16 units.
    assert.deepEqual(first(`b ${'é'.repeat(2100)};`)?.[0].startsWith('too long parameter'), true);
    assert.deepEqual(parseNginx(`b ${'é'.repeat(1900)};`).errors, []);
  });

  test('end of file with words pending or inside a quote', () => {
    assert.deepEqual(first('a;\nb c'), ['unexpected end of file, expecting ";" or "}"', 2]);
    assert.deepEqual(first('a "b\n\n'), ['unexpected end of file, expecting ";" or "}"', 3]);
    assert.equal(parseNginx('a "b').errors[0].kind, 'lexical');
    assert.equal(parseNginx('a b').errors[0].kind, 'structural');
    assert.deepEqual(first('a \\'), ['unexpected end of file, expecting ";" or "}"', 1]);
  });

  test('end of file inside a comment is fine', () => {
    assert.deepEqual(parseNginx('a;\n# c').errors, []);
  });

  test('end of file in an open block: expecting "}", with the open brace as related range', () => {
    const r = parseNginx('stream {\n  server {\n    listen 1;\n');
    assert.deepEqual(errs(r), [['unexpected end of file, expecting "}"', 4]]);
    assert.deepEqual(r.errors[0].relatedRange, { start: { line: 1, character: 9 }, end: { line: 1, character: 10 } });
    assert.equal(r.directives[0].blockClose, undefined);
    assert.equal(r.directives[0].block?.[0].block?.[0].name, 'listen');
  });

  test('word counts are exposed (the 8-word limit is a directive-table check)', () => {
    const r = parseNginx('a 1 2 3 4 5 6 7 8;');
    assert.deepEqual(r.errors, []);
    assert.equal(r.directives[0].words, 9);
  });
});

describe('lines nginx reports', () => {
  test('a directive reports the line of its terminating `;`/`{`, not of its name', () => {
    const text = 'stream {\n  server {\n\n\n    listen 127.0.0.1:15000 udp\n    proxy_pass 127.0.0.1:1;\n  }\n}\n';
    const r = parseNginx(text);
    assert.deepEqual(r.errors, []);
    const listen = r.directives[0].block?.[0].block?.[0];
    assert.equal(listen?.name, 'listen');
    assert.deepEqual(listen?.args.map((a) => a.value), ['127.0.0.1:15000', 'udp', 'proxy_pass', '127.0.0.1:1']);
    assert.equal(listen?.line, 6);
    assert.equal(listen?.range.start.line, 4);
    const block = parseNginx('server\n\n{\n}').directives[0];
    assert.equal(block.line, 3);
  });

  test('lexer errors report the line of the offending character', () => {
    assert.deepEqual(first('a "x"\n\n;\nb "y"z;'), ['unexpected "z"', 4]);
  });
});

describe('custom-handler blocks and Lua blocks', () => {
  test('map/geo/split_clients/types/charset_map bodies are entries, not directives', () => {
    const r = parseNginx('stream {\n map $a $b {\n  default 0;\n  server 1;\n }\n server { listen 1; }\n}\n');
    assert.deepEqual(r.errors, []);
    const map = r.directives[0].block?.[0];
    assert.equal(map?.blockKind, 'custom');
    assert.deepEqual(map?.block?.map((d) => [d.kind, d.name]), [
      ['entry', 'default'],
      ['entry', 'server'],
    ]);
    assert.equal(r.directives[0].block?.[1].kind, 'directive');
    for (const name of ['geo', 'split_clients', 'types', 'charset_map']) {
      assert.equal(parseNginx(`${name} x {\n a b;\n}`).directives[0].block?.[0].kind, 'entry', name);
    }
  });

  test('a `{` inside a custom-handler body: unexpected "{" on its line, block still balanced', () => {
    const r = parseNginx('map $a $b {\n  x\n  {\n  }\n  y 1;\n}\nnext;\n');
    assert.deepEqual(errs(r), [['unexpected "{"', 3]]);
    assert.deepEqual(shape(r.directives), [['map', ['$a', '$b'], [['x', [], []], ['y', ['1']]]], ['next', []]]);
  });

  test('upstream `server` lines are directives', () => {
    const r = parseNginx('upstream u { server 127.0.0.1:1; }');
    assert.equal(r.directives[0].block?.[0].kind, 'directive');
  });

  test('*_by_lua_block bodies are one raw token, braces counted the Lua way', () => {
    const lua = ' local s = "}" -- }\n  local t = [[ } ]] --[==[ } ]==] x = #t; if a then b = {} end ';
    const text = `content_by_lua_block {${lua}}\nnext;\n`;
    const r = parseNginx(text);
    assert.deepEqual(r.errors, []);
    assert.equal(r.directives[0].blockKind, 'raw');
    assert.equal(r.directives[0].rawBody?.raw, lua);
    assert.equal(r.directives[1].name, 'next');
    assert.equal(r.directives[1].line, 3);
    assert.ok(roundTrips(text));
    const set = parseNginx('set_by_lua_block $v { return "}" }').directives[0];
    assert.deepEqual(set.args.map((a) => a.value), ['$v']);
    assert.equal(set.rawBody?.raw, ' return "}" ');
  });

  test('unterminated Lua block', () => {
    const r = parseNginx('content_by_lua_block { x = 1\n');
    assert.deepEqual(errs(r), [['unexpected end of file, expecting "}"', 2]]);
  });
});

describe('error recovery', () => {
  test('later directives exist and later errors are found', () => {
    const text = [
      'stream {', //
      '  server {',
      '    listen "127.0.0.1:1"x;',
      '    proxy_pass 1.2.3.4:5',
      '  }',
      '  ;',
      '  server { listen 2; }',
      '}',
      '}',
      'last;',
    ].join('\n');
    const r = parseNginx(text);
    assert.deepEqual(errs(r), [
      ['unexpected "x"', 3],
      ['unexpected "}"', 5],
      ['unexpected ";"', 6],
      ['unexpected "}"', 9],
    ]);
    assert.deepEqual(
      [...walkDirectives(r.directives)].map((d) => d.name),
      ['stream', 'server', 'listen', 'proxy_pass', 'server', 'listen', 'last'],
    );
  });

  test('a nameless `{` block still balances and its content is kept', () => {
    const r = parseNginx('s {\n { a; }\n b;\n}\nc;');
    assert.deepEqual(errs(r), [['unexpected "{"', 2]]);
    assert.deepEqual(shape(r.directives), [['s', [], [['a', []], ['b', []]]], ['c', []]]);
  });

  test('deep nesting does not overflow the stack', () => {
    const text = 'a {'.repeat(100_000) + '}'.repeat(100_000);
    const r = parseNginx(text);
    assert.deepEqual(r.errors, []);
    assert.equal([...walkDirectives(r.directives)].length, 100_000);
    assert.equal(toCrossplanePayload([{ file: '/x', result: r }]).status, 'ok');
  });
});

describe('tree links and payload', () => {
  test('parent links are non-enumerable; contextOf gives the block path', () => {
    const r = parseNginx('stream { upstream u { server 1.2.3.4:5; } }');
    const server = r.directives[0].block?.[0].block?.[0] as Directive;
    assert.equal(server.parent?.name, 'upstream');
    assert.deepEqual(contextOf(server), ['stream', 'upstream']);
    assert.equal(Object.keys(server).includes('parent'), false);
    assert.doesNotThrow(() => JSON.stringify(r.directives));
  });

  test('header range, block offsets and fullEnd', () => {
    const text = 'stream {\n  a b;\n}\n';
    const d = parseNginx(text).directives[0];
    assert.equal(d.blockOpen, 7);
    assert.equal(d.blockClose, text.lastIndexOf('}'));
    assert.equal(d.fullEnd, text.lastIndexOf('}') + 1);
    assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 8 } });
  });

  test('version option', () => {
    assert.equal(parseNginx('a;').version, '1.22');
    assert.equal(parseNginx('a;', { version: 'current' }).version, 'current');
  });

  test('crossplane payload', () => {
    const ok = parseNginx('events {}\nstream {\n  map $a $b { default "x y"; }\n  content_by_lua_block { x() }\n}\n');
    const bad = parseNginx('a {\n b\n}');
    const payload = toCrossplanePayload([
      { file: '/etc/nginx/nginx.conf', result: ok },
      { file: '/etc/nginx/bad.conf', result: bad },
    ]);
    assert.equal(payload.status, 'failed');
    assert.deepEqual(payload.errors, [{ file: '/etc/nginx/bad.conf', line: 3, error: 'unexpected "}" in /etc/nginx/bad.conf:3' }]);
    assert.deepEqual(payload.config[0], {
      file: '/etc/nginx/nginx.conf',
      status: 'ok',
      errors: [],
      parsed: [
        { directive: 'events', line: 1, args: [], block: [] },
        {
          directive: 'stream',
          line: 2,
          args: [],
          block: [
            { directive: 'map', line: 3, args: ['$a', '$b'], block: [{ directive: 'default', line: 3, args: ['x y'] }] },
            { directive: 'content_by_lua_block', line: 4, args: [' x() '] },
          ],
        },
      ],
    });
    assert.equal(payload.config[1].status, 'failed');
  });
});
