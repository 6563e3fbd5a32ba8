/** One request as the simulator saw it. */
export interface LoggedRequest {
  seq: number;
  /** Simulated time of arrival (ms) and its ISO form. */
  at: number;
  time: string;
  ip: string;
  method: string;
  path: string;
  query: Record<string, unknown>;
  route: string;
  /** Cabinet account (login e-mail) or merchant the request acted for, when known. */
  account: string | null;
  merchant: string | null;
  body: unknown;
  status: number;
  /** Short label of what the simulator decided: "ok", "banned", "fault:hang", "invalid: ...". */
  outcome: string;
  durationMs: number;
}

export interface RequestFilter {
  route?: string;
  method?: string;
  ip?: string;
  status?: number;
  account?: string;
  merchant?: string;
  pathPrefix?: string;
  sinceSeq?: number;
  limit?: number;
}

/** Ring buffer of the last `capacity` requests (the oldest fall out; `dropped` counts them). */
export class RequestLog {
  private ring: (LoggedRequest | undefined)[];
  private next = 0;
  private seq = 0;
  dropped = 0;

  constructor(private readonly capacity: number) {
    this.ring = new Array(capacity);
  }

  nextSeq(): number {
    return ++this.seq;
  }

  add(entry: LoggedRequest): void {
    if (this.ring[this.next] !== undefined) this.dropped++;
    this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
  }

  query(filter: RequestFilter): LoggedRequest[] {
    const out: LoggedRequest[] = [];
    for (let k = 0; k < this.capacity; k++) {
      const e = this.ring[(this.next + k) % this.capacity];
      if (!e) continue;
      if (filter.route && !(filter.route.endsWith('*') ? e.route.startsWith(filter.route.slice(0, -1)) : e.route === filter.route)) continue;
      if (filter.method && e.method !== filter.method.toUpperCase()) continue;
      if (filter.ip && e.ip !== filter.ip) continue;
      if (filter.status !== undefined && e.status !== filter.status) continue;
      if (filter.account && e.account !== filter.account) continue;
      if (filter.merchant && e.merchant !== filter.merchant) continue;
      if (filter.pathPrefix && !e.path.startsWith(filter.pathPrefix)) continue;
      if (filter.sinceSeq !== undefined && e.seq <= filter.sinceSeq) continue;
      out.push(e);
    }
    return filter.limit !== undefined ? out.slice(-filter.limit) : out;
  }

  clear(): void {
    this.ring = new Array(this.capacity);
    this.next = 0;
    this.dropped = 0;
  }
}
