#!/usr/bin/env node
// Bundles the extension, the language server and the CLI with esbuild.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // yaml-language-server ships ESM under "module"; its "main" UMD build needs a loader we do not bundle.
  mainFields: ['module', 'main'],
  legalComments: 'none',
};

await Promise.all([
  build({ ...common, entryPoints: ['src/client/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['src/server/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);
chmodSync('dist/cli.js', 0o755);
chmodSync('dist/server.js', 0o755);
