import type { Clock } from '../clock/sim-clock.ts';
import type { World } from '../world/world.ts';
import { offSale, parsePriceList, sameState, stateFromFeed } from './xml-price-list.ts';

/** Where Kaspi pulls a merchant's XML price list, and how often (simulated ms; a random period in the range). */
export interface FeedConfig {
  url: string;
  periodMinMs: number;
  periodMaxMs: number;
}

export interface FeedPull {
  at: string;
  /** HTTP status, or 0 when the URL could not be fetched. */
  status: number;
  bytes: number;
  /** applied: the list was valid and applied; unchanged: 304; refused: invalid (reason); error: not fetched or not 200/304. */
  outcome: 'applied' | 'unchanged' | 'refused' | 'error';
  reason?: string;
  offers?: number;
  /** Offers whose state changed by this pull. */
  changed?: number;
  /** Offers missing from the list, taken off sale. */
  offSale?: number;
  /** Offers listed that the merchant does not have (ignored). */
  unknown?: number;
}

interface FeedEntry extends FeedConfig {
  nextAt: number;
  etag: string | null;
  pulls: FeedPull[];
  inFlight: Promise<FeedPull> | null;
}

/** Kaspi's default: every 30-60 minutes (kaspi-protocol.md 5). */
export const DEFAULT_FEED_PERIOD = { minMs: 30 * 60_000, maxMs: 60 * 60_000 };

/**
 * Kaspi's side of the XML price list: for each merchant with a configured URL, a pull every period
 * of simulated time (so the time scale and a manual clock drive it), applied to the merchant's
 * offers as Kaspi does: listed offers take their new state (visible after the ingest delay), offers
 * missing from the list go off sale, and an invalid document changes nothing and is logged with why.
 */
export class FeedPuller {
  private readonly feeds = new Map<string, FeedEntry>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly world: () => World,
    private readonly ingestDelayMs: () => number,
    private readonly tickRealMs = 200,
  ) {}

  configure(uid: string, config: Partial<FeedConfig> & { url: string }): FeedConfig {
    if (!this.world().ownMerchants.has(uid)) throw new RangeError(`unknown merchant ${uid}`);
    if (!/^https?:\/\//.test(config.url)) throw new RangeError('url must be http(s)');
    const periodMinMs = config.periodMinMs ?? DEFAULT_FEED_PERIOD.minMs;
    const periodMaxMs = config.periodMaxMs ?? Math.max(periodMinMs, DEFAULT_FEED_PERIOD.maxMs);
    if (!(periodMinMs > 0 && periodMaxMs >= periodMinMs)) throw new RangeError('periods must be positive, min <= max');
    const previous = this.feeds.get(uid);
    const entry: FeedEntry = { url: config.url, periodMinMs, periodMaxMs, nextAt: this.clock.now() + this.period(periodMinMs, periodMaxMs), etag: null, pulls: previous?.pulls ?? [], inFlight: null };
    this.feeds.set(uid, entry);
    this.ensureTimer();
    return { url: entry.url, periodMinMs, periodMaxMs };
  }

  remove(uid: string): boolean {
    const had = this.feeds.delete(uid);
    if (!this.feeds.size) this.stop();
    return had;
  }

  view(uid: string): (FeedConfig & { nextAt: string; pulls: FeedPull[] }) | undefined {
    const e = this.feeds.get(uid);
    return e && { url: e.url, periodMinMs: e.periodMinMs, periodMaxMs: e.periodMaxMs, nextAt: new Date(e.nextAt).toISOString(), pulls: e.pulls };
  }

  /** Pulls now (tests, demos); one pull per merchant at a time. */
  async pullNow(uid: string): Promise<FeedPull> {
    const e = this.feeds.get(uid);
    if (!e) throw new RangeError(`no feed configured for merchant ${uid}`);
    e.inFlight ??= this.pull(uid, e).finally(() => {
      e.inFlight = null;
      e.nextAt = this.clock.now() + this.period(e.periodMinMs, e.periodMaxMs);
    });
    return e.inFlight;
  }

  clear(): void {
    this.feeds.clear();
    this.stop();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      const now = this.clock.now();
      for (const [uid, e] of this.feeds) if (!e.inFlight && now >= e.nextAt) void this.pullNow(uid).catch(() => {});
    }, this.tickRealMs);
    this.timer.unref();
  }

  private period(min: number, max: number): number {
    return Math.round(min + Math.random() * (max - min));
  }

  private async pull(uid: string, e: FeedEntry): Promise<FeedPull> {
    const record = (pull: Omit<FeedPull, 'at'>): FeedPull => {
      const full = { at: new Date(this.clock.now()).toISOString(), ...pull };
      e.pulls.unshift(full);
      e.pulls.length = Math.min(e.pulls.length, 50);
      return full;
    };
    let response: Response;
    let body: string;
    try {
      response = await fetch(e.url, { headers: { 'user-agent': 'KaspiShopping-Sim/1.0', ...(e.etag && { 'if-none-match': e.etag }) }, signal: AbortSignal.timeout(60_000) });
      body = await response.text();
    } catch (err) {
      return record({ status: 0, bytes: 0, outcome: 'error', reason: err instanceof Error ? err.message : String(err) });
    }
    const bytes = Buffer.byteLength(body);
    if (response.status === 304) return record({ status: 304, bytes, outcome: 'unchanged' });
    if (response.status !== 200) return record({ status: response.status, bytes, outcome: 'error', reason: `HTTP ${response.status}` });
    const merchant = this.world().ownMerchants.get(uid);
    if (!merchant) return record({ status: 200, bytes, outcome: 'error', reason: 'merchant gone' });
    const parsed = parsePriceList(body, merchant);
    if (!parsed.ok) return record({ status: 200, bytes, outcome: 'refused', reason: parsed.reason });
    e.etag = response.headers.get('etag');
    const now = this.clock.now();
    const visibleAt = now + this.ingestDelayMs();
    const names = merchant.points.map((p) => p.name);
    let changed = 0;
    let off = 0;
    for (const offer of merchant.offerList) {
      const entry = parsed.offers.get(offer.sku);
      const current = offer.current();
      const next = entry ? stateFromFeed(entry, current, names) : offSale(current);
      if (!entry && [...current.availability.values()].some((a) => a.available)) off++;
      if (sameState(current, next)) continue;
      offer.accept(next, now, visibleAt);
      changed++;
    }
    const unknown = [...parsed.offers.keys()].filter((sku) => !merchant.offers.has(sku)).length;
    return record({ status: 200, bytes, outcome: 'applied', offers: parsed.offers.size, changed, offSale: off, unknown });
  }
}
