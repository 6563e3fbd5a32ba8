import type { Redis } from 'ioredis';
import type { BudgetUsage } from '../../infra/budget/rate-budget.ts';
import type { DatabaseHandle } from '../../infra/db/database.ts';
import type { Logger } from '../../infra/logger.ts';
import type { JobQueue } from '../../infra/queue/job-queue.ts';
import { withTimeout } from '../../infra/with-timeout.ts';
import type { KaspiBudgets } from '../module.ts';
import type { AdminRepository } from './admin.repository.ts';
import type { WorkerHeartbeats, WorkerView } from './worker-heartbeats.ts';

/** Each part of the answer waits at most this long: a backing service that hangs shows as not ok. */
const PART_TIMEOUT_MS = 3_000;
/** Budget keys listed at most (the busiest first). */
const MAX_BUDGET_KEYS = 200;

export type PauseKind = 'kaspi_429' | 'proxy_rest' | 'cabinet_paused';

export interface SystemView {
  database: { ok: boolean; latency_ms: number | null };
  redis: { ok: boolean; latency_ms: number | null } | null;
  queue: {
    kind: 'bullmq' | 'in-process';
    waiting: number | null;
    active: number | null;
    delayed: number | null;
    failed: number | null;
    by_type: { type: string; queued: number; running: number; failed: number }[];
  };
  workers: WorkerView[];
  budgets: { name: string; key: string; used: number; limit: number; window_ms: number; paused_until: string | null }[];
  pauses: { store_id: string | null; store_name: string | null; kind: PauseKind; key: string; until: string }[];
}

const PAUSE_KINDS: Record<string, PauseKind> = { 'cabinet-writes': 'kaspi_429', 'storefront-reads': 'proxy_rest', 'cabinet-reads': 'cabinet_paused' };

/**
 * Budget keys are merchant ids or egress proxies; a proxy URL may carry credentials, which never leave
 * the server: only scheme, host and port are shown.
 */
export function publicBudgetKey(key: string): string {
  if (!/^https?:\/\//.test(key) || !URL.canParse(key)) return key;
  const url = new URL(key);
  return `${url.protocol}//${url.host}`;
}

/** The admin's view of the running system: backing services, queue, workers, Kaspi budgets and pauses. */
export class SystemStatus {
  constructor(
    private readonly deps: {
      database: DatabaseHandle;
      redis: Redis | undefined;
      queue: JobQueue;
      budgets: KaspiBudgets;
      heartbeats: WorkerHeartbeats;
      repo: AdminRepository;
      log: Logger;
    },
  ) {}

  async view(): Promise<SystemView> {
    const { database, redis } = this.deps;
    const [db, red, queue, workers, budgets, demperPauses] = await Promise.all([
      this.timed(() => database.ping()),
      redis ? this.timed(() => redis.ping()) : Promise.resolve(null),
      this.queue(),
      this.part('workers', () => this.deps.heartbeats.list(), []),
      this.part('budgets', () => this.budgets(), []),
      this.part('pauses', () => this.deps.repo.demperPauses(), []),
    ]);
    return { database: db, redis: red, queue, workers, ...(await this.pausesAndBudgets(budgets, demperPauses)) };
  }

  private async budgets(): Promise<BudgetUsage[]> {
    const { cabinetReads, cabinetWrites, storefrontReads } = this.deps.budgets;
    const all = (await Promise.all([cabinetWrites.usage(), cabinetReads.usage(), storefrontReads.usage()])).flat();
    return all.sort((a, b) => b.pausedForMs - a.pausedForMs || b.used - a.used).slice(0, MAX_BUDGET_KEYS);
  }

  private async pausesAndBudgets(usage: BudgetUsage[], demperPauses: Awaited<ReturnType<AdminRepository['demperPauses']>>): Promise<Pick<SystemView, 'budgets' | 'pauses'>> {
    const now = Date.now();
    const untilOf = (u: BudgetUsage) => new Date(now + u.pausedForMs).toISOString();
    const budgets = usage.map((u) => ({ name: u.name, key: publicBudgetKey(u.key), used: u.used, limit: u.limit, window_ms: u.windowMs, paused_until: u.pausedForMs > 0 ? untilOf(u) : null }));

    // One entry per store and kind, the latest end winning: the demper's own pause and the merchant's write budget say the same ban.
    const pauses = new Map<string, SystemView['pauses'][number]>();
    const add = (p: SystemView['pauses'][number]) => {
      const id = `${p.kind}:${p.store_id ?? p.key}`;
      const known = pauses.get(id);
      if (!known || known.until < p.until) pauses.set(id, p);
    };
    for (const p of demperPauses) add({ store_id: p.storeId, store_name: p.storeName, kind: 'kaspi_429', key: p.merchantId, until: p.until.toISOString() });
    const paused = usage.filter((u) => u.pausedForMs > 0);
    const merchants = paused.filter((u) => u.name !== 'storefront-reads').map((u) => u.key);
    const stores = await this.part('stores of paused merchants', () => this.deps.repo.storesOfMerchants(merchants), []);
    for (const u of paused) {
      const kind = PAUSE_KINDS[u.name] ?? 'cabinet_paused';
      const owners = u.name === 'storefront-reads' ? [] : stores.filter((s) => s.merchantId === u.key);
      if (!owners.length) add({ store_id: null, store_name: null, kind, key: publicBudgetKey(u.key), until: untilOf(u) });
      for (const s of owners) add({ store_id: s.id, store_name: s.name, kind, key: u.key, until: untilOf(u) });
    }
    return { budgets, pauses: [...pauses.values()].sort((a, b) => b.until.localeCompare(a.until)) };
  }

  private async queue(): Promise<SystemView['queue']> {
    const [counts, byType] = await Promise.all([this.part('queue counts', () => this.deps.queue.counts(), undefined), this.part('jobs by type', () => this.deps.repo.jobsByType(), undefined)]);
    const types = new Map<string, { type: string; queued: number; running: number; failed: number }>();
    for (const row of byType ?? []) {
      const entry = types.get(row.type) ?? { type: row.type, queued: 0, running: 0, failed: 0 };
      if (row.state === 'queued' || row.state === 'running' || row.state === 'failed') entry[row.state] += row.n;
      types.set(row.type, entry);
    }
    const list = [...types.values()].sort((a, b) => a.type.localeCompare(b.type));
    return {
      kind: this.deps.queue.kind,
      waiting: counts?.waiting ?? null,
      active: counts?.active ?? null,
      delayed: counts?.delayed ?? null,
      failed: byType ? list.reduce((n, t) => n + t.failed, 0) : null,
      by_type: list,
    };
  }

  private async timed(ping: () => Promise<unknown>): Promise<{ ok: boolean; latency_ms: number | null }> {
    const started = performance.now();
    try {
      await withTimeout(ping(), PART_TIMEOUT_MS);
      return { ok: true, latency_ms: Math.round((performance.now() - started) * 100) / 100 };
    } catch {
      return { ok: false, latency_ms: null };
    }
  }

  /** One part of the view; a failing backing service leaves it empty rather than failing the whole answer. */
  private async part<T, F>(what: string, read: () => Promise<T>, fallback: F): Promise<T | F> {
    try {
      return await withTimeout(read(), PART_TIMEOUT_MS);
    } catch (err) {
      this.deps.log.warn({ err }, `admin system view: ${what} unavailable`);
      return fallback;
    }
  }
}
