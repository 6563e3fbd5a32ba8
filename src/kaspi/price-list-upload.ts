import { FormData, request } from 'undici';
import type { RateBudget } from '../infra/budget/rate-budget.ts';
import type { ProxyDispatchers } from '../infra/http/proxy-dispatchers.ts';
import { KaspiError, KaspiSessionExpiredError } from './kaspi-errors.ts';
import { transportError } from './kaspi-http.ts';
import { type CabinetSession, cabinetHeaders } from './mc-client.ts';
import { type CabinetRunner, PricefeedRateLimitedError, type PricefeedTarget } from './pricefeed-client.ts';

const UPLOAD_PATH = '/pricefeed/upload/merchant/upload';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface PriceListUploadOptions {
  mcUrl: string;
  timeoutMs: number;
  /** How long a merchant's writes rest after a 429 (the pricefeed's ban). */
  banPauseMs: number;
}

/**
 * The cabinet's price-list file upload (kaspi-protocol.md 2.4, "Price-list file upload"): one XLSX as
 * multipart field `file`. It is a pricefeed write, so it takes a slot of the merchant's write budget
 * and a 429 pauses that merchant exactly as the JSON pricefeed does. Answers Kaspi's JSON as it is.
 */
export class PriceListUploader {
  constructor(
    private readonly sessions: CabinetRunner,
    private readonly dispatchers: ProxyDispatchers,
    private readonly writes: RateBudget,
    private readonly options: PriceListUploadOptions,
  ) {}

  async upload(target: PricefeedTarget, file: { name: string; data: Uint8Array }, options: { maxWaitMs?: number } = {}): Promise<unknown> {
    try {
      return await this.sessions.withCabinet(target.storeId, async (session) => {
        await this.writes.take(target.merchantId, options.maxWaitMs);
        return this.send(session, target.merchantId, file);
      });
    } catch (err) {
      if (!(err instanceof UploadRateLimited)) throw err;
      const pauseMs = Math.max(this.options.banPauseMs, err.retryAfterMs ?? 0);
      await this.writes.pause(target.merchantId, pauseMs);
      throw new PricefeedRateLimitedError(target.merchantId, pauseMs);
    }
  }

  private async send(session: CabinetSession, merchantUid: string, file: { name: string; data: Uint8Array }): Promise<unknown> {
    const url = new URL(`${UPLOAD_PATH}?merchantUid=${encodeURIComponent(merchantUid)}`, this.options.mcUrl).toString();
    const what = `cabinet POST ${UPLOAD_PATH}`;
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file.data)], { type: XLSX_TYPE }), file.name);
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    let status: number;
    let headers: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const res = await request(url, {
        method: 'POST',
        // Same headers as every cabinet call; undici sets the multipart content type.
        headers: cabinetHeaders(session, url),
        body: form,
        dispatcher: this.dispatchers.dispatcher(session.proxyUrl),
        signal,
      });
      ({ statusCode: status, headers } = res);
      text = await res.body.text();
    } catch (err) {
      throw transportError(err, { signal, timeoutMs: this.options.timeoutMs, what, proxied: session.proxyUrl !== undefined });
    }
    if (status === 401 || (status >= 300 && status < 400)) throw new KaspiSessionExpiredError(`${what} answered ${status}`);
    if (status === 429) {
      const retryAfter = Number(headers['retry-after']);
      throw new UploadRateLimited(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined);
    }
    const json = parseOrNull(text, String(headers['content-type'] ?? ''));
    if (status >= 400) {
      const message = json && typeof json === 'object' && typeof (json as { message?: unknown }).message === 'string' ? `: ${(json as { message: string }).message}` : '';
      throw new KaspiError('kaspi_unavailable', `Kaspi refused the price list (${status})${message}.`);
    }
    if (text.trim() !== '' && json === undefined) throw new KaspiError('kaspi_unavailable', `Kaspi answered ${what} with a page instead of data.`);
    return json ?? null;
  }
}

class UploadRateLimited extends Error {
  constructor(readonly retryAfterMs: number | undefined) {
    super('Kaspi rate-limited the price-list upload (429)');
  }
}

function parseOrNull(text: string, contentType: string): unknown {
  if (!/json/i.test(contentType)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
