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
