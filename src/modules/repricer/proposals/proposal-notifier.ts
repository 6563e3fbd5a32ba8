/** One city of a price move as the seller is told of it. */
export interface NotifiedCityPrice {
  cityId: string;
  oldPrice: number;
  newPrice: number;
}

/**
 * How the seller hears of the demper's moves in approval mode: `proposed` when a new proposal waits
 * for them (`approve`), `pushed` after a move went to Kaspi (`notify`). Wired at composition to the
 * alerts (Telegram, webhooks). Called off the demper's path: a notifier that throws or hangs never
 * holds a check up, its failure is only logged.
 */
export interface ProposalNotifier {
  proposed(p: { userId: string; storeId: string; proposalId: string; productId: string; productName: string; cities: NotifiedCityPrice[] }): Promise<void>;
  pushed(p: { userId: string; storeId: string; productId: string; productName: string; cities: NotifiedCityPrice[] }): Promise<void>;
}

/** The default: nobody is told. */
export const silentNotifier: ProposalNotifier = {
  proposed: async () => {},
  pushed: async () => {},
};
