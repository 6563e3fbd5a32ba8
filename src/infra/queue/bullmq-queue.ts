import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { JobConsumer, JobQueue, QueuedJob } from './job-queue.ts';

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

  constructor(
    redisUrl: string,
    private readonly prefix = 'kaspi-demper',
  ) {
    // BullMQ needs maxRetriesPerRequest=null so blocking commands wait out a Redis restart.
    this.connection = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    this.connection.on('error', () => {}); // reconnects by itself; health checks report the outage
    this.queue = new Queue(QUEUE_NAME, {
      connection: this.connection,
      prefix: this.prefix,
      defaultJobOptions: { removeOnComplete: { count: 1000 }, removeOnFail: { count: 5000 }, attempts: 1 },
    });
    this.queue.on('error', () => {});
  }

  async enqueue(job: QueuedJob, opts: { delayMs?: number; rerun?: boolean } = {}): Promise<void> {
    // BullMQ ignores an id it holds, and the run asking for a rerun is still active: a fresh id then.
    const bullId = opts.rerun ? `${job.jobId}-rerun-${Date.now()}` : job.jobId;
    await this.queue.add(job.type, job, { jobId: bullId, delay: opts.delayMs });
  }

  async startConsuming(consumer: JobConsumer, concurrency: number): Promise<void> {
    this.workerConnection = this.connection.duplicate();
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
