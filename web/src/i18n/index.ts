import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { defaultLanguage, isLanguage, type Language, languages } from './languages.ts';
import { namespaces, type RussianResources, resourcesFor } from './resources.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: RussianResources;
  }
}

const STORAGE_KEY = 'language';

/**
 * Before sign-in: the language chosen on this device, else Russian (sellers work in it). After sign-in the
 * user's own setting (remembered on the server, so it follows them to another device) wins.
 */
export function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // Private mode without storage: Russian.
  }
  return defaultLanguage;
}

export function rememberLanguageOnDevice(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage unavailable: the server still remembers it for a signed-in user.
  }
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: Object.fromEntries(languages.map((language) => [language, resourcesFor(language)])),
  lng: initialLanguage(),
  fallbackLng: defaultLanguage,
  supportedLngs: [...languages],
  ns: Object.keys(namespaces),
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : defaultLanguage;
}
