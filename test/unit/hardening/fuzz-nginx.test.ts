/**
 * Fuzzes the nginx engine end to end: discovery, parsing, include trees, the stream model and the
 * nginx rules, through a WorkspaceIndex on a MemoryFileSystem, on generated configurations, token
 * soup and mutated examples and fixtures. See ./support for what is asserted.
 */
import { test } from 'node:test';
import fc from 'fast-check';
import type { Locale } from '../../../src/core/l10n';
import { WorkspaceIndex } from '../../../src/core/workspace/workspaceIndex';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { DEFAULT_SETTINGS } from '../../../src/core/io/settings';
import { generatedNginx, NGINX_SOURCES, nginxMutations, nginxSoup } from './generators';
import { assertSound, FUZZ_RUNS, mutate, type Files } from './support';

const text = fc.oneof(
  { arbitrary: generatedNginx, weight: 4 },
  { arbitrary: nginxSoup, weight: 2 },
  { arbitrary: fc.tuple(generatedNginx, nginxMutations).map(([t, m]) => mutate(t, m)), weight: 3 },
  { arbitrary: fc.tuple(fc.constantFrom(...NGINX_SOURCES), nginxMutations).map(([t, m]) => mutate(t, m)), weight: 2 },
);

/** The places discovery finds nginx files: by name, by folder, and by content alone. */
const workspace = fc
  .record({ main: fc.option(text), confd: fc.option(text), streamd: fc.option(text), loose: fc.option(text) }, { requiredKeys: [] })
  .map(({ main, confd, streamd, loose }) => {
    const files = new Map<string, string>();
    if (typeof main === 'string') files.set('/ws/nginx.conf', main);
    if (typeof confd === 'string') files.set('/ws/conf.d/a.conf', confd);
    if (typeof streamd === 'string') files.set('/ws/stream.d/b.conf', streamd);
    if (typeof loose === 'string') files.set('/ws/proxy/edge.conf', loose);
    return files as Files;
  });

function check(locale: Locale) {
  return (files: Files) => {
    const index = new WorkspaceIndex(new MemoryFileSystem(Object.fromEntries(files)), ['/ws'], DEFAULT_SETTINGS, { locale });
    index.scan();
    return index.lint();
  };
}

test(`nginx engine: ${FUZZ_RUNS} generated and mutated workspaces check soundly`, () => {
  fc.assert(
    fc.property(workspace, fc.constantFrom<Locale>('en', 'zh-cn'), (files, locale) => {
      const lint = check(locale);
      assertSound(files, lint(files), lint);
    }),
    { numRuns: FUZZ_RUNS, includeErrorInReport: true },
  );
});
