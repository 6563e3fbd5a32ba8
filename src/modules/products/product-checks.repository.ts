import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../../infra/db/database.ts';
import {
  kaspiStores,
  type ProductDemperState,
  type ProductMarketSummary,
  type ProductRow,
  type ProductSchedule,
  products,
  type StoreDemperSettingsRow,
  type StoreRow,
  storeDemperSettings,
} from '../../infra/db/schema.ts';

export interface ProductCheckCounts {
  productsEnabled: number;
  productsRepriceable: number;
  productsDue: number;
  /** How late the most overdue scheduled check is (0 when none is late). */
  longestOverdueSeconds: number;
  lastCheckAt: Date | null;
}

/** One product as the scheduler's plan sees it (every repriceable product of the deployment). */
/** Pushes this recent count towards the verification reads the plan leaves room for (s). */
export const VERIFY_WINDOW_SECONDS = 60;

export interface SchedulePlanRow {
  storeId: string;
  /** The read budget it draws on: 'pool' (the egress IPs of KASPI_PROXIES, or direct) or the store's own proxy. */
  egress: string;
  scheduler: 'adaptive' | 'uniform';
  priority: boolean;
  price: number;
  stock: number;
  /** Storefront reads per check (cities), 1 until the scheduler has seen the product. */
  cost: number;
  /** Learned competitor moves per second; null until the scheduler has seen the product. */
  rate: number | null;
  warPeriodSeconds: number | null;
  /** A suspected war being timed: the probe's read interval; null when none. */
  probeSeconds: number | null;
  /** We pushed a price in the last VERIFY_WINDOW_SECONDS: its verification read is on its way. */
  pushedRecently: boolean;
  checkIntervalSeconds: number;
  priorityIntervalSeconds: number;
  maxIntervalSeconds: number;
}

/** The scheduler's figures for one store: reads per second its products are planned at, wars. */
export interface StoreScheduleSummary {
  plannedReadsPerSecond: number;
  productsInWar: number;
}

/** A product this worker holds until `claimedUntil`, with its store and the store's demper settings. */
export interface ClaimedProduct {
  product: ProductRow;
  store: StoreRow;
  settings: StoreDemperSettingsRow;
}

/**
 * The demper's queue lives in the products table: a product is due when `next_check_at` has passed,
 * and a worker claims it by writing a lease (`claimed_until`, `claimed_by`). `FOR UPDATE SKIP LOCKED`
 * lets many workers claim at once without waiting on, or taking, each other's rows; a killed
 * worker's leases just run out. Nothing else (no Redis, no queue) has to survive a crash.
 */
export class ProductChecksRepository {
  constructor(private readonly db: Database) {}

  async claimDue(workerId: string, limit: number, leaseMs: number): Promise<ClaimedProduct[]> {
    // Both drivers (pg, PGlite) answer raw statements with `rows`.
    const claimed = (await this.db.execute(sql`
      update products set claimed_until = now() + ${leaseMs}::int * interval '1 millisecond', claimed_by = ${workerId}
      where id in (
        select p.id from products p
        join store_demper_settings s on s.store_id = p.store_id
        join kaspi_stores k on k.id = p.store_id
        where p.bot_active
          and (p.next_check_at is null or p.next_check_at <= now())
          and (p.claimed_until is null or p.claimed_until < now())
          and p.kaspi_status = 'active' and p.external_kaspi_id is not null and p.strategy <> 'manual'
          and s.enabled and k.is_active
          -- a store whose prices can go through the XML feed keeps being checked while its session is
          -- dead or its account paused; the others wait for the pricefeed
          and (s.feed_mode <> 'off' or ((s.paused_until is null or s.paused_until <= now()) and not k.needs_reauth and k.session_encrypted is not null))
          -- an admin disabled the owner: the shop is not repriced until they are enabled again
          and not exists (select 1 from users u where u.id = k.user_id and u.disabled_at is not null)
        -- ties (a shop enabled at once) broken by the random id, so one claim mixes shops
        order by p.next_check_at asc nulls first, p.id
        limit ${limit}::int
        for update of p skip locked
      )
      returning id`)) as unknown as { rows: { id: string }[] };
    const ids = claimed.rows.map((r) => r.id);
    if (!ids.length) return [];
    const rows = await this.db
      .select({ product: products, store: kaspiStores, settings: storeDemperSettings })
      .from(products)
      .innerJoin(kaspiStores, eq(kaspiStores.id, products.storeId))
      .innerJoin(storeDemperSettings, eq(storeDemperSettings.storeId, products.storeId))
      .where(inArray(products.id, ids));
    return rows;
  }

  /** Gives the product back with its next check time and what the check found; only our own claim. */
  async release(productId: string, workerId: string, next: { nextCheckAt: Date; checkedAt: Date | null; state: ProductDemperState | null; schedule?: ProductSchedule | null }): Promise<void> {
    await this.db
      .update(products)
      .set({
        nextCheckAt: next.nextCheckAt,
        claimedUntil: null,
        claimedBy: null,
        ...(next.checkedAt && { lastCheckTime: next.checkedAt }),
        ...(next.state && { demperState: next.state, ...marketColumns(next.state) }),
        ...(next.schedule && { schedule: next.schedule }),
      })
      .where(and(eq(products.id, productId), eq(products.claimedBy, workerId)));
  }

  /**
   * Just before calling Kaspi: extends our claim, or says we lost it (it ran out and another worker
   * took the product), in which case we must not push.
   */
  async renew(productId: string, workerId: string, leaseMs: number): Promise<boolean> {
    const rows = await this.db
      .update(products)
      .set({ claimedUntil: sql`now() + ${leaseMs}::int * interval '1 millisecond'` })
      .where(and(eq(products.id, productId), eq(products.claimedBy, workerId)))
      .returning({ id: products.id });
    return rows.length > 0;
  }

  /** At shutdown: claims not worked on go back at once instead of after their lease. */
  async releaseAll(workerId: string): Promise<void> {
    await this.db.update(products).set({ claimedUntil: null, claimedBy: null }).where(eq(products.claimedBy, workerId));
  }

  /**
   * Other shops' products with this public id that are due within half their own interval jump the
   * queue (a null next check sorts first): they are checked while this read is still in the cache,
   * so one storefront read serves every shop that sells the product, and none is checked more often
   * than about its interval. Returns how many were pulled forward.
   */
  async pullForward(externalId: string, exceptStoreId: string, moved = false): Promise<number> {
    // The competition moved: every shop selling the product has something to answer, due now.
    const dueSoon = moved
      ? sql`true`
      : sql`p.next_check_at <= now() + coalesce((p.schedule->>'interval_seconds')::float, case when p.priority then s.priority_interval_seconds else s.check_interval_seconds end) * interval '500 milliseconds'`;
    const result = (await this.db.execute(sql`
      update products p set next_check_at = null
      from store_demper_settings s
      where s.store_id = p.store_id and s.enabled
        and p.external_kaspi_id = ${externalId} and p.store_id <> ${exceptStoreId} and p.bot_active
        and p.next_check_at > now()
        and ${dueSoon}
      returning p.id`)) as unknown as { rows: unknown[] };
    return result.rows.length;
  }

  /**
   * The store's enabled products that would otherwise wait longer than their interval (priority or
   * normal) become due now: its repricer settings changed. `db` may be the settings' transaction.
   */
  async makeStoreDue(storeId: string, intervals: { checkIntervalSeconds: number; priorityIntervalSeconds: number }, db: Database = this.db): Promise<void> {
    const seconds = sql`(case when ${products.priority} then ${intervals.priorityIntervalSeconds}::int else ${intervals.checkIntervalSeconds}::int end)`;
    await db
      .update(products)
      .set({ nextCheckAt: sql`now()` })
      .where(and(eq(products.storeId, storeId), eq(products.botActive, true), or(isNull(products.nextCheckAt), sql`${products.nextCheckAt} > now() + ${seconds} * interval '1 second'`)));
  }

  /**
   * The product is checked by `at` at the latest (an approved proposal's push is verified by the next
   * check, after the ingest delay); a check due sooner stays as it is.
   */
  async checkBy(productId: string, at: Date): Promise<void> {
    await this.db
      .update(products)
      .set({ nextCheckAt: sql`least(coalesce(${products.nextCheckAt}, ${at.toISOString()}::timestamptz), ${at.toISOString()}::timestamptz)` })
      .where(eq(products.id, productId));
  }

  /**
   * Every product the demper may check, as the scheduler's plan needs it: one light row each (the
   * learned rate and cities come out of the schedule JSON in SQL, not the whole learning state).
   */
  async planRows(): Promise<SchedulePlanRow[]> {
    const result = (await this.db.execute(sql`
      select p.store_id as "storeId",
        case when k.proxy_url_encrypted is null then 'pool' else 'own:' || k.id::text end as egress,
        s.scheduler, p.priority, coalesce(p.price, 0)::float as price,
        coalesce((select sum(coalesce((a->>'stock_count')::int, 0)) from jsonb_array_elements(p.availabilities) a where (a->>'available')::boolean), 0)::float as stock,
        coalesce((p.schedule->>'cost')::int, 1) as cost,
        (p.schedule->>'rate')::float as rate,
        (p.schedule->'war'->>'period_seconds')::float as "warPeriodSeconds",
        (p.schedule->'probe'->>'interval_seconds')::float as "probeSeconds",
        coalesce(p.last_push_at > now() - ${VERIFY_WINDOW_SECONDS} * interval '1 second', false) as "pushedRecently",
        s.check_interval_seconds as "checkIntervalSeconds", s.priority_interval_seconds as "priorityIntervalSeconds",
        s.max_interval_seconds as "maxIntervalSeconds"
      from products p
      join store_demper_settings s on s.store_id = p.store_id
      join kaspi_stores k on k.id = p.store_id
      where p.bot_active and p.kaspi_status = 'active' and p.external_kaspi_id is not null and p.strategy <> 'manual'
        and s.enabled and k.is_active
        and not exists (select 1 from users u where u.id = k.user_id and u.disabled_at is not null)`)) as unknown as { rows: SchedulePlanRow[] };
    return result.rows.map((r) => ({
      ...r,
      price: Number(r.price),
      stock: Number(r.stock),
      cost: Number(r.cost),
      rate: r.rate === null ? null : Number(r.rate),
      warPeriodSeconds: r.warPeriodSeconds === null ? null : Number(r.warPeriodSeconds),
      probeSeconds: r.probeSeconds === null ? null : Number(r.probeSeconds),
    }));
  }

  /** Reads per second the store's products are planned at (cities over their interval), and its wars. */
  async scheduleSummary(storeId: string): Promise<StoreScheduleSummary> {
    const result = (await this.db.execute(sql`
      select coalesce(sum(coalesce((schedule->>'cost')::float, 1) / greatest((schedule->>'interval_seconds')::float, 1)), 0)::float as planned,
        (count(*) filter (where schedule->'war' is not null and jsonb_typeof(schedule->'war') = 'object'))::int as wars
      from products
      where store_id = ${storeId} and bot_active and kaspi_status = 'active' and external_kaspi_id is not null and strategy <> 'manual' and schedule is not null`)) as unknown as {
      rows: { planned: number | string; wars: number }[];
    };
    const row = result.rows[0];
    return { plannedReadsPerSecond: Number(row?.planned ?? 0), productsInWar: Number(row?.wars ?? 0) };
  }

  /** Product counts for the status endpoint, in one scan of the store's products. */
  async counts(storeId: string): Promise<ProductCheckCounts> {
    const enabled = sql`${products.botActive} and ${products.kaspiStatus} = 'active'`;
    const repriceable = sql`${enabled} and ${products.externalKaspiId} is not null and ${products.strategy} <> 'manual'`;
    const [row] = await this.db
      .select({
        productsEnabled: sql<number>`(count(*) filter (where ${enabled}))::int`,
        productsRepriceable: sql<number>`(count(*) filter (where ${repriceable}))::int`,
        productsDue: sql<number>`(count(*) filter (where ${repriceable} and (${products.nextCheckAt} is null or ${products.nextCheckAt} <= now())))::int`,
        longestOverdue: sql<number>`coalesce(max(extract(epoch from now() - ${products.nextCheckAt})) filter (where ${repriceable} and ${products.nextCheckAt} <= now()), 0)::int`,
        lastCheckAt: sql<Date | string | null>`max(${products.lastCheckTime})`,
      })
      .from(products)
      .where(eq(products.storeId, storeId));
    const last = row?.lastCheckAt ?? null;
    return {
      productsEnabled: row?.productsEnabled ?? 0,
      productsRepriceable: row?.productsRepriceable ?? 0,
      productsDue: row?.productsDue ?? 0,
      longestOverdueSeconds: row?.longestOverdue ?? 0,
      // A raw aggregate is not mapped by Drizzle: the driver gives a Date (pg) or a string (PGlite).
      lastCheckAt: last === null ? null : new Date(last),
    };
  }
}

/**
 * The catalogue's per-city summary of a decision (`products.market`) and our best place over those
 * cities (`best_place`, the list's `place` ordering); the migration backfills both the same way.
 */
export function marketColumns(state: ProductDemperState): { market: ProductMarketSummary[]; bestPlace: number | null } {
  const market = state.cities.map((c) => ({
    city_id: c.city_id,
    place: c.actual_position ?? null,
    cheapest_competitor_price: c.cheapest_competitor_price ?? null,
    checked_at: state.checked_at,
  }));
  const places = market.map((m) => m.place).filter((p): p is number => p !== null);
  return { market, bestPlace: places.length ? Math.min(...places) : null };
}
