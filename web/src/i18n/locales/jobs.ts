import { defineStrings } from '../define.ts';

export const jobs = defineStrings(
  {
    title: 'Задачи',
  },
  {
    kk: {
      title: 'Тапсырмалар',
    },
    en: {
      title: 'Jobs',
    },
  },
);
