import type { Language } from './languages.ts';

/** The same keys as Russian, each a string: what Kazakh and English must provide. */
export type SameKeys<T> = { [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> };

/**
 * One namespace of strings in every language. Russian is the reference: the compiler refuses a Kazakh or
 * English file with a key missing or extra (and i18n.test.ts checks the built resources again).
 * Plural forms follow i18next (`_one`, `_few`, `_many`, `_other` for Russian; `_one`, `_other` for the others):
 * give Kazakh and English the same plural keys as Russian.
 */
export function defineStrings<T extends object>(ru: T, others: { kk: SameKeys<T>; en: SameKeys<T> }): Record<Language, T> {
  return { ru, kk: others.kk as T, en: others.en as T };
}
