import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../../src/core/rules';

const README = readFileSync(join(__dirname, '../../../README.md'), 'utf8');

/** The rows of the README's rule table: `| [`id`](docs/rules/id.md) | severity | yes or blank | description |`. */
function readmeRows(): { id: string; page: string; severity: string; fixable: boolean }[] {
  const rows: { id: string; page: string; severity: string; fixable: boolean }[] = [];
  for (const line of README.split('\n')) {
    const match = /^\| \[`([^`]+)`\]\(([^)]+)\) \| ([^|]*) \| ([^|]*) \|/.exec(line);
    if (match) rows.push({ id: match[1], page: match[2], severity: match[3].trim(), fixable: match[4].trim() === 'yes' });
  }
  return rows;
}

test("the README's rule table lists RULES in order, with each rule's page, default severity and whether it fixes", () => {
  const expected = RULES.map((rule) => ({
    id: rule.meta.id,
    page: `docs/rules/${rule.meta.id}.md`,
    severity: rule.meta.defaultSeverity,
    fixable: rule.meta.fixable,
  }));
  assert.deepEqual(readmeRows(), expected);
});
