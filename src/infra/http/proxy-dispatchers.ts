import crypto from 'node:crypto';
import { Agent, type Dispatcher, ProxyAgent } from 'undici';

/**
 * HTTP dispatchers for calls to Kaspi: direct, or through an HTTP(S) proxy (Kaspi serves its data
 * only to Kazakhstani IPs). One agent per proxy URL, kept for connection reuse.
 */
export class ProxyDispatchers {
  private readonly direct = new Agent({ keepAliveTimeout: 30_000, connections: 64 });
  private readonly byProxy = new Map<string, ProxyAgent>();

  /** `pool`: proxies for stores that have none of their own (KASPI_PROXIES). */
  constructor(private readonly pool: string[] = []) {}

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
      agent = new ProxyAgent({ uri: proxyUrl, keepAliveTimeout: 30_000 });
      this.byProxy.set(proxyUrl, agent);
    }
    return agent;
  }

  async close(): Promise<void> {
    await Promise.all([this.direct.close(), ...[...this.byProxy.values()].map((a) => a.close())]);
    this.byProxy.clear();
  }
}

/** Playwright's proxy option from a proxy URL (credentials go in their own fields). */
export function browserProxy(proxyUrl: string | undefined): { server: string; username?: string; password?: string } | undefined {
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
