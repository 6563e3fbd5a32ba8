import { defineStrings } from '../define.ts';

export const admin = defineStrings(
  {
    title: 'Админ',
  },
  {
    kk: {
      title: 'Әкімші',
    },
    en: {
      title: 'Admin',
    },
  },
);
