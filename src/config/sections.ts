import { browser } from './browser.ts';
import { budgets } from './budgets.ts';
import { type ConfigOf, variablesOf } from './define.ts';
import { demper } from './demper.ts';
import { feed } from './feed.ts';
import { http } from './http.ts';
import { jobs } from './jobs.ts';
import { kaspi } from './kaspi.ts';
import { market } from './market.ts';
import { notifications } from './notifications.ts';
import { preorders } from './preorders.ts';
import { pricing } from './pricing.ts';
import { security } from './security.ts';
import { storage } from './storage.ts';
import { sync } from './sync.ts';

/** Every section, in the order of `.env.example`. Each owns its top-level properties of the config object. */
export const sections = [http, storage, jobs, security, kaspi, browser, budgets, sync, market, pricing, preorders, demper, feed, notifications] as const;

type UnionToIntersection<U> = (U extends unknown ? (arg: U) => void : never) extends (arg: infer I) => void ? I : never;

/** The typed configuration: what the section declarations make of the environment. */
export type AppConfig = ConfigOf<UnionToIntersection<(typeof sections)[number]['shape']>>;

/** Every variable with its section and property path, in declaration order. */
export const variables = sections.flatMap((s) => variablesOf(s.shape).map((v) => ({ ...v, section: s })));

// A variable declared twice, or two sections writing the same property, is a mistake caught at start.
const seen = new Set<string>();
for (const { variable, path } of variables) {
  for (const key of [`env ${variable.name}`, `config.${path.join('.')}`]) {
    if (seen.has(key)) throw new Error(`Configuration declared twice: ${key}`);
    seen.add(key);
  }
}
const topLevel = sections.flatMap((s) => Object.keys(s.shape));
const clash = topLevel.find((key, i) => topLevel.indexOf(key) !== i);
if (clash) throw new Error(`Configuration property config.${clash} belongs to two sections`);
