import { DomainError, notFound } from '../../errors/domain-error.ts';
import type { JobRow } from '../../infra/db/schema.ts';
import type { Logger } from '../../infra/logger.ts';
import type { JobQueue, QueuedJob } from '../../infra/queue/job-queue.ts';
import { type Actor, canAccess } from '../users/index.ts';
import { type JobHandler, RunAgainLater } from './job-handler.ts';
import type { JobsRepository } from './jobs.repository.ts';

export interface JobView {
  id: string;
  type: string;
  state: JobRow['state'];
  progress: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export function toJobView(row: JobRow): JobView {
  return {
    id: row.id,
    type: row.type,
    state: row.state,
    progress: row.progress,
    result: row.result ?? null,
    error: row.error,
    created_at: row.createdAt.toISOString(),
    started_at: row.startedAt?.toISOString() ?? null,
    finished_at: row.finishedAt?.toISOString() ?? null,
  };
}

export class JobsService {
  private readonly handlers = new Map<string, JobHandler>();

  constructor(
    private readonly repo: JobsRepository,
    private readonly queue: JobQueue,
    private readonly log: Logger,
  ) {}

  register(handler: JobHandler): void {
    this.handlers.set(handler.type, handler);
  }

  /**
   * Records the job, then queues it. A job the queue refused is marked failed, never left dangling.
   * With a `dedupeKey`, a job with that key already queued or running is returned instead of a new one.
   */
  async submit(input: { type: string; userId?: string; storeId?: string; payload?: Record<string, unknown>; dedupeKey?: string }): Promise<JobRow> {
    const values = { type: input.type, userId: input.userId, storeId: input.storeId, payload: input.payload ?? {} };
    let row: JobRow;
    if (input.dedupeKey) {
      const submitted = await this.repo.insertUnlessActive({ ...values, dedupeKey: input.dedupeKey });
      if (submitted.existing) return submitted.row;
      row = submitted.row;
    } else {
      row = await this.repo.insert(values);
    }
    try {
      await this.queue.enqueue({ jobId: row.id, type: row.type });
    } catch (err) {
      this.log.error({ err, jobId: row.id }, 'could not queue job');
      await this.repo.finish(row.id, { state: 'failed', error: 'The job queue is unavailable.' });
      throw new DomainError('queue_unavailable', 'The job queue is unavailable; try again shortly.');
    }
    return row;
  }

  async get(actor: Actor, id: string): Promise<JobView> {
    const row = await this.repo.findById(id);
    if (!row?.userId || !canAccess(actor, row.userId)) throw notFound('Job');
    return toJobView(row);
  }

  /** The queue's consumer: runs one job and records how it ended. */
  async process(queued: QueuedJob): Promise<void> {
    const handler = this.handlers.get(queued.type);
    const job = await this.repo.claim(queued.jobId);
    if (!job) return; // finished already, or deleted with its store
    const log = this.log.child({ jobId: job.id, jobType: job.type });
    if (!handler) {
      await this.repo.finish(job.id, { state: 'failed', error: `No handler for job type ${job.type}.` });
      return;
    }
    try {
      const result = await handler.run({ job, log, reportProgress: (p) => this.repo.setProgress(job.id, p) });
      if (result instanceof RunAgainLater) return await this.runAgainLater(job, result);
      await this.repo.finish(job.id, { state: 'completed', result });
    } catch (err) {
      log.warn({ err }, 'job failed');
      await this.repo.finish(job.id, { state: 'failed', error: err instanceof Error ? err.message : String(err) });
    }
  }

  private async runAgainLater(job: JobRow, later: RunAgainLater): Promise<void> {
    await this.repo.requeue(job.id, later.progress);
    try {
      await this.queue.enqueue({ jobId: job.id, type: job.type }, { delayMs: Math.max(0, later.delayMs), rerun: true });
    } catch (err) {
      // Left queued, only a worker restart would take it again (recoverUnfinished): fail it visibly instead.
      this.log.error({ err, jobId: job.id }, 'could not queue the next run of a job');
      await this.repo.finish(job.id, { state: 'failed', error: 'The job queue is unavailable.' });
    }
  }

  /**
   * At worker start: queue again the jobs the database says are unfinished but no queue holds
   * (the embedded queue lost them in a restart, or Redis was down when they were submitted).
   */
  async recoverUnfinished(): Promise<number> {
    const [unfinished, pending] = await Promise.all([this.repo.listUnfinished(), this.queue.pendingIds()]);
    const lost = unfinished.filter((j) => !pending.has(j.id));
    for (const job of lost) await this.queue.enqueue({ jobId: job.id, type: job.type });
    if (lost.length) this.log.info({ count: lost.length }, 'requeued unfinished jobs');
    return lost.length;
  }
}
