import type { Language } from './languages.ts';
import { admin } from './locales/admin.ts';
import { auth } from './locales/auth.ts';
import { catalogue } from './locales/catalogue.ts';
import { common } from './locales/common.ts';
import { demper } from './locales/demper.ts';
import { jobs } from './locales/jobs.ts';
import { notifications } from './locales/notifications.ts';
import { preorders } from './locales/preorders.ts';
import { product } from './locales/product.ts';
import { shops } from './locales/shops.ts';

/** Every namespace: one file per page under locales/, each with all three languages. */
export const namespaces = { common, auth, shops, catalogue, product, demper, preorders, jobs, notifications, admin } as const;
export type Namespace = keyof typeof namespaces;

type Resources = { [N in Namespace]: (typeof namespaces)[N]['ru'] };

export function resourcesFor(language: Language): Resources {
  return Object.fromEntries(Object.entries(namespaces).map(([name, strings]) => [name, strings[language]])) as Resources;
}

export type RussianResources = Resources;
