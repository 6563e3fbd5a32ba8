// Admits new probes of suspected wars within the reads per second the current plan leaves them
// (schedule-plan.ts, PROBE_SHARE), counted per process and per plan: a new plan, which counts the
// probes that started, gives new room.
import type { SchedulePlan } from './schedule-plan.ts';

export class ProbeAdmission {
  private planAt = -1;
  private readonly admitted = new Map<string, number>();

  /**
   * May a product on this read budget start a probe that reads `readsPerSecond` (its cities over the
   * probe's interval)? Yes before the first plan (nothing to go by).
   */
  admit(plan: SchedulePlan | null, egress: string, readsPerSecond: number): boolean {
    const budget = plan?.egress[egress];
    if (!plan || !budget) return true;
    if (plan.at !== this.planAt) {
      this.planAt = plan.at;
      this.admitted.clear();
    }
    const used = this.admitted.get(egress) ?? 0;
    // Plans made before the room was counted in reads per second have no probeReadsRoom: admit none.
    if (used + readsPerSecond > (budget.probeReadsRoom ?? 0)) return false;
    this.admitted.set(egress, used + readsPerSecond);
    return true;
  }
}
