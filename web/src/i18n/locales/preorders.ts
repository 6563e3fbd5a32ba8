import { defineStrings } from '../define.ts';

export const preorders = defineStrings(
  {
    title: 'Предзаказы',
  },
  {
    kk: {
      title: 'Алдын ала тапсырыстар',
    },
    en: {
      title: 'Preorders',
    },
  },
);
