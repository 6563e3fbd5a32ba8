import { formatNumber } from '../../format/number.ts';
import type { Language } from '../../i18n/languages.ts';

/**
 * Reads per second as a seller can read them: one decimal in the usual range (`2,1`), two for a small
 * shop's trickle (`0,02`), never a bare `0` for a shop that does read.
 */
export function formatReadsPerSecond(value: number, language: Language): string {
  if (value <= 0) return '0';
  if (value < 0.01) return `<${formatNumber(0.01, language, 2)}`;
  if (value < 0.1) return formatNumber(value, language, 2);
  if (value < 100) return formatNumber(value, language, 1);
  return formatNumber(value, language);
}

export interface SchedulerLoad {
  demand_over_budget: number | null;
  overloaded: boolean;
  guarantee_stretch?: number | null;
  longest_wait_seconds?: number | null;
}

/**
 * Whether to warn that the shops on this budget ask for more reads than it has, and by how much
 * (`ratio`, shown as "1,4×"; null when the scheduler says overloaded without a ratio), and how long
 * products without priority may now wait, when the overload stretched their longest interval.
 */
export function overload(load: SchedulerLoad): { warn: boolean; ratio: number | null; longestWaitSeconds: number | null } {
  const ratio = load.demand_over_budget !== null && load.demand_over_budget > 1 ? load.demand_over_budget : null;
  const stretched = (load.guarantee_stretch ?? 1) > 1 && load.longest_wait_seconds != null;
  return { warn: load.overloaded || ratio !== null, ratio, longestWaitSeconds: stretched ? (load.longest_wait_seconds ?? null) : null };
}
