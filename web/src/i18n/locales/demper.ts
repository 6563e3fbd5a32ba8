import { defineStrings } from '../define.ts';

export const demper = defineStrings(
  {
    title: 'Демпинг',
  },
  {
    kk: {
      title: 'Демпинг',
    },
    en: {
      title: 'Repricer',
    },
  },
);
