import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { INITIAL, parseRawGrammar, Registry, type IGrammar, type StateStack } from 'vscode-textmate';
import { createOnigScanner, createOnigString, loadWASM } from 'vscode-oniguruma';

const ROOT = resolve(__dirname, '../../..');
/** Ours alone: two popular nginx extensions register `source.nginx`, and the last one registered replaces the other. */
const GRAMMAR_SCOPE = 'source.nginx.fabedge';

let grammar: Promise<IGrammar>;
function nginxGrammar(): Promise<IGrammar> {
  grammar ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new Registry({
      onigLib: Promise.resolve({ createOnigScanner, createOnigString }),
      loadGrammar: async (scopeName) => {
        if (scopeName !== GRAMMAR_SCOPE) return null;
        const path = resolve(ROOT, 'syntaxes/nginx.tmLanguage.json');
        return parseRawGrammar(readFileSync(path, 'utf8'), path);
      },
    });
    const loaded = await registry.loadGrammar(GRAMMAR_SCOPE);
    assert.ok(loaded, 'grammar not loaded');
    return loaded;
  })();
  return grammar;
}

interface Token {
  text: string;
  scopes: string[];
}

async function tokenize(text: string): Promise<Token[][]> {
  const g = await nginxGrammar();
  let state: StateStack = INITIAL;
  return text.split('\n').map((line) => {
    const result = g.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The innermost scopes of the first token whose text is `text` (on any line). */
function scopeOf(lines: Token[][], text: string, nth = 0): string[] {
  const hits = lines.flat().filter((t) => t.text === text);
  assert.ok(hits[nth], `no token "${text}" in ${JSON.stringify(lines.flat().map((t) => t.text))}`);
  return hits[nth].scopes;
}

function has(scopes: string[], scope: string): boolean {
  return scopes.some((s) => s === scope || s.startsWith(`${scope}.`));
}

test('block names are keywords, directives have their own scope, braces and semicolons are punctuation', async () => {
  const lines = await tokenize('stream {\n  upstream isakmp {\n    server 10.20.8.23:500;\n  }\n  server {\n    listen 500 udp reuseport;\n    proxy_pass isakmp;\n  }\n}');
  assert.ok(has(scopeOf(lines, 'stream'), 'keyword.other.block'));
  assert.ok(has(scopeOf(lines, 'upstream'), 'keyword.other.block'));
  assert.ok(has(scopeOf(lines, 'server', 0), 'entity.name.function.directive'), 'an upstream server line is a directive');
  assert.ok(has(scopeOf(lines, 'server', 1), 'keyword.other.block'), 'a stream server block is a block');
  assert.ok(has(scopeOf(lines, 'listen'), 'entity.name.function.directive'));
  assert.ok(has(scopeOf(lines, 'proxy_pass'), 'entity.name.function.directive'));
  assert.ok(has(scopeOf(lines, '{'), 'punctuation.section.block.begin'));
  assert.ok(has(scopeOf(lines, '}'), 'punctuation.section.block.end'));
  assert.ok(has(scopeOf(lines, ';'), 'punctuation.terminator.statement'));
  assert.ok(has(scopeOf(lines, 'udp'), 'constant.language.parameter'));
  assert.ok(has(scopeOf(lines, 'reuseport'), 'constant.language.parameter'));
  assert.ok(has(scopeOf(lines, '500'), 'constant.numeric'));
  assert.ok(has(scopeOf(lines, '10.20.8.23:500'), 'constant.numeric.address'));
  assert.ok(!has(scopeOf(lines, 'isakmp', 1), 'constant'), 'an upstream name is a plain word');
});

test('comments only at token boundaries', async () => {
  const lines = await tokenize('# top\nlisten 127.0.0.1:15000 # between arguments\n  udp;\nproxy_pass 127.0.0.1:1#x;\nevents {}# after a brace');
  assert.ok(has(scopeOf(lines, '# top'.slice(1)), 'comment.line.number-sign'));
  assert.ok(has(scopeOf(lines, ' between arguments'), 'comment.line.number-sign'));
  assert.ok(has(scopeOf(lines, 'udp'), 'constant.language.parameter'), 'the statement goes on after the comment');
  const word = scopeOf(lines, '127.0.0.1:1#x');
  assert.ok(!has(word, 'comment'), '# inside a word is not a comment');
  assert.ok(has(scopeOf(lines, ' after a brace'), 'comment.line.number-sign'));
});

test('strings with escapes and variables', async () => {
  const lines = await tokenize(`log_format x "a \\" b $remote_addr" 'c\\'d';`);
  assert.ok(has(scopeOf(lines, '\\"'), 'constant.character.escape'));
  assert.ok(has(scopeOf(lines, '\\"'), 'string.quoted.double'));
  assert.ok(has(scopeOf(lines, '\\\''), 'string.quoted.single'));
  assert.ok(has(scopeOf(lines, '$'), 'punctuation.definition.variable'));
  assert.ok(has(scopeOf(lines, 'remote_addr'), 'variable.other'));
  assert.ok(has(scopeOf(lines, 'remote_addr'), 'string.quoted.double'));
});

test('${var} does not open a block, and map bodies stay statements', async () => {
  const lines = await tokenize('map ${remote_addr} $x {\n  default 0;\n  "~^10\\." 1;\n}\nhash $remote_addr consistent;');
  assert.ok(has(scopeOf(lines, 'map'), 'keyword.other.block'));
  assert.ok(has(scopeOf(lines, 'remote_addr'), 'variable.other'));
  assert.ok(has(scopeOf(lines, '${'), 'punctuation.definition.variable.begin'));
  assert.ok(has(scopeOf(lines, '{'), 'punctuation.section.block.begin'), 'the block opens at the real brace');
  assert.ok(has(scopeOf(lines, 'default'), 'entity.name.function.directive'));
  assert.ok(has(scopeOf(lines, '\\.'), 'string.quoted.double'));
  assert.ok(has(scopeOf(lines, 'hash'), 'entity.name.function.directive'));
  assert.ok(has(scopeOf(lines, 'consistent'), 'constant.language.parameter'));
});

test('numbers, sizes, times, booleans and key=value parameters', async () => {
  const lines = await tokenize('proxy_timeout 10m;\nproxy_buffer_size 16k;\nproxy_responses 0;\nproxy_protocol off;\nserver 10.0.0.1:4500 max_fails=3 fail_timeout=30s;\nlisten [::]:500 udp ipv6only=on;\nkeepalive_timeout 1h30m;');
  for (const n of ['10m', '16k', '0', '1h30m']) assert.ok(has(scopeOf(lines, n), 'constant.numeric'), n);
  assert.ok(has(scopeOf(lines, 'off'), 'constant.language.boolean'));
  assert.ok(has(scopeOf(lines, 'max_fails'), 'variable.parameter'));
  assert.ok(has(scopeOf(lines, '='), 'keyword.operator.assignment'));
  assert.ok(has(scopeOf(lines, '[::]:500'), 'constant.numeric.address'));
  assert.ok(has(scopeOf(lines, 'ipv6only'), 'variable.parameter'));
});

test('include and load_module are import keywords', async () => {
  const lines = await tokenize('load_module modules/ngx_stream_module.so;\ninclude /etc/nginx/modules-enabled/*.conf;');
  assert.ok(has(scopeOf(lines, 'load_module'), 'keyword.control.import'));
  assert.ok(has(scopeOf(lines, 'include'), 'keyword.control.import'));
});

test('the language configuration is valid JSON with # comments and {} brackets', () => {
  const config = JSON.parse(readFileSync(resolve(ROOT, 'language-configuration/nginx.language-configuration.json'), 'utf8')) as {
    comments: { lineComment: string };
    brackets: string[][];
    autoClosingPairs: { open: string; close: string }[];
    indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  };
  assert.equal(config.comments.lineComment, '#');
  assert.deepEqual(config.brackets[0], ['{', '}']);
  assert.deepEqual(config.autoClosingPairs.map((p) => p.open + p.close).sort(), ['""', "''", '()', '{}']);
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
  assert.ok(increase.test('stream {'));
  assert.ok(increase.test('    upstream isakmp {  '));
  assert.ok(!increase.test('# stream {'));
  assert.ok(!increase.test('events {}'));
  assert.ok(decrease.test('  }'));
});
