/**
 * The JSON schema of `.fabedge.yaml`, for completion and hover in the config file. It is built
 * from package.json's `fabedge.*` settings (types, defaults, descriptions in both languages) and
 * the rule list, so the file and the editor's settings can never describe a setting differently.
 * Served from memory under a `fabedge-schema://` URI: never fetched, never written.
 */
import { contributes } from '../../package.json';
import englishTexts from '../../package.nls.json';
import chineseTexts from '../../package.nls.zh-cn.json';
import { SETTINGS } from '../core/config/settings';
import { RULE_SETTINGS } from '../core/findings';
import { REPORTED_RULES } from '../core/engine';
import { localize, type Locale } from '../core/l10n';
import type { JsonSchema } from '../core/values/schemas';

const CONFIG_SCHEMA_URI = /^fabedge-schema:\/\/config(?:\?locale=(en|zh-cn))?$/;

export function configSchemaUri(locale: Locale): string {
  return `fabedge-schema://config?locale=${locale}`;
}

/** The locale of our config schema URI; undefined for any other URI. */
export function parseConfigSchemaUri(uri: string): { locale: Locale } | undefined {
  const match = CONFIG_SCHEMA_URI.exec(uri);
  return match ? { locale: match[1] === 'zh-cn' ? 'zh-cn' : 'en' } : undefined;
}

const TEXTS: Record<Locale, Record<string, string>> = { en: englishTexts, 'zh-cn': chineseTexts };

const TITLE = {
  en: 'FabEdge workspace configuration. The editor and fabedge-lint read it; VS Code settings override it per folder.',
  'zh-cn': 'FabEdge 工作区配置。编辑器和 fabedge-lint 都会读取它；VS Code 设置会按文件夹覆盖其中的值。',
};

/** `%config.exclude%` → the text in that language. */
function text(value: unknown, locale: Locale): string | undefined {
  if (typeof value !== 'string') return undefined;
  const key = /^%(.+)%$/.exec(value)?.[1];
  return key ? (TEXTS[locale][key] ?? TEXTS.en[key]) : value;
}

export function configFileSchema(locale: Locale): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const contributed: Record<string, Record<string, unknown>> = contributes.configuration.properties;
  for (const name of Object.keys(SETTINGS) as (keyof typeof SETTINGS)[]) {
    const setting = contributed[`fabedge.${name}`];
    const description = text(setting.markdownDescription, locale);
    const schema: Record<string, unknown> = { type: setting.type, default: setting.default, ...(description ? { markdownDescription: description, description } : {}) };
    if (setting.items) schema.items = setting.items;
    if (SETTINGS[name] === 'rules') {
      // One property per rule: completion offers the ids, hover tells what each checks.
      schema.properties = Object.fromEntries(
        REPORTED_RULES.map((meta) => [meta.id, { enum: RULE_SETTINGS, description: `${localize(meta.description, locale)} (${meta.defaultSeverity})` }]),
      );
      schema.additionalProperties = false;
    }
    properties[name] = schema;
  }
  return { $schema: 'http://json-schema.org/draft-07/schema#', title: '.fabedge.yaml', description: TITLE[locale], type: 'object', properties, additionalProperties: false };
}
