/** Which language a locale tag or a POSIX environment gets: English or Simplified Chinese. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localeFromEnvironment, toLocale } from '../../../src/core/l10n';

test('Simplified Chinese tags give zh-cn; Traditional Chinese and other languages give English', () => {
  for (const tag of ['zh-cn', 'zh-CN', 'zh_CN.UTF-8', 'zh', 'zh-sg', 'zh-Hans', 'zh-Hans-HK', 'zh_CN@pinyin']) assert.equal(toLocale(tag), 'zh-cn', tag);
  for (const tag of ['zh-tw', 'zh-TW', 'zh_TW.UTF-8', 'zh-hk', 'zh_HK.Big5', 'zh-mo', 'zh-Hant', 'zh-Hant-CN', 'en', 'en-US', 'fr', 'ja', '', undefined]) assert.equal(toLocale(tag), 'en', String(tag));
});

test('the environment: LC_ALL, then LC_MESSAGES, then LANG', () => {
  assert.equal(localeFromEnvironment({}), 'en');
  assert.equal(localeFromEnvironment({ LANG: 'zh_CN.UTF-8' }), 'zh-cn');
  assert.equal(localeFromEnvironment({ LANG: 'zh_TW.UTF-8' }), 'en');
  assert.equal(localeFromEnvironment({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' }), 'zh-cn');
  assert.equal(localeFromEnvironment({ LANG: 'zh_CN.UTF-8', LC_MESSAGES: 'en_US.UTF-8' }), 'en');
  assert.equal(localeFromEnvironment({ LC_ALL: 'zh_CN.UTF-8', LC_MESSAGES: 'en_US.UTF-8', LANG: 'en_US.UTF-8' }), 'zh-cn');
  assert.equal(localeFromEnvironment({ LC_ALL: '', LANG: 'zh_CN.UTF-8' }), 'zh-cn', 'an empty variable counts as unset');
});

test('LANGUAGE comes before LC_ALL, LC_MESSAGES and LANG, as in gettext', () => {
  assert.equal(localeFromEnvironment({ LANGUAGE: 'zh_CN', LANG: 'en_US.UTF-8' }), 'zh-cn');
  assert.equal(localeFromEnvironment({ LANGUAGE: 'en_US', LC_ALL: 'zh_CN.UTF-8' }), 'en');
  // Its first language we ship wins; one we do not ship is passed over.
  assert.equal(localeFromEnvironment({ LANGUAGE: 'fr:zh_CN:en', LANG: 'en_US.UTF-8' }), 'zh-cn');
  assert.equal(localeFromEnvironment({ LANGUAGE: 'zh_TW:en', LANG: 'zh_CN.UTF-8' }), 'en');
  assert.equal(localeFromEnvironment({ LANGUAGE: 'zh_TW:zh_CN', LANG: 'en_US.UTF-8' }), 'zh-cn');
  // No listed language is one we ship: gettext shows the untranslated (English) messages.
  assert.equal(localeFromEnvironment({ LANGUAGE: 'fr:de', LANG: 'zh_CN.UTF-8' }), 'en');
  assert.equal(localeFromEnvironment({ LANGUAGE: '', LANG: 'zh_CN.UTF-8' }), 'zh-cn');
  assert.equal(localeFromEnvironment({ LANGUAGE: 'zh_CN', LANG: 'C.UTF-8' }), 'zh-cn');
});

test('LANGUAGE is ignored in the C locale, as in gettext', () => {
  assert.equal(localeFromEnvironment({ LANGUAGE: 'zh_CN' }), 'en');
  assert.equal(localeFromEnvironment({ LANGUAGE: 'zh_CN', LANG: 'C' }), 'en');
  assert.equal(localeFromEnvironment({ LANGUAGE: 'zh_CN', LC_ALL: 'POSIX', LANG: 'zh_CN.UTF-8' }), 'en');
});
