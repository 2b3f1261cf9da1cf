#!/usr/bin/env node
// @ts-check
// Bundles the extension, the language server and the CLI with esbuild, and writes the
// third-party notices of what went into them.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_OPTIONS, BUNDLES, NOTICES_FILE, ROOT } from './bundle-options.mjs';
import { writeNotices } from './notices.mjs';

const production = process.argv.includes('--production');
/** @satisfies {import('esbuild').BuildOptions} */
const common = {
  ...BUNDLE_OPTIONS,
  sourcemap: production ? false : 'linked',
  minify: production,
  metafile: true,
};

const results = await Promise.all(BUNDLES.map(({ name, ...options }) => build({ ...common, ...options }).then((result) => [name, result.metafile])));
writeNotices(ROOT, NOTICES_FILE, Object.fromEntries(results));
chmodSync(join(ROOT, 'dist/cli.js'), 0o755);
chmodSync(join(ROOT, 'dist/server.js'), 0o755);
