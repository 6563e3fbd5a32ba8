/** Kaspi city ids (KATO codes) as the storefront and the cabinet use them. */
export const CITIES: readonly { id: string; name: string }[] = [
  { id: '750000000', name: 'Алматы' },
  { id: '710000000', name: 'Астана' },
  { id: '511010000', name: 'Шымкент' },
  { id: '151010000', name: 'Актобе' },
  { id: '351010000', name: 'Караганда' },
  { id: '231010000', name: 'Атырау' },
  { id: '311010000', name: 'Тараз' },
  { id: '551010000', name: 'Павлодар' },
  { id: '631010000', name: 'Усть-Каменогорск' },
  { id: '391010000', name: 'Костанай' },
  { id: '431010000', name: 'Кызылорда' },
  { id: '271010000', name: 'Уральск' },
  { id: '591010000', name: 'Петропавловск' },
  { id: '471010000', name: 'Актау' },
  { id: '191010000', name: 'Талдыкорган' },
  { id: '111010000', name: 'Кокшетау' },
  { id: '632810000', name: 'Семей' },
  { id: '352410000', name: 'Темиртау' },
  { id: '552210000', name: 'Экибастуз' },
];

/** Almaty: what Kaspi assumes when a storefront call names no city. */
export const DEFAULT_CITY_ID = '750000000';

const indexById = new Map(CITIES.map((c, i) => [c.id, i]));

/** Compact index (0..18) of a city id, or -1 when Kaspi does not know the city. */
export function cityIndex(id: string): number {
  return indexById.get(id) ?? -1;
}

export function cityAt(index: number): { id: string; name: string } {
  const city = CITIES[index];
  if (!city) throw new RangeError(`no city at index ${index}`);
  return city;
}
