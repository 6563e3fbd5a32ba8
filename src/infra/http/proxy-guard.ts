import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses a proxy may have. A store's proxy URL comes from the seller: without this check it
 * could point our outgoing calls (with the seller's proxy credentials) at our own network, its cloud
 * metadata service or loopback. Only globally routable unicast addresses pass, unless the operator
 * allows a network explicitly (a private proxy fleet, the loopback proxies of tests and benches).
 * Every address a host name resolves to must pass: one refused address refuses the host.
 */

/** Said to the seller on save and on every refused connection; names the rule, never the network. */
export const PROXY_ADDRESS_RULE = 'the proxy host must be a public address or resolve only to public addresses (private, loopback, link-local, multicast and reserved networks are refused)';

export class ProxyAddressRefusedError extends Error {
  override name = 'ProxyAddressRefusedError';
  constructor() {
    super(`Proxy refused: ${PROXY_ADDRESS_RULE}.`);
  }
}

export type HostLookup = (hostname: string) => Promise<string[]>;

const systemLookup: HostLookup = async (hostname) => (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export interface ProxyAddressPolicyOptions {
  /** CIDR networks (or single addresses) allowed even though they are not public. */
  allowedNetworks?: readonly string[];
  /** The resolver (default: the system's, as a connection would use). */
  lookup?: HostLookup;
  /** How long a resolution may take. */
  timeoutMs?: number;
}

export class ProxyAddressPolicy {
  private readonly allowed: [ipaddr.IPv4 | ipaddr.IPv6, number][];
  private readonly lookup: HostLookup;
  private readonly timeoutMs: number;

  constructor(options: ProxyAddressPolicyOptions = {}) {
    this.allowed = (options.allowedNetworks ?? []).map(parseNetwork);
    this.lookup = options.lookup ?? systemLookup;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Whether a connection to this IP address may be made. */
  allows(address: string): boolean {
    if (!ipaddr.isValid(address)) return false;
    // IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
    const ip = ipaddr.process(address);
    if (this.allowed.some(([network, bits]) => network.kind() === ip.kind() && ip.match(network, bits))) return true;
    // 'unicast' is what ipaddr.js calls every address outside the special-purpose ranges (private,
    // loopback, linkLocal, multicast, uniqueLocal, carrierGradeNat, reserved, 6to4, teredo, NAT64...).
    return ip.range() === 'unicast';
  }

  /**
   * The address to connect to for a proxy host (a name or an IP literal, IPv6 with or without
   * brackets): the first the host resolves to, once every one passed. Throws ProxyAddressRefusedError
   * otherwise, including for a name that does not resolve (the same answer, so it tells nothing).
   */
  async resolve(host: string): Promise<string> {
    const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
    let addresses: string[];
    if (net.isIP(bare)) addresses = [bare];
    else {
      try {
        addresses = await withTimeout(this.lookup(bare), this.timeoutMs);
      } catch {
        addresses = [];
      }
    }
    if (addresses.length === 0 || !addresses.every((a) => this.allows(a))) throw new ProxyAddressRefusedError();
    return addresses[0]!;
  }

  /** Checks a proxy URL's host (WHATWG parsing already turned 0x7f000001, 127.1, 0177.0.0.1 into 127.0.0.1). */
  async check(proxyUrl: string): Promise<void> {
    await this.resolve(new URL(proxyUrl).hostname);
  }
}

/** `10.0.0.0/8`, `fd00::/8`, or one address (`10.1.2.3` = /32). Throws on anything else. */
export function parseNetwork(cidr: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  if (cidr.includes('/')) return ipaddr.parseCIDR(cidr);
  const ip = ipaddr.parse(cidr);
  return [ip, ip.kind() === 'ipv4' ? 32 : 128];
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('lookup timed out')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
