import type { Redis } from 'ioredis';
import type { BudgetStore, Reservation } from './rate-budget.ts';

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

/** Production: budgets in Redis, shared by every API and worker process on every machine. */
export class RedisBudgetStore implements BudgetStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async reserve(key: string, intervalMs: number, toleranceMs: number, maxWaitMs: number): Promise<Reservation> {
    const [status, waitMs] = (await this.redis.eval(RESERVE, 2, this.key(key), this.pausedKey(key), intervalMs, toleranceMs, maxWaitMs)) as [number, number];
    return { kind: status === 1 ? 'granted' : status === -1 ? 'paused' : 'too_long', waitMs };
  }

  async pause(key: string, ms: number): Promise<void> {
    await this.redis.eval(PAUSE, 1, this.pausedKey(key), Math.ceil(ms));
  }

  async pausedForMs(key: string): Promise<number> {
    return Number(await this.redis.eval(PAUSED_FOR, 1, this.pausedKey(key)));
  }

  private key(key: string): string {
    return `${this.prefix}:budget:${key}`;
  }

  private pausedKey(key: string): string {
    return `${this.prefix}:budget-paused:${key}`;
  }
}
