import { defineStrings } from '../define.ts';

export const catalogue = defineStrings(
  {
    title: 'Товары',
  },
  {
    kk: {
      title: 'Тауарлар',
    },
    en: {
      title: 'Products',
    },
  },
);
