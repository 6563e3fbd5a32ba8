import type { RateBudget } from '../infra/budget/rate-budget.ts';
import { KaspiError } from './kaspi-errors.ts';
import { type CabinetSession, KaspiRateLimitedError, type McClient } from './mc-client.ts';
import type { PricefeedBody } from './pricefeed-body.ts';
import type { StockPricefeedBody } from './stock-pricefeed-body.ts';

const PRICEFEED_PATH = '/pricefeed/upload/merchant/process';

/** Which store's session carries the call, and which merchant account's write budget it spends. */
export interface PricefeedTarget {
  storeId: string;
  merchantId: string;
}

/** The cabinet calls the pricefeed needs: `KaspiSessionManager.withCabinet` in the app. */
export interface CabinetRunner {
  withCabinet<T>(storeId: string, call: (session: CabinetSession) => Promise<T>): Promise<T>;
}

/**
 * Kaspi answered the pricefeed with 429: the merchant account is banned (about 30 minutes). The
 * account's write budget is paused for `pausedForMs`, so no process extends the ban.
 */
export class PricefeedRateLimitedError extends Error {
  override name = 'PricefeedRateLimitedError';
  constructor(
    readonly merchantId: string,
    readonly pausedForMs: number,
  ) {
    super(`Kaspi rate-limited price updates of merchant ${merchantId} (429); its price changes pause for ${Math.ceil(pausedForMs / 60_000)} min.`);
  }
}

export interface PricefeedClientOptions {
  /** How long a merchant's writes rest after a 429 (Kaspi's ban is about 30 minutes). */
  banPauseMs: number;
}

/**
 * The pricefeed write (kaspi-protocol.md 2.4), for manual changes and the demper alike. Each attempt
 * takes a slot of the merchant's write budget (shared by every process), so callers cannot trip
 * Kaspi's ~3/s ban; a 429 anyway pauses that merchant and nothing else. Throws BudgetExhaustedError
 * (paused or busy) before calling Kaspi, PricefeedRateLimitedError on a 429, KaspiError otherwise.
 */
export class PricefeedClient {
  constructor(
    private readonly sessions: CabinetRunner,
    private readonly mc: McClient,
    private readonly writes: RateBudget,
    private readonly options: PricefeedClientOptions,
  ) {}

  async push(target: PricefeedTarget, body: PricefeedBody | StockPricefeedBody, options: { maxWaitMs?: number } = {}): Promise<void> {
    if (body.merchantUid !== target.merchantId) throw new Error(`pricefeed body is for merchant ${body.merchantUid}, not ${target.merchantId}`);
    let answer: unknown;
    try {
      // The slot is taken inside the session call: a renewal retries the call, and that retry is a
      // request Kaspi counts too.
      answer = await this.sessions.withCabinet(target.storeId, async (session) => {
        await this.writes.take(target.merchantId, options.maxWaitMs);
        return this.mc.call(session, 'POST', PRICEFEED_PATH, body);
      });
    } catch (err) {
      if (!(err instanceof KaspiRateLimitedError)) throw err;
      const pauseMs = Math.max(this.options.banPauseMs, err.retryAfterMs ?? 0);
      await this.writes.pause(target.merchantId, pauseMs);
      throw new PricefeedRateLimitedError(target.merchantId, pauseMs);
    }
    // Kaspi answers 2xx with `{"status":"success"}` or nothing; an explicit error status is a refusal.
    if (answer && typeof answer === 'object' && 'status' in answer && String((answer as { status: unknown }).status).toLowerCase() === 'error') {
      const message = (answer as { message?: unknown }).message;
      throw new KaspiError('kaspi_unavailable', `Kaspi refused the price update of ${body.sku}${typeof message === 'string' ? `: ${message}` : ''}.`);
    }
  }
}
