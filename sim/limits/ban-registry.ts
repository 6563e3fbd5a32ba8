export type BanKind = 'storefront' | 'pricefeed';

export interface Ban {
  kind: BanKind;
  key: string;
  at: number;
  until: number;
}

/** Every ban handed out, so tests can prove the client never triggers one. */
export class BanRegistry {
  private history: Ban[] = [];

  record(ban: Ban): void {
    this.history.push(ban);
  }

  counts(): Record<BanKind, number> {
    const counts: Record<BanKind, number> = { storefront: 0, pricefeed: 0 };
    for (const b of this.history) counts[b.kind]++;
    return counts;
  }

  all(): Ban[] {
    return [...this.history];
  }

  active(now: number): Ban[] {
    return this.history.filter((b) => b.until > now);
  }

  clear(): void {
    this.history = [];
  }
}
