// esbuild options shared by everything we bundle: the extension, the server and the CLI
// (scripts/build.mjs), the benchmarks (scripts/bench/run.ts) and the bundle test.
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

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
    // is a getenv() call in Node: values files parsed 2.5x slower than with its browser build, which
    // is the same code without that debugging switch (and atob instead of Buffer for !!binary).
    yaml: './node_modules/yaml/browser/index.js',
  },
};
