/** Kaspi's limits as the simulator enforces them; every number can be changed at run time. */
export interface WindowLimit {
  enabled: boolean;
  /** Requests allowed inside one window; one more is the offence. */
  limit: number;
  windowMs: number;
  /** How long the offender is refused (simulated ms). */
  banMs: number;
}

export interface LimitsConfig {
  /** Storefront reads per client IP: over ~15/s -> 403 for ~10 s. */
  storefront: WindowLimit;
  /** Pricefeed writes per merchant account: over ~3/s -> 429 and a 30-minute ban. */
  pricefeed: WindowLimit & { keyBy: 'merchant' | 'account' };
  /** Take the client IP from the first `x-forwarded-for` entry (simulates a proxy pool on 127.0.0.1). */
  trustForwardedFor: boolean;
  /** IPs the storefront refuses outright (Kaspi blocks many datacenter ranges): 403 always. */
  blockedIps: string[];
  /**
   * Shop API v2 data calls answer only Kazakhstani IPs and time out elsewhere. null (default): every
   * IP counts as Kazakhstani; a list: only these IPs get answers, the others hang.
   */
  shopApiAllowedIps: string[] | null;
}

export function defaultLimits(): LimitsConfig {
  return {
    storefront: { enabled: true, limit: 15, windowMs: 1000, banMs: 10_000 },
    pricefeed: { enabled: true, limit: 3, windowMs: 1000, banMs: 30 * 60_000, keyBy: 'merchant' },
    trustForwardedFor: true,
    blockedIps: [],
    shopApiAllowedIps: null,
  };
}

export interface LimitsPatch {
  storefront?: Partial<WindowLimit>;
  pricefeed?: Partial<LimitsConfig['pricefeed']>;
  trustForwardedFor?: boolean;
  blockedIps?: string[];
  shopApiAllowedIps?: string[] | null;
}

export function mergeLimits(base: LimitsConfig, patch: LimitsPatch | undefined): LimitsConfig {
  return {
    storefront: { ...base.storefront, ...patch?.storefront },
    pricefeed: { ...base.pricefeed, ...patch?.pricefeed },
    trustForwardedFor: patch?.trustForwardedFor ?? base.trustForwardedFor,
    blockedIps: patch?.blockedIps ?? base.blockedIps,
    shopApiAllowedIps: patch?.shopApiAllowedIps === undefined ? base.shopApiAllowedIps : patch.shopApiAllowedIps,
  };
}
