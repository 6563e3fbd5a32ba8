import { defineStrings } from '../define.ts';

export const product = defineStrings(
  {
    title: 'Товар',
  },
  {
    kk: {
      title: 'Тауар',
    },
    en: {
      title: 'Product',
    },
  },
);
