/**
 * yaml-language-server and its texts: a bundle of its own (dist/yaml-library.js), loaded on the
 * first completion or hover. It is half of what the server would otherwise load and compile before
 * its first check, which needs none of it.
 */
import { config } from '@vscode/l10n';
// yaml-language-server's own Chinese texts ("Allowed Values:", "Default value"), bundled so that
// nothing is read at run time; its Traditional Chinese file is not for our Simplified locale.
import yamlServerChinese from 'yaml-language-server/l10n/bundle.l10n.zh-cn.json';
import type * as YamlLanguageServer from 'yaml-language-server' with { 'resolution-mode': 'import' };
import type { Locale } from '../core/l10n';

/** yaml-language-server is an ES module and this code is CommonJS: a dynamic import is the portable way in. */
export function loadYamlLanguageServer(): Promise<typeof YamlLanguageServer> {
  return import('yaml-language-server');
}

/**
 * Makes yaml-language-server's own texts follow the locale of a request. @vscode/l10n holds one
 * bundle for the whole process and yaml-language-server reads it as it builds each answer; the
 * server speaks one locale, and setting it per request keeps tests of both locales honest.
 */
export function useYamlServerLocale(locale: Locale): void {
  config({ contents: locale === 'zh-cn' ? yamlServerChinese : {} });
}
