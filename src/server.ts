import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.ts';
import type { AppConfig } from './config/index.ts';
import { type Container, createContainer } from './container.ts';
import { ensureWebBuild } from './http/web-build.ts';

/**
 * Shutdown on SIGTERM/SIGINT: stop accepting requests, let in-flight ones finish, let running jobs
 * finish (BullMQ hands unfinished ones to another worker if we are killed), then close connections.
 */
function onShutdown(container: Container, closeHttp?: () => Promise<void>): void {
  closeWithGrace({ delay: 25_000 }, async ({ signal, err }) => {
    if (err) container.log.error({ err }, 'fatal error, shutting down');
    else container.log.info({ signal }, 'shutting down');
    await closeHttp?.();
    await container.close();
  });
}

/** `serve`: the HTTP API, plus the job workers when this process is the only one (embedded mode). */
export async function serve(config: AppConfig): Promise<Container> {
  const started = performance.now();
  const container = await createContainer(config);
  // A contributor's edited app is rebuilt before it is served (production images ship a built one).
  ensureWebBuild(container.log);
  const app = await buildApp(container);
  onShutdown(container, () => app.close());
  if (config.runWorkers) await container.startWorkers();
  await app.listen({ host: config.host, port: config.port });
  container.log.info(
    {
      database: container.database.kind,
      queue: container.queue.kind,
      workers: config.runWorkers,
      startupMs: Math.round(performance.now() - started),
    },
    `Kaspi demper API on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (web app at /, docs at /docs)`,
  );
  return container;
}

/** `worker`: consumes jobs from Redis; run as many as the budgets allow, on any machine. */
export async function work(config: AppConfig): Promise<Container> {
  if (!config.redisUrl) {
    throw new Error('The worker command needs REDIS_URL: without Redis, `serve` runs the workers in its own process.');
  }
  const container = await createContainer(config);
  onShutdown(container);
  await container.startWorkers();
  container.log.info({ concurrency: config.workerConcurrency, pid: process.pid }, 'worker consuming jobs');
  return container;
}
