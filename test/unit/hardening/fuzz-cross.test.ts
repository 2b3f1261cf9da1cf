/**
 * Fuzzes the cross-file rules, which compare values files with the nginx proxies in front of
 * them: generated pairs drawn from one small pool of addresses and ports (so they agree and
 * disagree in every way), with or without a Chart.yaml and mutations, and mutated example and
 * fixture workspaces. The model is built as the WorkspaceIndex builds it, and only the
 * workspace rules run: the values and nginx rules have their own targets. Then a tenth as many
 * mutated workspaces go through a WorkspaceIndex with every rule. See ./support for what is asserted.
 */
import { test } from 'node:test';
import fc from 'fast-check';
import { lintWorkspaceRules } from '../../../src/core/engine';
import { buildNginxTrees } from '../../../src/core/nginx/includes';
import { RULES } from '../../../src/core/rules';
import { siblingChart } from '../../../src/core/values/detect';
import { parseValuesDocument } from '../../../src/core/values/parse';
import type { DiscoveredFile } from '../../../src/core/io/fileKinds';
import { WorkspaceIndex } from '../../../src/core/workspace/workspaceIndex';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';
import { CROSS_SOURCES, crossValues, generatedNginx, nginxMutations, yamlMutations } from './generators';
import { assertSound, FUZZ_RUNS, mutate, type Files } from './support';

const generated = fc
  .tuple(
    crossValues,
    generatedNginx,
    fc.option(fc.constantFrom('0.7.0', '0.8.0', '1.0.0'), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom('values', 'nginx'), yamlMutations, nginxMutations), { nil: undefined, freq: 3 }),
  )
  .map(([values, nginx, chart, mutation]) => {
    const files = new Map([
      ['/ws/values.yaml', mutation?.[0] === 'values' ? mutate(values, mutation[1]) : values],
      ['/ws/nginx.conf', mutation?.[0] === 'nginx' ? mutate(nginx, mutation[2]) : nginx],
    ]);
    if (chart) files.set('/ws/Chart.yaml', `apiVersion: v2\nname: fabedge\nversion: ${chart}\n`);
    return files as Files;
  });

/** A fixture workspace with one of its files mutated. */
const mutatedFixture = fc.tuple(fc.constantFrom(...CROSS_SOURCES), fc.nat(), yamlMutations, nginxMutations).map(([ws, which, yamlEdits, nginxEdits]) => {
  const paths = Object.keys(ws).sort();
  const target = paths[which % paths.length];
  return new Map(paths.map((p) => [`/ws/${p}`, p !== target ? ws[p] : mutate(ws[p], /\.ya?ml$/.test(p) ? yamlEdits : nginxEdits)])) as Files;
});

const WORKSPACE_RULES = RULES.filter((rule) => rule.scope === 'workspace');

/** The model as WorkspaceIndex.model() builds it, for files whose kind is known from their names. */
function lintCross(files: Files) {
  const fs = new MemoryFileSystem(Object.fromEntries(files));
  const kinds: DiscoveredFile[] = [...files.keys()].filter((p) => /\.conf$/.test(p) || /values[^/]*\.ya?ml$/.test(p)).map((path) => ({ path, kind: path.endsWith('.conf') ? 'nginx' : 'values' }));
  const values = kinds.filter((f) => f.kind === 'values').map((f) => {
    const chartVersion = siblingChart(fs, f.path)?.version;
    return parseValuesDocument(f.path, files.get(f.path) ?? '', chartVersion ? { chartVersion } : {});
  });
  const model = { values, nginx: buildNginxTrees(fs, kinds, DEFAULT_SETTINGS, { workspaceFolders: ['/ws'] }), proxyFiles: [] };
  return lintWorkspaceRules(model, { locale: 'en', rules: WORKSPACE_RULES });
}

function lintAll(files: Files) {
  const index = new WorkspaceIndex(new MemoryFileSystem(Object.fromEntries(files)), ['/ws'], DEFAULT_SETTINGS, { locale: 'en' });
  index.scan();
  return index.lint();
}

test(`cross-file rules: ${FUZZ_RUNS} generated and mutated workspaces check soundly`, () => {
  fc.assert(
    fc.property(fc.oneof({ arbitrary: generated, weight: 3 }, { arbitrary: mutatedFixture, weight: 1 }), (files) => {
      assertSound(files, lintCross(files), lintCross);
    }),
    { numRuns: FUZZ_RUNS, includeErrorInReport: true },
  );
});

test(`whole workspace, every rule: ${Math.ceil(FUZZ_RUNS / 10)} mutated workspaces check soundly`, () => {
  fc.assert(
    fc.property(fc.oneof(generated, mutatedFixture), (files) => {
      assertSound(files, lintAll(files), lintAll);
    }),
    { numRuns: Math.ceil(FUZZ_RUNS / 10), includeErrorInReport: true },
  );
});
