#!/usr/bin/env node
// Bundles the extension, the language server and the CLI with esbuild.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_OPTIONS, ROOT } from './bundle-options.mjs';

const production = process.argv.includes('--production');
const common = {
  ...BUNDLE_OPTIONS,
  sourcemap: production ? false : 'linked',
  minify: production,
};

await Promise.all([
  build({ ...common, entryPoints: ['src/client/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['src/server/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);
chmodSync(join(ROOT, 'dist/cli.js'), 0o755);
chmodSync(join(ROOT, 'dist/server.js'), 0o755);
