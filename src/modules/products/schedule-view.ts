import type { ProductSchedule } from '../../infra/db/schema.ts';

const perHour = (ratePerSecond: number) => Math.round(ratePerSecond * 3600 * 100) / 100;

/**
 * The product's `schedule` as the API shows it: its pace, interval, why, and when it is read next;
 * `overdue` replaces the stored reason when the read is late (the budget cannot keep up).
 */
export function toScheduleView(schedule: ProductSchedule | null, nextCheckAt: Date | null, now = new Date()) {
  if (!schedule) return null;
  const overdueSeconds = nextCheckAt ? Math.max(0, Math.round((now.getTime() - nextCheckAt.getTime()) / 1000)) : 0;
  const late = overdueSeconds > Math.max(30, schedule.interval_seconds / 2);
  return {
    mode: schedule.mode,
    interval_seconds: schedule.interval_seconds,
    reason: late ? 'overdue' : schedule.reason,
    next_check_at: nextCheckAt?.toISOString() ?? null,
    overdue_seconds: overdueSeconds,
    changes_per_hour: perHour(schedule.rate),
    reads_per_check: schedule.cost,
    war: schedule.war
      ? {
          city_id: schedule.war.city_id,
          period_seconds: schedule.war.period_seconds,
          step: schedule.war.step,
          answers_us: schedule.war.answers_us,
          answer_delay_seconds: schedule.war.answer ? Math.round(schedule.war.answer.hi * 10) / 10 : null,
          since: new Date(schedule.war.since * 1000).toISOString(),
        }
      : null,
    cities: schedule.cities.map((c) => ({
      city_id: c.city_id,
      reads: c.observations.length,
      changes_seen: c.observations.filter((o) => o[1] === 1).length,
      last_read_at: new Date(c.read_at * 1000).toISOString(),
    })),
    planned_at: schedule.planned_at,
  };
}
