import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { BudgetStore, KeyUsage, Reservation, SendCheck } from './rate-budget.ts';

// GCRA reservation, atomic in Redis. Time is Redis's own clock, so processes on machines whose clocks
// disagree still share one schedule. Returns {status, waitMs}: 1 granted, 0 too long, -1 paused.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused > now then return {-1, paused - now} end
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local maxWait = tonumber(ARGV[3])
local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
local wait = math.max(0, tat - tolerance - now)
if wait > maxWait then return {0, math.ceil(wait)} end
local nextTat = tat + interval
redis.call('SET', KEYS[1], tostring(nextTat), 'PX', math.ceil(nextTat - now) + 1000)
return {1, math.ceil(wait)}
`;

// The check at send time (see RateBudget): GCRA on the requests actually sent, under its own key; a
// send also moves the reservation schedule (KEYS[1]) past it, so later reservations start after it.
// Returns {status, waitMs}: 1 sent, 0 too early, -1 paused.
const MARK_SENT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local paused = tonumber(redis.call('GET', KEYS[3]) or '0')
if paused > now then return {-1, paused - now} end
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local sent = math.max(tonumber(redis.call('GET', KEYS[2]) or '0'), now)
local wait = sent - tolerance - now
if wait > 0 then return {0, math.ceil(wait)} end
local nextSent = sent + interval
local ttl = math.ceil(nextSent - now) + 1000
redis.call('SET', KEYS[2], tostring(nextSent), 'PX', ttl)
if nextSent > tonumber(redis.call('GET', KEYS[1]) or '0') then redis.call('SET', KEYS[1], tostring(nextSent), 'PX', ttl) end
return {1, 0}
`;

const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilMs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then redis.call('SET', KEYS[1], tostring(untilMs), 'PX', tonumber(ARGV[1])) end
return 1
`;

const PAUSED_FOR = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return math.max(0, tonumber(redis.call('GET', KEYS[1]) or '0') - now)
`;

/** While Redis is unreachable, a taker waits this long for it before hearing "busy". */
const RECONNECT_WAIT_MS = 5_000;

/**
 * Production: budgets in Redis, shared by every API and worker process on every machine.
 *
 * A Redis that restarts (or fails over) comes back without the schedule, while slots granted before
 * are still waiting to be used; granting from scratch at once would put new requests on top of them,
 * a burst of the kind Kaspi bans a merchant for. So after the server changed (its run_id), every
 * budget holds for `restartHoldMs`, longer than any taker waits for a granted slot; a reconnect to the
 * same server (a network blip) keeps the schedule and holds nothing.
 */
export class RedisBudgetStore implements BudgetStore {
  private serverRunId: string | undefined;
  private holdUntil = 0;
  /** Pending while disconnected: settles once the server after the reconnect has been checked. */
  private reconnected: Promise<void> | undefined;
  private markReconnected: (() => void) | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly restartHoldMs = 60_000,
  ) {
    redis.on('close', () => {
      if (this.reconnected) return;
      this.reconnected = new Promise((resolve) => (this.markReconnected = resolve));
    });
    redis.on('ready', () => {
      void this.checkServer().finally(() => {
        this.markReconnected?.();
        this.reconnected = this.markReconnected = undefined;
      });
    });
    if (redis.status === 'ready') void this.checkServer();
  }

  /** How long budgets still hold after a Redis restart (0 when they do not). */
  holdingForMs(): number {
    return Math.max(0, this.holdUntil - Date.now());
  }

  async reserve(key: string, intervalMs: number, toleranceMs: number, maxWaitMs: number): Promise<Reservation> {
    if (this.reconnected) {
      const back = await Promise.race([this.reconnected.then(() => true), sleep(Math.min(maxWaitMs, RECONNECT_WAIT_MS)).then(() => false)]);
      if (!back) return { kind: 'too_long', waitMs: RECONNECT_WAIT_MS };
    }
    const holdMs = this.holdingForMs();
    if (holdMs > 0) return { kind: 'too_long', waitMs: holdMs };
    const [status, waitMs] = (await this.redis.eval(RESERVE, 2, this.key(key), this.pausedKey(key), intervalMs, toleranceMs, maxWaitMs)) as [number, number];
    // A call caught by the restart is re-sent to the new server by ioredis: not a slot to trust.
    if (status === 1 && this.holdingForMs() > 0) return { kind: 'too_long', waitMs: this.holdingForMs() };
    return { kind: status === 1 ? 'granted' : status === -1 ? 'paused' : 'too_long', waitMs };
  }

  /**
   * No hold here after a restart: the takers checking in then hold slots granted before it, and the
   * (new, empty) schedule of sends spaces them out, which is what the hold is there for.
   */
  async markSent(key: string, intervalMs: number, toleranceMs: number): Promise<SendCheck> {
    if (this.reconnected) {
      const back = await Promise.race([this.reconnected.then(() => true), sleep(RECONNECT_WAIT_MS).then(() => false)]);
      if (!back) return { kind: 'too_long', waitMs: RECONNECT_WAIT_MS };
    }
    const [status, waitMs] = (await this.redis.eval(MARK_SENT, 3, this.key(key), this.sentKey(key), this.pausedKey(key), intervalMs, toleranceMs)) as [number, number];
    return status === 1 ? { kind: 'sent' } : status === -1 ? { kind: 'paused', waitMs } : { kind: 'early', waitMs };
  }

  private async checkServer(): Promise<void> {
    try {
      const runId = /run_id:([0-9a-f]+)/.exec(await this.redis.info('server'))?.[1];
      if (!runId) return;
      if (this.serverRunId && runId !== this.serverRunId) this.holdUntil = Date.now() + this.restartHoldMs;
      this.serverRunId = runId;
    } catch {
      // Lost again before it answered: the next 'ready' checks.
    }
  }

  async pause(key: string, ms: number): Promise<void> {
    await this.redis.eval(PAUSE, 1, this.pausedKey(key), Math.ceil(ms));
  }

  async pausedForMs(key: string): Promise<number> {
    return Number(await this.redis.eval(PAUSED_FOR, 1, this.pausedKey(key)));
  }

  /**
   * Keys in use, from their time to live: a schedule key lives until its last reserved slot plus 1 s
   * (see RESERVE), a pause key until the pause ends. SCAN walks the keyspace in steps, never blocking Redis.
   */
  async usage(prefix: string): Promise<KeyUsage[]> {
    const found = new Map<string, KeyUsage>();
    for (const [kind, head] of [
      ['ahead', `${this.prefix}:budget:`],
      ['paused', `${this.prefix}:budget-paused:`],
    ] as const) {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await this.redis.scan(cursor, 'MATCH', `${escapeGlob(head + prefix)}*`, 'COUNT', 1000);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0' && keys.length < 10_000);
      if (!keys.length) continue;
      const ttls = (await this.redis.pipeline(keys.map((k) => ['pttl', k])).exec()) ?? [];
      keys.forEach((redisKey, i) => {
        const ttl = Number(ttls[i]?.[1] ?? -2);
        if (ttl <= 0) return;
        const key = redisKey.slice(head.length);
        const entry = found.get(key) ?? { key, aheadMs: 0, pausedForMs: 0 };
        if (kind === 'ahead') entry.aheadMs = Math.max(0, ttl - 1000);
        else entry.pausedForMs = ttl;
        found.set(key, entry);
      });
    }
    return [...found.values()].filter((k) => k.aheadMs > 0 || k.pausedForMs > 0);
  }

  private key(key: string): string {
    return `${this.prefix}:budget:${key}`;
  }

  private sentKey(key: string): string {
    return `${this.prefix}:budget-sent:${key}`;
  }

  private pausedKey(key: string): string {
    return `${this.prefix}:budget-paused:${key}`;
  }
}

/** A literal for a SCAN MATCH pattern (proxy URLs in keys may hold `?`, `*` or `[`). */
function escapeGlob(text: string): string {
  return text.replace(/[\\*?[\]]/g, (c) => `\\${c}`);
}
