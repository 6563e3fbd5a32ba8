/** The API's repricing strategies (src/infra/db/schema.ts repricingStrategies), in the order a seller picks them. */
export const strategies = ['beat_first', 'stay_top_n', 'follow_second', 'match_first', 'fixed', 'manual'] as const;
export type Strategy = (typeof strategies)[number];
