import type { JobConsumer, JobQueue, QueueCounts, QueuedJob } from './job-queue.ts';

/**
 * Embedded mode: jobs run in this process. Nothing survives a restart here; the jobs table does,
 * and the runner re-enqueues unfinished rows at start (see JobsService.recoverUnfinished).
 */
export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  private readonly waiting: QueuedJob[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private consumer: JobConsumer | undefined;
  private concurrency = 1;
  private closed = false;

  // `recovered` needs nothing special here: a run that ended has left no entry behind.
  async enqueue(job: QueuedJob, opts: { delayMs?: number; rerun?: boolean; recovered?: boolean } = {}): Promise<void> {
    if (this.closed) {
      // A run finishing during shutdown asks for its next one: the jobs table keeps the job queued and
      // the next start queues it again (JobsService.recoverUnfinished).
      if (opts.rerun) return;
      throw new Error('Queue is closed');
    }
    // Same id twice = one job, as with BullMQ; a rerun is asked for by the job's own run.
    if (opts.rerun ? this.timers.has(job.jobId) || this.waiting.some((j) => j.jobId === job.jobId) : this.isKnown(job.jobId)) return;
    if (opts.rerun || (opts.delayMs && opts.delayMs > 0)) {
      const timer = setTimeout(() => {
        this.timers.delete(job.jobId);
        // Never two runs of one job at once: a rerun due before its asker has finished waits for it.
        void (this.running.get(job.jobId) ?? Promise.resolve()).then(() => {
          if (this.closed) return;
          this.waiting.push(job);
          this.drain();
        });
      }, opts.delayMs ?? 0);
      timer.unref();
      this.timers.set(job.jobId, timer);
      return;
    }
    this.waiting.push(job);
    this.drain();
  }

  async startConsuming(consumer: JobConsumer, concurrency: number): Promise<void> {
    this.consumer = consumer;
    this.concurrency = concurrency;
    this.drain();
  }

  async pendingIds(): Promise<Set<string>> {
    return new Set([...this.waiting.map((j) => j.jobId), ...this.timers.keys(), ...this.running.keys()]);
  }

  async counts(): Promise<QueueCounts> {
    return { waiting: this.waiting.length, active: this.running.size, delayed: this.timers.size };
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.waiting.length = 0;
    await Promise.allSettled(this.running.values());
  }

  private isKnown(jobId: string): boolean {
    return this.timers.has(jobId) || this.running.has(jobId) || this.waiting.some((j) => j.jobId === jobId);
  }

  private drain(): void {
    const consumer = this.consumer;
    if (!consumer || this.closed) return;
    while (this.running.size < this.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      const run = consumer(job)
        .catch(() => {}) // the consumer records failures itself
        .finally(() => {
          this.running.delete(job.jobId);
          this.drain();
        });
      this.running.set(job.jobId, run);
    }
  }
}
