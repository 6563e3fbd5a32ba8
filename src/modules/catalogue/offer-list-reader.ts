import type { RateBudget } from '../../infra/budget/rate-budget.ts';
import type { Logger } from '../../infra/logger.ts';
import { KaspiError } from '../../kaspi/kaspi-errors.ts';
import type { McClient } from '../../kaspi/mc-client.ts';
import { KaspiShapeError } from '../../kaspi/mc-parsers.ts';
import { type CabinetOffer, parseOfferListPage } from '../../kaspi/parsers/offer-list.parser.ts';
import type { KaspiSessionManager } from '../../kaspi/session-manager.ts';

export const OFFER_PAGE_SIZE = 100;
/** 100 offers a page: a shop of 200,000 offers. Past that the paging is looping. */
const MAX_PAGES = 2_000;

export interface ReadProgress {
  pages: number;
  offersSeen: number;
}

export interface OfferListReaderOptions {
  /** Attempts per page before the sync gives up (a page failing twice then succeeding is fine). */
  attemptsPerPage: number;
  retryDelayMs: number;
}

/**
 * Pages through a store's own offers in the cabinet (kaspi-protocol.md 2.3) until a short or empty
 * page. Each page takes a slot of the merchant's cabinet-read budget (about 1/s), goes through the
 * session manager (a dead session is renewed once and the page retried), and is retried on a Kaspi
 * failure. The whole list is returned, or the read fails: a sync never acts on half a catalogue.
 */
export class OfferListReader {
  constructor(
    private readonly sessions: KaspiSessionManager,
    private readonly mc: McClient,
    private readonly cabinetReads: RateBudget,
    private readonly options: OfferListReaderOptions,
    private readonly log: Logger,
  ) {}

  async readAll(storeId: string, merchantUid: string, onPage: (p: ReadProgress) => Promise<void>): Promise<ReadProgress & { offers: CabinetOffer[] }> {
    const bySku = new Map<string, CabinetOffer>();
    let offersSeen = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const { offers, received } = await this.readPage(storeId, merchantUid, page);
      offersSeen += received;
      // A SKU that shows up on two pages (the list shifted while we paged) is one offer.
      for (const offer of offers) bySku.set(offer.sku, offer);
      await onPage({ pages: page + 1, offersSeen });
      if (received < OFFER_PAGE_SIZE) return { pages: page + 1, offersSeen, offers: [...bySku.values()] };
    }
    throw new KaspiError('kaspi_unavailable', `The offer list did not end after ${MAX_PAGES} pages.`);
  }

  private async readPage(storeId: string, merchantUid: string, page: number) {
    const path = `/bff/offer-view/list?m=${encodeURIComponent(merchantUid)}&p=${page}&l=${OFFER_PAGE_SIZE}&a=true`;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.cabinetReads.take(merchantUid, 120_000);
        const body = await this.sessions.withCabinet(storeId, (session) => this.mc.call(session, 'GET', path));
        return parseOfferListPage(body);
      } catch (err) {
        const retryable = err instanceof KaspiShapeError || (err instanceof KaspiError && (err.code === 'kaspi_unavailable' || err.code === 'kaspi_timeout'));
        if (!retryable || attempt >= this.options.attemptsPerPage) {
          if (err instanceof KaspiShapeError) throw new KaspiError('kaspi_unavailable', `Page ${page + 1} of the offer list was not understood: ${err.message}.`);
          throw err;
        }
        this.log.warn({ storeId, page, attempt, err: (err as Error).message }, 'offer list page failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, this.options.retryDelayMs * attempt));
      }
    }
  }
}
