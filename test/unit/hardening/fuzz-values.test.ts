/**
 * Fuzzes the values engine: YAML parsing as Helm reads it, layout detection, the values model and
 * every values rule, on generated values files, YAML-ish token soup and mutated examples and
 * fixtures, for each chart version. See ./support for what is asserted.
 */
import { test } from 'node:test';
import fc from 'fast-check';
import { lintValuesDocument } from '../../../src/core/engine';
import type { Locale } from '../../../src/core/l10n';
import { parseValuesDocument } from '../../../src/core/values/parse';
import { generatedValues, VALUES_SOURCES, yamlMutations, yamlSoup } from './generators';
import { assertSound, FUZZ_RUNS, mutate, type Files } from './support';

const FILE = '/ws/values.yaml';

const text = fc.oneof(
  { arbitrary: generatedValues, weight: 4 },
  { arbitrary: yamlSoup, weight: 2 },
  { arbitrary: fc.tuple(generatedValues, yamlMutations).map(([t, m]) => mutate(t, m)), weight: 3 },
  { arbitrary: fc.tuple(fc.constantFrom(...VALUES_SOURCES), yamlMutations).map(([t, m]) => mutate(t, m)), weight: 2 },
);

test(`values engine: ${FUZZ_RUNS} generated and mutated values files check soundly`, () => {
  fc.assert(
    fc.property(text, fc.constantFrom(undefined, '0.6.0', '0.7.0', '0.8.0', '1.0.0', 'v9'), fc.constantFrom<Locale>('en', 'zh-cn'), (valuesText, chartVersion, locale) => {
      const lint = (files: Files) => lintValuesDocument(parseValuesDocument(FILE, files.get(FILE) ?? '', chartVersion ? { chartVersion } : {}), { locale });
      const files = new Map([[FILE, valuesText]]);
      assertSound(files, lint(files), lint);
    }),
    { numRuns: FUZZ_RUNS, includeErrorInReport: true },
  );
});
