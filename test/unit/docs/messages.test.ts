/**
 * Every rule page lists every text of its rule, in the page's language: the "Messages" section at
 * the end of docs/rules/<id>.md and docs/zh-cn/rules/<id>.md is made from `meta.messages`, and
 * this test fails when a page's section differs. `UPDATE_SNAPSHOTS=1` rewrites the sections.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locale } from '../../../src/core/l10n';
import { RULES } from '../../../src/core/rules';
import type { Rule } from '../../../src/core/rules/rule';

const ROOT = resolve(__dirname, '../../..');

const PAGES: Record<Locale, { folder: string; heading: string; intro: string }> = {
  en: {
    folder: 'docs/rules',
    heading: '## Messages',
    intro: 'Every text the rule shows, by id: the messages of its findings, the titles of its quick fixes, the notes on related places and the pieces a message is made of. `{name}` stands for a value taken from your files.',
  },
  'zh-cn': {
    folder: 'docs/zh-cn/rules',
    heading: '## 消息',
    intro: '本规则显示的全部文字（按 id 列出）：问题的消息、快速修复的标题、相关位置的说明，以及组成消息的片段。`{name}` 代表取自您文件中的值。',
  },
};

/**
 * A message as the page shows it: `<` escaped so that a placeholder like `<value>` is not read
 * as an HTML tag; a leading space (a piece appended to a sentence) left out.
 */
function asMarkdown(text: string): string {
  return text.trim().replace(/</g, '\\<');
}

function messagesSection(rule: Rule, locale: Locale): string {
  const { heading, intro } = PAGES[locale];
  const items = Object.entries(rule.meta.messages).map(([id, text]) => `- \`${id}\`: ${asMarkdown(text[locale])}`);
  return `${heading}\n\n${intro}\n\n${items.join('\n')}\n`;
}

/** The page with its Messages section (always the last) replaced by `section`, or appended. */
function withSection(page: string, heading: string, section: string): string {
  const at = page.indexOf(`\n${heading}\n`);
  const before = (at === -1 ? page : page.slice(0, at + 1)).replace(/\n*$/, '\n');
  return `${before}\n${section}`;
}

for (const locale of Object.keys(PAGES) as Locale[]) {
  test(`every rule's ${locale} page lists each of its messages in ${locale}`, () => {
    const { folder, heading } = PAGES[locale];
    const stale: string[] = [];
    for (const rule of RULES) {
      const file = join(ROOT, folder, `${rule.meta.id}.md`);
      const page = readFileSync(file, 'utf8');
      const expected = withSection(page, heading, messagesSection(rule, locale));
      if (page === expected) continue;
      if (process.env.UPDATE_SNAPSHOTS === '1') writeFileSync(file, expected);
      else stale.push(`${folder}/${rule.meta.id}.md`);
    }
    assert.deepEqual(stale, [], 'Messages sections differ from meta.messages (rewrite them with `UPDATE_SNAPSHOTS=1 node scripts/unit-tests.mjs docs/messages`)');
  });
}

test('each message of a rule is in its page in the language of the page, placeholders as they are', () => {
  for (const rule of RULES) {
    for (const locale of Object.keys(PAGES) as Locale[]) {
      const page = readFileSync(join(ROOT, PAGES[locale].folder, `${rule.meta.id}.md`), 'utf8');
      const section = page.slice(page.indexOf(`\n${PAGES[locale].heading}\n`));
      for (const [id, text] of Object.entries(rule.meta.messages)) {
        assert.ok(section.includes(`- \`${id}\`: ${asMarkdown(text[locale])}\n`), `${PAGES[locale].folder}/${rule.meta.id}.md lacks ${id}`);
      }
    }
  }
});

test('a Chinese message is in Chinese and an English one is not', () => {
  // The zh-cn text is the one users of that locale read: a forgotten copy of the English would pass the other tests.
  const han = /\p{Script=Han}/u;
  for (const rule of RULES) {
    for (const [id, text] of Object.entries(rule.meta.messages)) {
      assert.ok(!han.test(text.en), `${rule.meta.id}.${id}: Chinese in the English text`);
      // Names of things (nginx directives, "ERB") are the same in both languages.
      if (/[a-z]{3,} [a-z]{3,} [a-z]{3,}/.test(text.en)) assert.ok(han.test(text['zh-cn']), `${rule.meta.id}.${id}: the Chinese text has no Chinese`);
    }
  }
});
