import { sql } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.ts';
import type { Logger } from '../../infra/logger.ts';
import type { Alerts } from './alerts.service.ts';
import { almatyDate, almatyHour } from './almaty-time.ts';
import type { NotificationSettingsRepository } from './notification-settings.repository.ts';

export interface StoreSummary {
  storeId: string;
  storeName: string;
  /** Demper price changes Kaspi accepted in the last 24 h. */
  changes: number;
  placesWon: number;
  placesLost: number;
  /** Enabled products held at their floor at their last check. */
  atFloor: number;
}

/**
 * The day of each shop of a user, read from tables of other modules (reads may join any table):
 * - changes: `price_history` rows of the demper, pushed or applied, in the last 24 h;
 * - places won / lost: for each product with a change the storefront verified in the last 24 h, the
 *   place that first verified change found (`actual_position`) against the product's place now
 *   (`products.best_place`): better now is a place won, worse (or no longer listed) a place lost;
 * - at floor: enabled products whose last check held a city at its floor (the engine's reasons
 *   `at_floor_hold` and `best_reachable`, src/engine/engine.ts).
 */
export async function storeSummaries(db: Database, userId: string, now: Date): Promise<StoreSummary[]> {
  const since = new Date(now.getTime() - 86_400_000);
  const result = await db.execute(sql`
    with changes as (
      select h.store_id, count(*)::int as n from price_history h join kaspi_stores s on s.id = h.store_id
      where s.user_id = ${userId} and h.source = 'demper' and h.status in ('pushed', 'applied') and h.created_at >= ${since}
      group by h.store_id
    ), first_verified as (
      select distinct on (h.product_id) h.product_id, h.store_id, h.actual_position as place
      from price_history h join kaspi_stores s on s.id = h.store_id
      where s.user_id = ${userId} and h.actual_position is not null and h.created_at >= ${since}
      order by h.product_id, h.created_at
    ), moves as (
      select f.store_id,
        count(*) filter (where p.best_place is not null and p.best_place < f.place)::int as won,
        count(*) filter (where p.best_place is null or p.best_place > f.place)::int as lost
      from first_verified f join products p on p.id = f.product_id
      group by f.store_id
    ), floors as (
      select p.store_id, count(*)::int as n from products p
      where p.user_id = ${userId} and p.bot_active and exists (
        select 1 from jsonb_array_elements(coalesce(p.demper_state->'cities', '[]'::jsonb)) c where c->>'reason' in ('at_floor_hold', 'best_reachable')
      )
      group by p.store_id
    )
    select s.id, s.name, coalesce(c.n, 0) as changes, coalesce(m.won, 0) as won, coalesce(m.lost, 0) as lost, coalesce(f.n, 0) as at_floor
    from kaspi_stores s
    left join changes c on c.store_id = s.id
    left join moves m on m.store_id = s.id
    left join floors f on f.store_id = s.id
    where s.user_id = ${userId} and s.is_active
    order by s.created_at
  `);
  const rows = (result as unknown as { rows: Record<string, unknown>[] }).rows;
  return rows.map((r) => ({
    storeId: String(r['id']),
    storeName: String(r['name']),
    changes: Number(r['changes']),
    placesWon: Number(r['won']),
    placesLost: Number(r['lost']),
    atFloor: Number(r['at_floor']),
  }));
}

/**
 * Sends each user's daily summary at their hour (Almaty): every worker ticks, and claiming the day in
 * the settings row makes it once per user and day, whichever process gets there first.
 */
export class DailySummaries {
  constructor(
    private readonly db: Database,
    private readonly settings: NotificationSettingsRepository,
    private readonly alerts: Alerts,
    private readonly log: Logger,
  ) {}

  async tick(now = new Date()): Promise<number> {
    const date = almatyDate(now);
    const users = await this.settings.dueForSummary(almatyHour(now), date);
    let sent = 0;
    for (const userId of users) {
      if (!(await this.settings.claimSummary(userId, date))) continue;
      try {
        for (const s of await storeSummaries(this.db, userId, now)) {
          await this.alerts.raise({
            userId,
            storeId: s.storeId,
            kind: 'daily_summary',
            data: { date, changes: s.changes, places_won: s.placesWon, places_lost: s.placesLost, at_floor: s.atFloor, period_hours: 24 },
          });
        }
        sent++;
      } catch (err) {
        this.log.warn({ err, userId }, 'daily summary failed');
      }
    }
    return sent;
  }
}
