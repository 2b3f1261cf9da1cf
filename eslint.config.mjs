// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
const NO_EDITOR_PACKAGES = { group: ['vscode-languageserver*', 'vscode-languageclient*'], message: 'src/core and src/shared stay free of the LSP packages.' };
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
      rules: { 'no-restricted-imports': ['error', { paths: EDITOR_APIS, patterns: [NO_EDITOR_PACKAGES, ABOVE_CORE] }] },
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
    // Playwright evaluates these callbacks inside the workbench page.
    files: ['scripts/screenshots.mjs', 'test/ui/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
);
