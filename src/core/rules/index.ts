import type { Rule } from './rule';
import { valuesLegacyLayout } from './values-legacy-layout';
import { valuesSchemaRule } from './values-schema';

/** Every rule, in the order findings are reported. Add a rule by importing it here. */
export const RULES: readonly Rule[] = [
  valuesLegacyLayout,
  valuesSchemaRule,
];

export function findRule(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}
