import { Type } from 'typebox';
import { msFromSeconds, section, variable } from './define.ts';

export const demper = section('Demper (the repricer)', {
  demper: {
    run: variable(
      'DEMPER_RUN',
      Type.Boolean({
        default: true,
        description: 'Every worker process (and `serve` without Redis) runs the repricer loop (claims due products and checks them); false turns it off here.',
      }),
    ),
    concurrency: variable(
      'DEMPER_CONCURRENCY',
      Type.Integer({
        minimum: 1,
        maximum: 512,
        default: 48,
        description:
          "Product checks in flight per process. They mostly wait for the storefront read budget, so this only needs to exceed (egress IPs x STOREFRONT_READS_PER_SECOND x a check's seconds).",
      }),
    ),
    claimBatch: variable('DEMPER_CLAIM_BATCH', Type.Integer({ minimum: 1, maximum: 1000, default: 48, description: 'Due products claimed per database round trip.' })),
    leaseMs: variable('DEMPER_LEASE_SECONDS', Type.Integer({ minimum: 10, default: 120, description: "A worker's claim on a product (seconds): a killed worker's products come back after this." }), {
      to: msFromSeconds,
    }),
    minIntervalSeconds: variable(
      'DEMPER_MIN_INTERVAL_SECONDS',
      Type.Integer({
        minimum: 1,
        default: 5,
        description: 'A safety valve: the shortest interval between two reads of one product, whatever the scheduler or a store asks (the read budget is the real limit).',
      }),
    ),
    planMs: variable(
      'DEMPER_PLAN_SECONDS',
      Type.Number({ minimum: 1, default: 15, description: "How often the adaptive scheduler's plan (the read budget's split between products) is made again (seconds)." }),
      { to: msFromSeconds },
    ),
    readBudgetShare: variable(
      'DEMPER_READ_BUDGET_SHARE',
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 1,
        default: 0.95,
        description: "The share of the storefront read budget the adaptive scheduler plans for, the last minute's verification reads included; the rest is left for retries and the market API.",
      }),
    ),
    verifyDelayMs: variable(
      'DEMPER_VERIFY_DELAY_SECONDS',
      Type.Number({
        minimum: 0,
        default: 60,
        description:
          "After a price change the product is checked again this soon (seconds), to verify the storefront shows it (Kaspi's ingest delay); " +
          'a change not shown within 5x this is marked failed and decided again.',
      }),
      { to: msFromSeconds },
    ),
    marketMaxAgeMs: variable(
      'DEMPER_MARKET_MAX_AGE_SECONDS',
      Type.Number({
        minimum: 0,
        default: 20,
        description: 'A storefront read of (product, city) this young (seconds) serves every shop that sells the product.',
      }),
      { to: msFromSeconds },
    ),
    retryMs: variable(
      'DEMPER_RETRY_SECONDS',
      Type.Number({
        minimum: 1,
        default: 60,
        description: 'A check that could not read the market (403 pause, budget busy, session renewing) runs again this soon (seconds).',
      }),
      { to: msFromSeconds },
    ),
    proposalMaxAgeMs: variable(
      'DEMPER_PROPOSAL_MAX_AGE_SECONDS',
      Type.Number({
        minimum: 1,
        default: 1800,
        description: 'Approval mode: a proposal the demper last confirmed longer ago than this (seconds) is refused as stale when approved; the market it answered is too old to trust.',
      }),
      { to: msFromSeconds },
    ),
  },
});
