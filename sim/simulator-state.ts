import type { FastifyRequest } from 'fastify';
import { Accounts } from './accounts/accounts.ts';
import { LoginFlows } from './accounts/login-flows.ts';
import { Sessions } from './accounts/sessions.ts';
import { SimClock } from './clock/sim-clock.ts';
import { Faults } from './faults/faults.ts';
import { FeedPuller } from './feed/feed-puller.ts';
import { BanRegistry } from './limits/ban-registry.ts';
import { defaultLimits, type LimitsConfig, type LimitsPatch, mergeLimits } from './limits/limits-config.ts';
import { RateLimiter } from './limits/rate-limiter.ts';
import { PriceLog } from './log/price-log.ts';
import { RequestLog } from './log/request-log.ts';
import { Prng } from './world/prng.ts';
import type { World } from './world/world.ts';
import { generateWorld } from './world/world-generator.ts';
import { buildWorld } from './world/world-loader.ts';
import type { AccountSpec, GenerateParams, WorldSpec } from './world/world-types.ts';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** A full world description, or generator parameters (default: a small generated world, seed 1). */
  world?: WorldSpec | GenerateParams;
  /** 'manual': time stands still until advanced through the control API (tests). Default 'real'. */
  clock?: 'real' | 'manual' | SimClock;
  /** Simulated ms per real ms in real mode (e.g. 60 plays a 30-minute ban in 30 s). */
  timeScale?: number;
  /** Simulated start time (epoch ms); default: the real now. */
  startTime?: number;
  limits?: LimitsPatch;
  /** Extra or replacement accounts (by e-mail) on top of the world's. */
  accounts?: AccountSpec[];
  /** Simulated ms a cabinet session lives (default 2 h). */
  sessionTtlMs?: number;
  /** Simulated ms between an accepted price and its appearance on the storefront (default 5 s). */
  ingestDelayMs?: number;
  /** Requests kept in the request log (default 20,000; the oldest fall out). */
  requestLogSize?: number;
  /** Price changes kept in the price log (default 100,000; the oldest fall out). */
  priceLogSize?: number;
}

export interface SimSettings {
  sessionTtlMs: number;
  ingestDelayMs: number;
}

export interface SimUrls {
  idmc: string;
  mc: string;
  shop: string;
  api: string;
}

/** Everything the routes share: clock, world, accounts, sessions, limits, faults, log. */
export class SimulatorState {
  readonly clock: SimClock;
  world!: World;
  readonly accounts: Accounts;
  readonly flows: LoginFlows;
  readonly sessions = new Sessions();
  readonly bans = new BanRegistry();
  limits: LimitsConfig;
  readonly storefrontLimiter: RateLimiter;
  readonly pricefeedLimiter: RateLimiter;
  readonly faults: Faults;
  readonly log: RequestLog;
  /** Every competitor move and every price of ours as the storefront shows it, with its time. */
  readonly priceLog: PriceLog;
  /** Kaspi pulling merchants' XML price lists (kaspi-protocol.md 5). */
  readonly feeds: FeedPuller;
  settings: SimSettings;
  urls: SimUrls = { idmc: '', mc: '', shop: '', api: '' };
  private worldSource: WorldSpec | GenerateParams;

  constructor(private readonly options: SimulatorOptions) {
    this.clock =
      options.clock instanceof SimClock
        ? options.clock
        : new SimClock({ mode: options.clock ?? 'real', scale: options.timeScale ?? 1, ...(options.startTime !== undefined ? { start: options.startTime } : {}) });
    this.worldSource = options.world ?? {};
    const seed = seedOf(this.worldSource);
    this.accounts = new Accounts(new Prng(seed ^ 0x5a5a));
    this.flows = new LoginFlows(15 * 60_000);
    this.limits = mergeLimits(defaultLimits(), options.limits);
    this.storefrontLimiter = new RateLimiter('storefront', () => this.limits.storefront, this.clock, this.bans);
    this.pricefeedLimiter = new RateLimiter('pricefeed', () => this.limits.pricefeed, this.clock, this.bans);
    this.faults = new Faults(seed);
    this.log = new RequestLog(options.requestLogSize ?? 20_000);
    this.priceLog = new PriceLog(options.priceLogSize ?? 100_000);
    this.settings = { sessionTtlMs: options.sessionTtlMs ?? 2 * 3600_000, ingestDelayMs: options.ingestDelayMs ?? 5000 };
    this.feeds = new FeedPuller(
      this.clock,
      () => this.world,
      () => this.settings.ingestDelayMs,
    );
    this.loadWorld(this.worldSource);
  }

  /** Replaces the world (and the accounts that come with it); sessions and limits start fresh. */
  loadWorld(source: WorldSpec | GenerateParams): World {
    const now = this.clock.now();
    this.world = isWorldSpec(source) ? buildWorld(source, now) : generateWorld(source, now);
    this.priceLog.clear();
    this.world.recordPricesTo(this.priceLog);
    this.worldSource = source;
    this.accounts.replaceAll(this.world.accounts);
    for (const a of this.options.accounts ?? []) this.accounts.upsert(a);
    this.sessions.clear();
    this.flows.clear();
    return this.world;
  }

  /** Back to the state right after start: same world source, no sessions, bans, faults or log. */
  reset(): void {
    this.loadWorld(this.worldSource);
    this.limits = mergeLimits(defaultLimits(), this.options.limits);
    this.storefrontLimiter.clear();
    this.pricefeedLimiter.clear();
    this.bans.clear();
    this.faults.clear(seedOf(this.worldSource));
    this.log.clear();
    this.feeds.clear();
  }

  updateLimits(patch: LimitsPatch): LimitsConfig {
    this.limits = mergeLimits(this.limits, patch);
    return this.limits;
  }

  /** The client IP Kaspi would see; behind the simulated proxy pool it is the first x-forwarded-for hop. */
  clientIp(request: FastifyRequest): string {
    if (this.limits.trustForwardedFor) {
      const header = request.headers['x-forwarded-for'];
      const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim();
      if (first) return first;
    }
    return request.socket.remoteAddress ?? 'unknown';
  }
}

export function isWorldSpec(source: WorldSpec | GenerateParams): source is WorldSpec {
  return Array.isArray((source as WorldSpec).products);
}

function seedOf(source: WorldSpec | GenerateParams): number {
  return source.seed ?? 1;
}
