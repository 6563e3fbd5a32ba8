// Real processes for the multi-process tests: `src/cli.ts worker` children, and a Redis server of the
// test's own (so killing and restarting it disturbs no other test file running in parallel).
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { type CliProcess, freePort, runCli } from './process.ts';

function pingRedis(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      answer += d;
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
    socket.once('error', () => done(false));
  });
}

function exitOf(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
}

export interface RedisServer {
  port: number;
  url: string;
  /** Starts the server on its port (again, after kill()); resolves once it answers PING. */
  start(): Promise<void>;
  /** Kills the server (SIGKILL by default: a crash, nothing saved) and waits for it to be gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** SIGSTOP / SIGCONT: connections stay open and commands get no answer, as from a hung server or a cut network. */
  freeze(): void;
  thaw(): void;
  running(): boolean;
}

/** A throwaway redis-server on a free port: no persistence, bound to 127.0.0.1. Call kill() in after(). */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async start() {
      if (child && child.exitCode === null && child.signalCode === null) throw new Error('redis-server is already running');
      child = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], { stdio: 'ignore' });
      const started = child;
      const deadline = Date.now() + 10_000;
      while (!(await pingRedis(port))) {
        if (started.exitCode !== null || started.signalCode !== null) throw new Error(`redis-server on port ${port} exited (${started.exitCode ?? started.signalCode})`);
        if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer within 10 s`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async kill(signal = 'SIGKILL') {
      if (!child) return;
      const c = child;
      if (c.exitCode === null && c.signalCode === null) {
        c.kill(signal);
        c.kill('SIGCONT'); // a frozen server acts on the signal only once it runs again
      }
      await exitOf(c);
    },
    freeze() {
      if (server.running()) child?.kill('SIGSTOP');
    },
    thaw() {
      if (server.running()) child?.kill('SIGCONT');
    },
    running: () => !!child && child.exitCode === null && child.signalCode === null,
  };
  await server.start();
  return server;
}

export interface WorkerProcess extends CliProcess {
  name: string;
  /** The runner's id (as written to products.claimed_by), from its 'demper runner started' log line. */
  workerId(): string | undefined;
  alive(): boolean;
  /** SIGKILL: no shutdown hook runs, claims and half-done pushes stay behind. */
  crash(): Promise<number | string>;
  /** SIGSTOP / SIGCONT: a frozen process (a long GC pause, a stopped VM) holds its claims and does nothing. */
  freeze(): void;
  thaw(): void;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<number | string>;
}

/** `node --import tsx src/cli.ts worker` with the given environment (LOG_LEVEL=info unless set). */
export function startWorker(name: string, env: Record<string, string | undefined>): WorkerProcess {
  const cli = runCli(['worker'], env);
  const alive = () => cli.child.exitCode === null && cli.child.signalCode === null;
  return {
    ...cli,
    name,
    workerId() {
      for (const line of cli.output().split('\n')) {
        if (!line.includes('demper runner started')) continue;
        const m = /"workerId":"([^"]+)"/.exec(line);
        if (m) return m[1];
      }
      return undefined;
    },
    alive,
    async crash() {
      if (alive()) cli.child.kill('SIGKILL');
      return cli.exited;
    },
    freeze() {
      if (alive()) cli.child.kill('SIGSTOP');
    },
    thaw() {
      if (alive()) cli.child.kill('SIGCONT');
    },
    async stop(graceMs = 10_000) {
      if (alive()) cli.child.kill('SIGCONT');
      if (alive()) cli.child.kill('SIGTERM');
      const timer = setTimeout(() => alive() && cli.child.kill('SIGKILL'), graceMs);
      try {
        return await cli.exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
