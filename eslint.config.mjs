// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import stylistic from '@stylistic/eslint-plugin';

/**
 * The formatting `npm run lint` enforces and `npm run format` applies: the style the code was
 * written in (two-space indent, single quotes, semicolons, trailing commas on multi-line literals,
 * one-line blocks allowed, `&&` and `=` ending a broken line but `?`, `:` and a union's `|`
 * starting one), so that formatting changes little. Only max-len needs a hand to fix.
 * @type {import('eslint').Linter.RulesRecord}
 */
const STYLE = {
  '@stylistic/array-bracket-spacing': ['error', 'never'],
  '@stylistic/arrow-parens': ['error', 'always'],
  '@stylistic/arrow-spacing': 'error',
  '@stylistic/block-spacing': ['error', 'always'],
  '@stylistic/brace-style': ['error', '1tbs', { allowSingleLine: true }],
  '@stylistic/comma-dangle': ['error', 'always-multiline'],
  '@stylistic/comma-spacing': 'error',
  '@stylistic/comma-style': ['error', 'last'],
  '@stylistic/computed-property-spacing': ['error', 'never'],
  '@stylistic/dot-location': ['error', 'property'],
  '@stylistic/eol-last': 'error',
  '@stylistic/function-call-spacing': ['error', 'never'],
  '@stylistic/generator-star-spacing': ['error', { before: false, after: true }],
  // Object types in a multi-line union stay as written (their members one level past the `|`).
  '@stylistic/indent': ['error', 2, { SwitchCase: 1, offsetTernaryExpressions: true, ignoredNodes: ['TSUnionType > TSTypeLiteral'] }],
  '@stylistic/key-spacing': 'error',
  '@stylistic/keyword-spacing': 'error',
  '@stylistic/linebreak-style': ['error', 'unix'],
  // Strings, templates and regexes may run on: a message or a pattern reads better whole.
  '@stylistic/max-len': ['error', { code: 200, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
  '@stylistic/member-delimiter-style': 'error',
  '@stylistic/new-parens': 'error',
  '@stylistic/no-extra-semi': 'error',
  '@stylistic/no-floating-decimal': 'error',
  '@stylistic/no-mixed-spaces-and-tabs': 'error',
  '@stylistic/no-multi-spaces': 'error',
  '@stylistic/no-multiple-empty-lines': ['error', { max: 1, maxBOF: 0, maxEOF: 0 }],
  '@stylistic/no-tabs': 'error',
  '@stylistic/no-trailing-spaces': 'error',
  '@stylistic/object-curly-spacing': ['error', 'always'],
  '@stylistic/operator-linebreak': ['error', 'after', { overrides: { '?': 'before', ':': 'before', '|': 'before' } }],
  '@stylistic/padded-blocks': ['error', 'never'],
  '@stylistic/quotes': ['error', 'single', { avoidEscape: true, allowTemplateLiterals: 'always' }],
  '@stylistic/rest-spread-spacing': 'error',
  '@stylistic/semi': ['error', 'always'],
  '@stylistic/semi-spacing': 'error',
  '@stylistic/semi-style': 'error',
  '@stylistic/space-before-blocks': 'error',
  '@stylistic/space-before-function-paren': ['error', { anonymous: 'always', named: 'never', asyncArrow: 'always' }],
  '@stylistic/space-in-parens': ['error', 'never'],
  '@stylistic/space-infix-ops': 'error',
  '@stylistic/space-unary-ops': 'error',
  '@stylistic/spaced-comment': ['error', 'always', { markers: ['/'] }],
  '@stylistic/template-curly-spacing': 'error',
  '@stylistic/type-annotation-spacing': 'error',
  '@stylistic/type-generic-spacing': 'error',
  '@stylistic/type-named-tuple-spacing': 'error',
  '@stylistic/yield-star-spacing': 'error',
};

/**
 * The layers of src/, lowest first. Each folder of src/core may import only the folders it names
 * (and the files at src/core's top level, the shared base); test/unit/architecture/cycles.test.ts
 * adds that no file or folder imports itself through others.
 * @type {Record<string, string[]>}
 */
const CORE_LAYERS = {
  '': [],
  io: [],
  config: ['io'],
  nginx: ['io'],
  values: ['io'],
  probe: ['values'],
  cross: ['io', 'nginx', 'values'],
  rules: ['io', 'nginx', 'values', 'cross'],
  engine: ['io', 'nginx', 'values', 'cross', 'rules'],
  workspace: ['io', 'config', 'nginx', 'values', 'cross', 'rules', 'engine'],
};
const CORE_FOLDERS = Object.keys(CORE_LAYERS).filter(Boolean);
const EDITOR_APIS = [
  { name: 'vscode', message: 'Only src/client uses the VS Code API.' },
];
const NO_EDITOR_PACKAGES = { group: ['vscode-languageserver*', 'vscode-languageclient*', 'vscode-jsonrpc*'], message: 'src/core stays free of the LSP and JSON-RPC packages.' };
/** The protocol between client and server is typed with JSON-RPC's message types, from the entry point without a transport: the client imports it too. */
const MESSAGE_TYPES_ONLY = { group: ['vscode-languageserver*', 'vscode-languageclient*', 'vscode-jsonrpc/*'], message: 'src/shared takes only the message types of vscode-jsonrpc (its main entry point, no transport), never the LSP client or server.' };
const ABOVE_CORE = { regex: '(^|/)(server|client|cli)(/|$)', message: 'src/core and src/shared never import the server, the client or the CLI.' };

/** @returns {import('eslint').Linter.Config[]} */
function layerRules() {
  /** @type {import('eslint').Linter.Config[]} */
  const core = Object.entries(CORE_LAYERS).map(([folder, allowed]) => {
    const forbidden = CORE_FOLDERS.filter((name) => name !== folder && !allowed.includes(name));
    const prefix = folder ? '\\.\\./' : '\\./';
    /** @type {({ group: string[], message: string } | { regex: string, message: string })[]} */
    const patterns = [NO_EDITOR_PACKAGES, ABOVE_CORE];
    if (forbidden.length) {
      patterns.push({
        regex: `^${prefix}(${forbidden.join('|')})(/|$)`,
        message: `src/core/${folder || '*.ts'} may import only ${['the files at the top of src/core', ...allowed.map((name) => `src/core/${name}`)].join(', ')} (see DEVELOPERS.md).`,
      });
    }
    return {
      files: [folder ? `src/core/${folder}/**/*.ts` : 'src/core/*.ts'],
      rules: { 'no-restricted-imports': ['error', { paths: EDITOR_APIS, patterns }] },
    };
  });
  return [
    ...core,
    {
      files: ['src/shared/**/*.ts'],
      rules: { 'no-restricted-imports': ['error', { paths: EDITOR_APIS, patterns: [MESSAGE_TYPES_ONLY, ABOVE_CORE] }] },
    },
    {
      files: ['src/client/**/*.ts'],
      rules: {
        'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)(server|cli)(/|$)', message: 'The client talks to the server through src/shared/protocol.ts only.' }, { regex: '(^|/)core/(?!l10n$)', message: 'The client takes only message localisation from src/core; the server does the analysis.' }] }],
      },
    },
    {
      files: ['src/server/**/*.ts', 'src/cli/**/*.ts'],
      rules: { 'no-restricted-imports': ['error', { paths: EDITOR_APIS, patterns: [{ regex: '(^|/)client(/|$)', message: 'The server and the CLI never import the client.' }] }] },
    },
    {
      files: ['src/cli/**/*.ts'],
      rules: { 'no-restricted-imports': ['error', { paths: EDITOR_APIS, patterns: [{ regex: '(^|/)(client|server)(/|$)', message: 'The CLI imports src/core only.' }] }] },
    },
    {
      // Features and the LSP conversions sit below src/server's top-level files, which wire them.
      files: ['src/server/features/**/*.ts', 'src/server/lsp/**/*.ts'],
      rules: {
        'no-restricted-imports': ['error', { paths: EDITOR_APIS, patterns: [{ regex: '(^|/)client(/|$)', message: 'The server never imports the client.' }, { regex: '^\\.\\./[^./][^/]*$', message: 'src/server/features and src/server/lsp never import the top-level files of src/server.' }, { regex: '^\\.\\./features(/|$)', message: 'src/server/lsp never imports a feature.' }] }],
      },
    },
  ];
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', '.vscode-test/**', 'node_modules/**', '**/*.d.ts', 'test/fixtures/**', 'examples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  ...layerRules(),
  {
    // Each message between client and server is typed once in src/shared/protocol.ts: a method
    // named by a string would carry no parameter or result types.
    files: ['src/client/**/*.ts', 'src/server/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: 'CallExpression[callee.property.name=/^(sendRequest|sendNotification|onRequest|onNotification)$/][arguments.0.type=/^(Literal|TemplateLiteral)$/]',
        message: 'Send and handle the typed messages of src/shared/protocol.ts (or the LSP packages\' own types), never a method name.',
      }],
    },
  },
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    plugins: { '@stylistic': stylistic },
    rules: STYLE,
  },
  {
    // Playwright evaluates these callbacks inside the workbench page.
    files: ['scripts/screenshots.mjs', 'test/ui/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
);
