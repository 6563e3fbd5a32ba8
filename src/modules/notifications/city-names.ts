import type { UserLanguage } from '../../infra/db/schema.ts';

// City names by Kaspi city id (KATO), as the web app shows them (web/src/i18n/locales/common.ts): the
// server cannot import the web app, so messages carry their own copy of the list.
const names: Record<string, [ru: string, kk: string, en: string]> = {
  '750000000': ['Алматы', 'Алматы', 'Almaty'],
  '710000000': ['Астана', 'Астана', 'Astana'],
  '511010000': ['Шымкент', 'Шымкент', 'Shymkent'],
  '151010000': ['Актобе', 'Ақтөбе', 'Aktobe'],
  '351010000': ['Караганда', 'Қарағанды', 'Karaganda'],
  '231010000': ['Атырау', 'Атырау', 'Atyrau'],
  '311010000': ['Тараз', 'Тараз', 'Taraz'],
  '551010000': ['Павлодар', 'Павлодар', 'Pavlodar'],
  '631010000': ['Усть-Каменогорск', 'Өскемен', 'Oskemen'],
  '391010000': ['Костанай', 'Қостанай', 'Kostanay'],
  '431010000': ['Кызылорда', 'Қызылорда', 'Kyzylorda'],
  '271010000': ['Уральск', 'Орал', 'Oral'],
  '591010000': ['Петропавловск', 'Петропавл', 'Petropavl'],
  '471010000': ['Актау', 'Ақтау', 'Aktau'],
  '191010000': ['Талдыкорган', 'Талдықорған', 'Taldykorgan'],
  '111010000': ['Кокшетау', 'Көкшетау', 'Kokshetau'],
  '632810000': ['Семей', 'Семей', 'Semey'],
  '352410000': ['Темиртау', 'Теміртау', 'Temirtau'],
  '552210000': ['Экибастуз', 'Екібастұз', 'Ekibastuz'],
};

const index: Record<UserLanguage, number> = { ru: 0, kk: 1, en: 2 };

/** The city's name in the language; `fallback` (a pickup point's city name) or the id when the list has none. */
export function cityName(cityId: string, language: UserLanguage, fallback?: string | null): string {
  return names[cityId]?.[index[language]] ?? fallback ?? cityId;
}
