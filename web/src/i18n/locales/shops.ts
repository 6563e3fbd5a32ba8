import { defineStrings } from '../define.ts';

export const shops = defineStrings(
  {
    title: 'Магазины',
  },
  {
    kk: {
      title: 'Дүкендер',
    },
    en: {
      title: 'Shops',
    },
  },
);
