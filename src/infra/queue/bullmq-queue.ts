import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { withTimeout } from '../with-timeout.ts';
import type { JobConsumer, JobQueue, QueueCounts, QueuedJob } from './job-queue.ts';

const QUEUE_NAME = 'jobs';

/**
 * Production mode: BullMQ on Redis. Any number of worker processes consume the same queue; a
 * worker killed mid-job leaves a stalled job that BullMQ hands to another worker.
 */
export class BullmqQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  private readonly connection: Redis;
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private workerConnection: Redis | undefined;
  private readonly commandTimeoutMs: number;

  constructor(
    private readonly redisUrl: string,
    private readonly prefix = 'kaspi-demper',
    options: { commandTimeoutMs?: number } = {},
  ) {
    this.commandTimeoutMs = options.commandTimeoutMs ?? 2000;
    // The producer side answers requests (a sync, a preorder): with Redis gone its commands fail
    // after commandTimeoutMs instead of waiting for Redis to come back. Only the worker's connection
    // (below) waits out a restart, as BullMQ's blocking commands need (maxRetriesPerRequest null).
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: 1, commandTimeout: this.commandTimeoutMs, connectTimeout: this.commandTimeoutMs });
    this.connection.on('error', () => {}); // reconnects by itself; health checks report the outage
    this.queue = new Queue(QUEUE_NAME, {
      connection: this.connection,
      prefix: this.prefix,
      defaultJobOptions: { removeOnComplete: { count: 1000 }, removeOnFail: { count: 5000 }, attempts: 1 },
    });
    this.queue.on('error', () => {});
  }

  async enqueue(job: QueuedJob, opts: { delayMs?: number; rerun?: boolean; recovered?: boolean } = {}): Promise<void> {
    // BullMQ ignores an id it holds: the run asking for a rerun is still active, and a recovered job's
    // old entry may sit among the failed ones. A fresh id then.
    const bullId = opts.rerun ? `${job.jobId}-rerun-${Date.now()}` : opts.recovered ? `${job.jobId}-recovered-${Date.now()}` : job.jobId;
    // Each command is bounded already; this also bounds the queue's wait for its first connection.
    await withTimeout(this.queue.add(job.type, job, { jobId: bullId, delay: opts.delayMs }), this.commandTimeoutMs * 2, 'Redis did not take the job in time');
  }

  async startConsuming(consumer: JobConsumer, concurrency: number): Promise<void> {
    this.workerConnection = new Redis(this.redisUrl, { maxRetriesPerRequest: null });
    this.workerConnection.on('error', () => {});
    this.worker = new Worker<QueuedJob>(QUEUE_NAME, (job) => consumer(job.data), {
      connection: this.workerConnection,
      prefix: this.prefix,
      concurrency,
      // A killed worker's job comes back after this long, to another worker.
      stalledInterval: 15_000,
      maxStalledCount: 2,
    });
    this.worker.on('error', () => {});
    await this.worker.waitUntilReady();
  }

  async pendingIds(): Promise<Set<string>> {
    const jobs = await this.queue.getJobs(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);
    return new Set(jobs.map((j) => j?.data?.jobId).filter((id): id is string => Boolean(id)));
  }

  async counts(): Promise<QueueCounts> {
    const c = await withTimeout(this.queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed'), this.commandTimeoutMs * 2, 'Redis did not answer in time');
    return { waiting: (c['waiting'] ?? 0) + (c['prioritized'] ?? 0), active: c['active'] ?? 0, delayed: c['delayed'] ?? 0 };
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  async close(): Promise<void> {
    // Worker.close() waits for running jobs to finish before it resolves; with Redis unreachable
    // there is nothing to wait for, and shutdown must not hang on it.
    // (Queue.disconnect() would wait for a connection that never comes; the queue uses our
    // connection object, so dropping that is enough.)
    if (this.connection.status !== 'ready') {
      this.worker?.close(true).catch(() => {});
      this.workerConnection?.disconnect();
      this.connection.disconnect();
      return;
    }
    await this.worker?.close();
    await this.queue.close();
    await this.workerConnection?.quit().catch(() => this.workerConnection?.disconnect());
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
