/** The app's languages: Russian first (sellers work in it), then Kazakh and English. */
export const languages = ['ru', 'kk', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'ru';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** What the language switcher shows: each language in its own words. */
export const languageNames: Record<Language, string> = { ru: 'Русский', kk: 'Қазақша', en: 'English' };
