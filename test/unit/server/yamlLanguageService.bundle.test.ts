import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(__dirname, '../../..');

// yaml-language-server is an ES module with JSON and l10n side files; make sure the server bundle
// (CommonJS, with the options scripts/build.mjs uses) carries everything and runs on this Node.
test('the yaml service bundles with esbuild and runs from the bundle alone', async () => {
  const { BUNDLE_OPTIONS } = await import('../../../scripts/bundle-options.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'fabedge-yls-'));
  try {
    const bundle = join(dir, 'yls.js');
    await build({
      // The document class comes along so that the script needs nothing from node_modules.
      stdin: {
        contents: "export { FabEdgeYamlService } from './src/server/yamlLanguageService';\nexport { TextDocument } from 'vscode-languageserver-textdocument';\n",
        resolveDir: ROOT,
        loader: 'ts',
      },
      ...BUNDLE_OPTIONS,
      outfile: bundle,
      logLevel: 'silent',
    });
    // The yaml package's Node build reads process.env on every token (2.5x slower parses).
    assert.doesNotMatch(readFileSync(bundle, 'utf8'), /LOG_TOKENS/, 'the bundle carries the Node build of yaml');
    const script = join(dir, 'run.cjs');
    writeFileSync(script, `
      const { FabEdgeYamlService, TextDocument } = require(${JSON.stringify(bundle)});
      const doc = TextDocument.create('file:///w/values.yaml', 'yaml', 1, 'cluster:\\n  cniType: \\n');
      const service = new FabEdgeYamlService();
      service.completion(doc, { line: 1, character: 11 }, 'L4', 'en')
        .then((list) => console.log(list.items.map((i) => i.label).sort().join(',')))
        .then(() => service.hover(TextDocument.create('file:///w/v.yaml', 'yaml', 1, 'cluster:\\n  cniType: calico\\n'), { line: 1, character: 4 }, 'L4', 'zh-cn'))
        .then((hover) => console.log(hover.contents.value))
        .catch((e) => { console.error(e); process.exit(1); });
    `);
    // Run outside the repository so that nothing can be resolved from node_modules.
    const run = spawnSync(process.execPath, [script], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /calico,flannel/);
    assert.match(run.stdout, /允许的值：/, "yaml-language-server's Chinese texts are in the bundle");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
