import crypto from 'node:crypto';
import net from 'node:net';
import { LRUCache } from 'lru-cache';
import { Agent, buildConnector, type Dispatcher, Pool, ProxyAgent } from 'undici';
import { ProxyAddressPolicy } from './proxy-guard.ts';

export interface ProxyDispatchersOptions {
  /** Proxies for stores that have none of their own (KASPI_PROXIES). */
  pool?: string[];
  /** Bounds each phase of a call: connect (to Kaspi or the proxy), the proxy's CONNECT answer, TLS, headers, body gaps. */
  timeoutMs?: number;
  /** Which addresses a proxy may have (PROXY_ALLOWED_NETWORKS); default: public addresses only. */
  policy?: ProxyAddressPolicy;
  /** Proxy agents kept at most; the least recently used one is closed beyond that. */
  maxAgents?: number;
  /** A proxy agent unused this long is closed. */
  idleMs?: number;
}

/**
 * HTTP dispatchers for calls to Kaspi: direct, or through an HTTP(S) proxy (Kaspi serves its data
 * only to Kazakhstani IPs). One agent per proxy URL, kept for connection reuse while it is used, and
 * closed when it has been idle for `idleMs` or pushed out by `maxAgents` newer ones.
 *
 * Every connection to a proxy first resolves the proxy's host and checks each address against the
 * policy, then connects to the checked address itself: a name that changes its DNS answer after the
 * store was saved (rebinding) cannot reach our network. Every phase of a call has the timeout:
 * undici's defaults (300 s for headers, including a proxy's CONNECT answer) never apply.
 */
export class ProxyDispatchers {
  private readonly pool: string[];
  private readonly timeoutMs: number;
  /** The address rule every proxy connection passes; the stores module checks a proxy with it on save. */
  readonly policy: ProxyAddressPolicy;
  private readonly direct: Agent;
  private readonly byProxy: LRUCache<string, ProxyAgent>;

  constructor(options: ProxyDispatchersOptions = {}) {
    this.pool = options.pool ?? [];
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.policy = options.policy ?? new ProxyAddressPolicy({ timeoutMs: this.timeoutMs });
    const t = this.timeoutMs;
    this.direct = new Agent({ keepAliveTimeout: 30_000, connections: 64, connectTimeout: t, headersTimeout: t, bodyTimeout: t });
    this.byProxy = new LRUCache<string, ProxyAgent>({
      max: options.maxAgents ?? 256,
      ttl: options.idleMs ?? 10 * 60_000,
      updateAgeOnGet: true,
      ttlAutopurge: true,
      // close() lets calls in flight finish (each bounded by the timeout), then frees the sockets.
      dispose: (agent) => {
        agent.close().catch(() => {});
      },
    });
  }

  /** The store's own proxy, else a pool proxy chosen by `stickyKey` (the same key keeps its egress IP). */
  proxyFor(ownProxy: string | undefined, stickyKey: string): string | undefined {
    if (ownProxy) return ownProxy;
    if (this.pool.length === 0) return undefined;
    const n = crypto.createHash('sha256').update(stickyKey).digest().readUInt32BE(0);
    return this.pool[n % this.pool.length];
  }

  dispatcher(proxyUrl: string | undefined): Dispatcher {
    if (!proxyUrl) return this.direct;
    let agent = this.byProxy.get(proxyUrl);
    if (!agent) {
      agent = this.proxyAgent(proxyUrl);
      this.byProxy.set(proxyUrl, agent);
    }
    return agent;
  }

  /** Proxy agents open now (bounded by `maxAgents`). */
  get openAgents(): number {
    return this.byProxy.size;
  }

  /**
   * Playwright's proxy option for a browser login through `proxyUrl`, after the same address check
   * as an HTTP call. An http:// proxy is given to Chromium by its checked IP address, so Chromium's
   * own resolution cannot be rebound; an https:// one keeps its name (its certificate names it).
   */
  async browserProxy(proxyUrl: string | undefined): Promise<BrowserProxy | undefined> {
    const proxy = browserProxy(proxyUrl);
    if (!proxy || !proxyUrl) return proxy;
    const url = new URL(proxyUrl);
    const address = await this.policy.resolve(url.hostname);
    if (url.protocol !== 'http:') return proxy;
    const host = net.isIPv6(address) ? `[${address}]` : address;
    return { ...proxy, server: `http://${host}${url.port ? `:${url.port}` : ''}` };
  }

  async close(): Promise<void> {
    const agents = [...this.byProxy.values()];
    this.byProxy.clear();
    await Promise.all([this.direct.close(), ...agents.map((a) => a.close())]);
  }

  private proxyAgent(proxyUrl: string): ProxyAgent {
    const t = this.timeoutMs;
    // The connection to the proxy: resolved and checked here, then opened to the checked address
    // (the TLS name of an https:// proxy stays its host name).
    const toProxy = buildConnector({ timeout: t });
    const guarded: buildConnector.connector = (opts, callback) => {
      this.policy.resolve(opts.hostname).then(
        (address) => {
          const servername = opts.servername ?? (net.isIP(opts.hostname.replace(/^\[|\]$/g, '')) ? undefined : opts.hostname);
          toProxy({ ...opts, hostname: address, ...(servername && { servername }) }, callback);
        },
        (err: Error) => callback(err, null),
      );
    };
    return new ProxyAgent({
      uri: proxyUrl,
      keepAliveTimeout: 30_000,
      connectTimeout: t,
      headersTimeout: t,
      bodyTimeout: t,
      // The TLS handshake with Kaspi inside the tunnel.
      requestTls: { timeout: t },
      // The client that talks to the proxy itself: its CONNECT request gets the same bounds.
      clientFactory: (origin) => new Pool(origin, { connect: guarded, connectTimeout: t, headersTimeout: t, bodyTimeout: t }),
    });
  }
}

/** Playwright's proxy option. */
interface BrowserProxy {
  server: string;
  username?: string;
  password?: string;
}

/** Playwright's proxy option from a proxy URL (credentials go in their own fields). */
function browserProxy(proxyUrl: string | undefined): BrowserProxy | undefined {
  if (!proxyUrl) return undefined;
  const url = new URL(proxyUrl);
  const server = `${url.protocol}//${url.host}`;
  return {
    server,
    ...(url.username && { username: decodeURIComponent(url.username) }),
    ...(url.password && { password: decodeURIComponent(url.password) }),
  };
}

/** A proxy URL without its password, for logs and messages. */
export function redactProxy(proxyUrl: string): string {
  try {
    const url = new URL(proxyUrl);
    return `${url.protocol}//${url.hostname}${url.port ? `:${url.port}` : ''}`;
  } catch {
    return '(invalid proxy url)';
  }
}
