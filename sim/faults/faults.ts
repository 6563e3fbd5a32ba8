import { Prng } from '../world/prng.ts';

/**
 * Response-shape variants the protocol document lists; a client must accept each of them.
 *  - list-items / list-content / list-data / list-array: the cabinet's offer list under another key, or bare;
 *  - min-price-object: `minPrice` as `{"value": n}`;
 *  - null-offer-id: `offerId: null` (the client must fall back to `sku`);
 *  - numeric-merchant-id: storefront `merchantId` as a number where it is all digits;
 *  - session-redirect: an expired cabinet session answers a 302 to the login page instead of a 401.
 */
export const SHAPE_VARIANTS = ['list-items', 'list-content', 'list-data', 'list-array', 'min-price-object', 'null-offer-id', 'numeric-merchant-id', 'session-redirect'] as const;
export type ShapeVariant = (typeof SHAPE_VARIANTS)[number];

/**
 *  - status: answer `status` (5xx by default) instead of the real answer; with `bodyDelayMs`, its
 *    headers go out at once and its body that much later (a slow network between the two);
 *  - slow: answer normally after `delayMs` real milliseconds;
 *  - hang: never answer (the client must time out);
 *  - antibot: a 200 text/html "are you a robot" page;
 *  - shape: answer normally in the given shape variant.
 */
export const FAULT_KINDS = ['status', 'slow', 'hang', 'antibot', 'shape'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRuleInput {
  /** Route name (`storefront.offers`, `mc.pricefeed`, ...), a prefix with `*` (`storefront.*`), or `*`. */
  route: string;
  kind: FaultKind;
  status?: number;
  delayMs?: number;
  /** For `status`: real milliseconds between the answer's headers and its body. */
  bodyDelayMs?: number;
  variant?: ShapeVariant;
  /** Probability per matching request, 0..1 (drawn from the seeded generator). Default 1. */
  rate?: number;
  /** Applies to this many matching requests, then disappears. Default: no limit. */
  times?: number;
  /** Lets this many matching requests through untouched first ("fail from the 4th page on"). */
  after?: number;
  /** Only for requests from this client IP. */
  ip?: string;
}

export interface FaultRule extends FaultRuleInput {
  id: number;
  hits: number;
}

export interface FaultDecision {
  hang: boolean;
  status: number | null;
  delayMs: number;
  bodyDelayMs: number;
  antibot: boolean;
  shapes: Set<ShapeVariant>;
}

/** Faults on demand, evaluated once per request before the route answers. */
export class Faults {
  private rules: FaultRule[] = [];
  private nextId = 1;
  private rng: Prng;

  constructor(seed: number) {
    this.rng = new Prng(seed ^ 0x5eed);
  }

  add(input: FaultRuleInput): FaultRule {
    if (!(FAULT_KINDS as readonly string[]).includes(input.kind)) throw new RangeError(`unknown fault kind ${input.kind}`);
    if (input.kind === 'shape' && !(SHAPE_VARIANTS as readonly string[]).includes(input.variant ?? '')) throw new RangeError(`unknown shape variant ${input.variant}`);
    const rule: FaultRule = { ...input, id: this.nextId++, hits: 0 };
    this.rules.push(rule);
    return rule;
  }

  remove(id: number): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length < before;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(seed?: number): void {
    this.rules = [];
    if (seed !== undefined) this.rng = new Prng(seed ^ 0x5eed);
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  decide(route: string, ip: string): FaultDecision | null {
    if (this.rules.length === 0) return null;
    let decision: FaultDecision | null = null;
    for (const rule of this.rules) {
      if (!routeMatches(rule.route, route) || (rule.ip && rule.ip !== ip)) continue;
      if (rule.after !== undefined && rule.after > 0) {
        rule.after--;
        continue;
      }
      if (rule.rate !== undefined && rule.rate < 1 && this.rng.next() >= rule.rate) continue;
      rule.hits++;
      if (rule.times !== undefined) rule.times--;
      decision ??= { hang: false, status: null, delayMs: 0, bodyDelayMs: 0, antibot: false, shapes: new Set() };
      if (rule.kind === 'hang') decision.hang = true;
      else if (rule.kind === 'status' && decision.status === null) {
        decision.status = rule.status ?? 503;
        decision.bodyDelayMs = rule.bodyDelayMs ?? 0;
      } else if (rule.kind === 'slow') decision.delayMs += rule.delayMs ?? 2000;
      else if (rule.kind === 'antibot') decision.antibot = true;
      else if (rule.variant) decision.shapes.add(rule.variant);
    }
    this.rules = this.rules.filter((r) => r.times === undefined || r.times > 0);
    return decision;
  }
}

function routeMatches(pattern: string, route: string): boolean {
  if (pattern === '*' || pattern === route) return true;
  return pattern.endsWith('*') && route.startsWith(pattern.slice(0, -1));
}
