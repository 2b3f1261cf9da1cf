#!/usr/bin/env node
// @ts-check
// `npm run screenshots`: regenerate every README picture. Builds the extension, makes sure
// code-server and the CJK font (the examples have Chinese comments) are set up, then runs the UI
// test (test/ui/run.mjs), which drives the Extension Development Host like a person, asserts each
// step and writes its screenshots (1400×800) into images/:
//   screenshot-problems.png        examples/nginx-proxy: values-legacy-layout in the Problems panel
//   screenshot-finding.png         public-address-bypasses-proxy: squiggle + Problems row
//   screenshot-quick-fix.png       Control+. on the address: "Replace with 10.20.8.24"
//   screenshot-codelens.png        the CodeLens edges → proxy → connector above connectorPublicAddresses
//   screenshot-generated-proxy.png "FabEdge: Generate the nginx proxy for this values file"
// A failed step fails the script (exit 1) and writes no picture for the steps after it.
//
// Options: --no-build  --version 4.139.1  --out-dir images
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { DEFAULT_VERSION, findVersion, optionValue, repoRoot } from './test-host/versions.mjs';

const argv = process.argv.slice(2);
const version = findVersion(optionValue(argv, '--version', DEFAULT_VERSION.codeServer));
const outDir = optionValue(argv, '--out-dir', 'images');

/**
 * @param {string} cmd
 * @param {string[]} args
 */
function step(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) { console.error(`screenshots: ${cmd} ${args.join(' ')} failed`); process.exit(r.status ?? 1); }
}
if (!argv.includes('--no-build')) step('npm', ['run', '--silent', 'build']);
step(process.execPath, [path.join(repoRoot, 'scripts', 'test-host', 'setup.mjs'), '--version', version.codeServer, '--fonts']);
step(process.execPath, [path.join(repoRoot, 'test', 'ui', 'run.mjs'), '--version', version.codeServer, '--out-dir', outDir]);
