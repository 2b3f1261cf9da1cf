export const LOCALES = ['en', 'zh-cn'] as const;
export type Locale = (typeof LOCALES)[number];

/** A user-facing text in every language we ship; the type makes a missing translation a compile error. */
export type LocalizedText = Record<Locale, string>;

export function toLocale(tag: string | undefined): Locale {
  const normalized = (tag ?? '').toLowerCase().replace('_', '-');
  return normalized.startsWith('zh') ? 'zh-cn' : 'en';
}

/** The locale of the environment, from the usual POSIX variables. */
export function localeFromEnvironment(env: NodeJS.ProcessEnv): Locale {
  return toLocale(env.LC_ALL || env.LC_MESSAGES || env.LANG || env.LANGUAGE);
}

/** Fills `{name}` placeholders. Unknown placeholders stay visible so that a missing argument shows in tests. */
export function formatText(template: string, args: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in args ? String(args[name]) : whole));
}

export function localize(text: LocalizedText, locale: Locale, args?: Readonly<Record<string, string | number>>): string {
  return formatText(text[locale], args);
}
