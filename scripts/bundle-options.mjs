// @ts-check
// esbuild options shared by everything we bundle: the extension, the server and the CLI
// (scripts/build.mjs), the benchmarks (scripts/bench/run.ts) and the bundle tests.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * yaml-language-server imports prettier for its YAML formatter, which we never turn on (the
 * server configures it with `format: false`): a third of the server bundle that never ran
 * (docs/performance.md).
 * A module that says so stands in for every `prettier/...` import.
 * @type {import('esbuild').Plugin}
 */
const withoutPrettier = {
  name: 'without-prettier',
  setup(build) {
    build.onResolve({ filter: /^prettier(\/|$)/ }, (args) => ({ path: args.path, namespace: 'without-prettier' }));
    build.onLoad({ filter: /.*/, namespace: 'without-prettier' }, () => ({
      contents: 'export function format() { throw new Error("FabEdge bundles no YAML formatter"); }',
      loader: 'js',
    }));
  },
};

/** @satisfies {import('esbuild').BuildOptions} */
export const BUNDLE_OPTIONS = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  // yaml-language-server ships ESM under "module"; its "main" UMD build needs a loader we do not bundle.
  mainFields: ['module', 'main'],
  legalComments: 'none',
  alias: {
    // The Node build of `yaml` reads process.env.LOG_TOKENS for every token it parses, and each read
    // is a getenv() call in Node: values files parsed much slower than with its browser build
    // (docs/performance.md), which is the same code without that debugging switch (and atob
    // instead of Buffer for !!binary).
    yaml: './node_modules/yaml/browser/index.js',
  },
  plugins: [withoutPrettier],
};

/** Where the server bundle finds yaml-language-server at run time: beside it. */
export const YAML_LIBRARY_FILE = 'dist/yaml-library.js';

/**
 * Leaves src/server/yamlLibrary.ts out of the server bundle: the server imports it on its first
 * completion or hover, from its own bundle beside the server's.
 * @type {import('esbuild').Plugin}
 */
const yamlLibraryApart = {
  name: 'yaml-library-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/yamlLibrary\.js$/ }, () => ({ path: `./${YAML_LIBRARY_FILE.slice('dist/'.length)}`, external: true }));
  },
};

/**
 * yaml-language-server takes a few values from the LSP packages (RequestType, NotificationType,
 * ResponseError, ErrorCodes), which would bring their whole protocol into its bundle a second time: the
 * JSON-RPC messages module that defines them stands in for both packages.
 * @type {import('esbuild').Plugin}
 */
const lspMessagesOnly = {
  name: 'lsp-messages-only',
  setup(build) {
    // By path: the package's exports map keeps its lib/ folder private.
    build.onResolve({ filter: /^vscode-languageserver(-protocol)?$/ }, () => ({ path: join(ROOT, 'node_modules', 'vscode-jsonrpc', 'lib', 'common', 'messages.js') }));
  },
};

/**
 * The bundles that ship: the extension (in the .vsix), the language server with the
 * yaml-language-server part it loads on demand, and the CLI (in both packages).
 * @satisfies {(import('esbuild').BuildOptions & { name: string })[]}
 */
export const BUNDLES = [
  { name: 'extension', entryPoints: ['src/client/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { name: 'server', entryPoints: ['src/server/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' }, plugins: [...BUNDLE_OPTIONS.plugins, yamlLibraryApart] },
  { name: 'yaml-library', entryPoints: ['src/server/yamlLibrary.ts'], outfile: YAML_LIBRARY_FILE, plugins: [...BUNDLE_OPTIONS.plugins, lspMessagesOnly] },
  { name: 'cli', entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

/** Where the build writes the licenses of the packages inside the bundles. */
export const NOTICES_FILE = 'dist/ThirdPartyNotices.txt';
