// Admits new probes of suspected wars within the room the current plan leaves them (schedule-plan.ts,
// PROBE_SHARE), counted per process and per plan: a new plan, which counts the probes that started,
// gives new room.
import type { SchedulePlan } from './schedule-plan.ts';

export class ProbeAdmission {
  private planAt = -1;
  private readonly admitted = new Map<string, number>();

  /** May a product on this read budget start a probe now? Yes before the first plan (nothing to go by). */
  admit(plan: SchedulePlan | null, egress: string): boolean {
    const budget = plan?.egress[egress];
    if (!plan || !budget) return true;
    if (plan.at !== this.planAt) {
      this.planAt = plan.at;
      this.admitted.clear();
    }
    const used = this.admitted.get(egress) ?? 0;
    if (used >= budget.probeRoom) return false;
    this.admitted.set(egress, used + 1);
    return true;
  }
}
