// A pool of HTTP forward proxies on this machine, each leaving from its own loopback source address
// (127.0.0.2, 127.0.0.3, ...; Linux routes the whole of 127/8 on lo). The simulator's per-IP storefront
// limit then sees each proxy as a different client IP, the way Kaspi sees a pool of Kazakhstani
// proxies. For demos, benches and tests: `KASPI_PROXIES=<urls joined by commas>`.
//
// Speaks CONNECT (what undici's ProxyAgent uses, for http and https targets alike) and plain
// absolute-URI forwarding (what a browser sends for http:// pages through a proxy).
import http from 'node:http';
import net from 'node:net';

export interface EgressProxy {
  /** `http://127.0.0.1:<port>`: what KASPI_PROXIES takes. */
  url: string;
  /** The source address its outbound connections leave from: the client IP the far side sees. */
  egressAddress: string;
  close(): Promise<void>;
}

export interface EgressProxyPool {
  urls: string[];
  /** egressAddresses[i] is the client IP behind urls[i]. */
  egressAddresses: string[];
  close(): Promise<void>;
}

export interface EgressProxyOptions {
  /** Where the proxy itself listens (default 127.0.0.1, port chosen by the system). */
  listenHost?: string;
  listenPort?: number;
}

/** The n-th egress address of the pool: 127.0.0.2, 127.0.0.3, ... (127.0.0.1 stays "direct"). */
export function egressAddress(index: number): string {
  const n = index + 2;
  if (n > 254 * 256) throw new RangeError('too many egress proxies for 127/8 in this scheme');
  return `127.0.${Math.floor(n / 256)}.${n % 256}`;
}

/** Starts `count` proxies, each with its own egress address. close() ends every tunnel and listener. */
export async function startEgressProxies(count: number, options: EgressProxyOptions = {}): Promise<EgressProxyPool> {
  if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
  const started: EgressProxy[] = [];
  try {
    for (let i = 0; i < count; i++) started.push(await startEgressProxy(egressAddress(i), { ...options, listenPort: options.listenPort ? options.listenPort + i : 0 }));
  } catch (err) {
    await Promise.all(started.map((p) => p.close()));
    throw err;
  }
  return {
    urls: started.map((p) => p.url),
    egressAddresses: started.map((p) => p.egressAddress),
    close: async () => {
      await Promise.all(started.map((p) => p.close()));
    },
  };
}

/** One forward proxy whose outbound sockets are bound to `localAddress`. */
export async function startEgressProxy(localAddress: string, options: EgressProxyOptions = {}): Promise<EgressProxy> {
  if (net.isIP(localAddress) !== 4) throw new RangeError(`egress address must be IPv4, got ${localAddress}`);
  // Tunnelled sockets are detached from the HTTP server after CONNECT: track them to end them on close.
  const tunnels = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    tunnels.add(socket);
    socket.once('close', () => tunnels.delete(socket));
  };
  const agent = new http.Agent({ keepAlive: true, localAddress, family: 4 } as http.AgentOptions);

  const server = http.createServer((req, res) => forward(req, res, agent));
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => tunnel(req, client, head, localAddress, track));
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  const host = options.listenHost ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listenPort ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as net.AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    egressAddress: localAddress,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of tunnels) socket.destroy();
        server.closeAllConnections();
        agent.destroy();
      });
      return closing;
    },
  };
}

/** `host:port`, `[v6]:port`: the CONNECT target. */
function parseAuthority(authority: string): { host: string; port: number } | null {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(authority);
  if (!match) return null;
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return null;
  return { host: (match[1] ?? match[2])!, port };
}

function tunnel(req: http.IncomingMessage, client: net.Socket, head: Buffer, localAddress: string, track: (s: net.Socket) => void): void {
  track(client);
  client.on('error', () => client.destroy());
  const target = parseAuthority(req.url ?? '');
  if (!target) {
    client.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    return;
  }
  const upstream = net.connect({ host: target.host, port: target.port, localAddress, family: 4 });
  track(upstream);
  let established = false;
  upstream.once('connect', () => {
    established = true;
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on('error', () => {
    if (!established && client.writable) client.end('HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\n\r\n');
    else client.destroy();
  });
  upstream.once('close', () => {
    if (established) client.destroy();
  });
  client.once('close', () => upstream.destroy());
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** Plain forwarding of `GET http://host/path` style requests (browsers use it for http:// pages). */
function forward(req: http.IncomingMessage, res: http.ServerResponse, agent: http.Agent): void {
  let url: URL;
  try {
    url = new URL(req.url ?? '');
  } catch {
    res.writeHead(400, { connection: 'close' }).end('a proxy request needs an absolute http:// URL');
    return;
  }
  if (url.protocol !== 'http:') {
    res.writeHead(400, { connection: 'close' }).end('only http:// is forwarded; use CONNECT for https');
    return;
  }
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
  const upstream = http.request({ host: url.hostname, port: url.port || 80, method: req.method, path: url.pathname + url.search, headers, agent }, (answer) => {
    const back: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name)) back[name] = value;
    res.writeHead(answer.statusCode ?? 502, back);
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { connection: 'close' }).end();
    else res.destroy();
  });
  req.pipe(upstream);
}
