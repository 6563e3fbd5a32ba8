/**
 * The pricing engine's reason codes (src/engine/engine.ts and strategies/) as keys of the `demper`
 * namespace's `reasons` object. A code the app does not know yet is shown as it is rather than hidden.
 */
export const reasonKeys = [
  'undercut_leader',
  'target_position',
  'cluster_match',
  'match_better_rating',
  'follow_raise',
  'no_competitors_max',
  'best_reachable',
  'at_floor_hold',
  'out_of_bounds',
  'max_drop_capped',
  'fixed',
  'manual',
  'preorder',
] as const;
export type ReasonKey = (typeof reasonKeys)[number];

export function reasonKey(code: string): ReasonKey | null {
  return (reasonKeys as readonly string[]).includes(code) ? (code as ReasonKey) : null;
}
