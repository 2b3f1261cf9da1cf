export const LOCALES = ['en', 'zh-cn'] as const;
export type Locale = (typeof LOCALES)[number];

/** A user-facing text in every language we ship; the type makes a missing translation a compile error. */
export type LocalizedText = Record<Locale, string>;

/**
 * The language we speak for a locale tag (`zh-CN`, `zh_TW.UTF-8`, `zh-Hant-HK`, `en-US`), or
 * undefined for a language we do not ship. Chinese is Simplified Chinese unless the tag names the
 * Traditional script or a region that writes it (Taiwan, Hong Kong, Macao).
 */
function shippedLocale(tag: string): Locale | undefined {
  const parts = tag.toLowerCase().replace(/[.@].*$/, '').split(/[-_]/);
  if (parts[0] === 'en') return 'en';
  if (parts[0] !== 'zh') return undefined;
  if (parts.includes('hans')) return 'zh-cn';
  if (parts.includes('hant') || TRADITIONAL_REGIONS.has(parts[1] ?? '')) return undefined;
  return 'zh-cn';
}

const TRADITIONAL_REGIONS = new Set(['tw', 'hk', 'mo']);

/** The locale for a tag from the editor (LSP `initialize`); English for anything we do not ship. */
export function toLocale(tag: string | undefined): Locale {
  return shippedLocale(tag ?? '') ?? 'en';
}

/**
 * The locale of the environment, the way gettext chooses a message catalog: the locale is the
 * first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set; unless it is `C` (or `POSIX`, or none is
 * set), the priority list in `LANGUAGE` overrides it, and its first language we ship wins.
 */
export function localeFromEnvironment(env: NodeJS.ProcessEnv): Locale {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || 'C';
  if (locale === 'C' || locale === 'POSIX') return 'en';
  if (env.LANGUAGE) {
    for (const entry of env.LANGUAGE.split(':')) {
      const shipped = entry ? shippedLocale(entry) : undefined;
      if (shipped) return shipped;
    }
    // gettext shows the untranslated (English) messages when no listed language has a catalog.
    return 'en';
  }
  return toLocale(locale);
}

/**
 * Templates split once into text and placeholder names (odd indices): the checks format the same
 * few hundred templates thousands of times per run. Bounded in case a caller formats arbitrary text.
 */
const splitTemplates = new Map<string, readonly string[]>();
const SPLIT_TEMPLATES_KEPT = 4096;

function templateParts(template: string): readonly string[] {
  let parts = splitTemplates.get(template);
  if (!parts) {
    if (splitTemplates.size >= SPLIT_TEMPLATES_KEPT) splitTemplates.clear();
    parts = template.split(/\{(\w+)\}/);
    splitTemplates.set(template, parts);
  }
  return parts;
}

/** Fills `{name}` placeholders. Unknown placeholders stay visible so that a missing argument shows in tests. */
export function formatText(template: string, args: Readonly<Record<string, string | number>> = {}): string {
  if (!template.includes('{')) return template;
  const parts = templateParts(template);
  let text = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i];
    text += (name in args ? String(args[name]) : `{${name}}`) + parts[i + 1];
  }
  return text;
}

export function localize(text: LocalizedText, locale: Locale, args?: Readonly<Record<string, string | number>>): string {
  return formatText(text[locale], args);
}
