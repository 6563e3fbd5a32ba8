// When a product is read next, and why: the one place that turns what the scheduler knows (the
// store's mode, the learned rate, a war's clock, the plan's water level, a change waiting for the
// storefront, a failed read) into a time the seller can be shown.

import type { ScheduleReason } from '../../../infra/db/schema.ts';
import { type WarClock, warReadAt } from './price-war.ts';
import { intervalAt } from './refresh-allocation.ts';

export const schedulerModes = ['adaptive', 'uniform'] as const;
export type SchedulerMode = (typeof schedulerModes)[number];

export type { ScheduleReason } from '../../../infra/db/schema.ts';

export interface NextReadInput {
  mode: SchedulerMode;
  /** Epoch ms. */
  now: number;
  /** Uniform mode: the store's interval for this product (priority or normal). */
  uniformSeconds: number;
  /** Adaptive bounds: the server's minimum and the product's guaranteed longest interval. */
  minSeconds: number;
  maxSeconds: number;
  rate: number;
  weight: number;
  cost: number;
  priority: boolean;
  /** Reads the rate rests on (few: learning). */
  observations: number;
  /** The plan's water level for the product's read budget; null before the first plan. */
  level: number | null;
  war: WarClock | null;
  /** A suspected war is being timed: read at least this often (price-war.ts suspectWar). */
  probeSeconds?: number | null;
  verifySoon: boolean;
  verifyDelayMs: number;
  failed: boolean;
  retryMs: number;
  /** 0..1: spreads products enabled together. */
  jitter: number;
}

export interface NextRead {
  at: number;
  intervalSeconds: number;
  reason: ScheduleReason;
}

export function nextRead(input: NextReadInput): NextRead {
  const nowS = input.now / 1000;
  let seconds: number;
  let reason: ScheduleReason;
  let exact = false;
  if (input.mode === 'uniform') {
    seconds = input.uniformSeconds;
    reason = 'uniform';
  } else if (input.war) {
    seconds = warReadAt(input.war, nowS, input.minSeconds) - nowS;
    reason = 'war';
    exact = true;
  } else {
    const item = { rate: input.rate, weight: input.weight, cost: input.cost, minSeconds: input.minSeconds, maxSeconds: input.maxSeconds };
    seconds = input.level === null ? Math.min(input.maxSeconds, Math.max(input.minSeconds, input.uniformSeconds)) : intervalAt(item, input.level);
    reason = input.observations < 3 ? 'learning' : seconds >= input.maxSeconds * 0.99 ? 'quiet' : input.priority && seconds >= input.maxSeconds * 0.5 ? 'priority' : 'active';
    if (input.probeSeconds && input.probeSeconds < seconds) {
      seconds = input.probeSeconds;
      reason = 'active';
    }
  }
  const intervalSeconds = seconds;
  let wait = seconds * 1000;
  // A change waiting for the storefront is verified after Kaspi's ingest delay; in a war the next
  // read on the rival's clock verifies it, when it comes well inside the verification deadline.
  if (input.verifySoon && input.verifyDelayMs < wait && !(reason === 'war' && wait <= 4 * input.verifyDelayMs)) {
    wait = input.verifyDelayMs;
    reason = 'verify';
    exact = false;
  }
  if (input.failed && input.retryMs < wait) {
    wait = input.retryMs;
    reason = 'retry';
    exact = false;
  }
  const at = input.now + Math.round(exact ? wait : wait * (1 + 0.1 * input.jitter));
  return { at, intervalSeconds: Math.round(intervalSeconds * 10) / 10, reason };
}
