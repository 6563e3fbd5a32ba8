import { DomainError, notFound } from '../../errors/domain-error.ts';
import type { JobRow } from '../../infra/db/schema.ts';
import type { Logger } from '../../infra/logger.ts';
import type { JobQueue, QueuedJob } from '../../infra/queue/job-queue.ts';
import { unavailableBackend } from '../../infra/unavailable.ts';
import { KaspiBusyError } from '../../kaspi/kaspi-busy.ts';
import { KaspiError } from '../../kaspi/kaspi-errors.ts';
import type { LiveEvents } from '../events/index.ts';
import { type Actor, canAccess, listScope } from '../users/index.ts';
import { type JobHandler, RunAgainLater } from './job-handler.ts';
import type { JobFilter, JobsRepository } from './jobs.repository.ts';

export interface JobView {
  id: string;
  type: string;
  store_id: string | null;
  state: JobRow['state'];
  progress: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

export function toJobView(row: JobRow): JobView {
  return {
    id: row.id,
    type: row.type,
    store_id: row.storeId,
    state: row.state,
    progress: row.progress,
    result: row.result ?? null,
    error: row.error,
    created_at: row.createdAt.toISOString(),
    started_at: row.startedAt?.toISOString() ?? null,
    finished_at: row.finishedAt?.toISOString() ?? null,
    updated_at: row.updatedAt.toISOString(),
  };
}

export interface JobsOptions {
  /** A run's lease; its worker renews it every third of it. */
  leaseMs: number;
  /** Times a job whose run was lost is queued again before it is failed. */
  lostRunRetries: number;
  /** Finished jobs are deleted this long after they were created (JOB_RETENTION_DAYS). */
  retentionMs: number;
}

/** The error a job's owner reads when its runs kept being lost. */
export const LOST_RUNS_ERROR = 'The job stopped without finishing several times (its worker stopped or lost the database); it was given up. Start it again.';

/** What a job's owner reads when it failed: the message of a refusal meant for them, never an internal exception's. */
export function ownerMessage(err: unknown): string {
  if (err instanceof DomainError || err instanceof KaspiError || err instanceof KaspiBusyError) return err.detail;
  if (unavailableBackend(err)) return 'The job failed because the database or Redis was unavailable; start it again shortly.';
  return 'The job failed on an internal error (logged with the job id); start it again, or tell support if it keeps failing.';
}

export class JobsService {
  private readonly handlers = new Map<string, JobHandler>();

  constructor(
    private readonly repo: JobsRepository,
    private readonly queue: JobQueue,
    private readonly log: Logger,
    private readonly options: JobsOptions,
    private readonly events: LiveEvents,
  ) {}

  /** Tells the job's owner (their open event streams) what the job is now. Jobs of no user stay quiet. */
  private announce(row: JobRow | undefined): void {
    if (!row?.userId) return;
    this.events.job(row.userId, {
      id: row.id,
      type: row.type,
      state: row.state,
      progress: row.progress,
      store_id: row.storeId,
      result: row.result ?? null,
      error: row.error,
      updated_at: row.updatedAt.toISOString(),
    });
  }

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
      let submitted = await this.repo.insertUnlessActive({ ...values, dedupeKey: input.dedupeKey });
      if (submitted.existing && isLeaseExpired(submitted.row)) {
        // The job holding the key lost its run: take it back now rather than hand out a dead job.
        // Queued again, it is the answer; given up (failed), the key is free for a new one.
        const holder = submitted.row.id;
        const takenBack = (await this.reapExpired()).find((job) => job.id === holder);
        const revived = takenBack?.state === 'queued' ? await this.repo.findById(holder) : undefined;
        submitted = revived ? { row: revived, existing: true } : await this.repo.insertUnlessActive({ ...values, dedupeKey: input.dedupeKey });
      }
      if (submitted.existing) return submitted.row;
      row = submitted.row;
    } else {
      row = await this.repo.insert(values);
    }
    this.announce(row);
    try {
      await this.queue.enqueue({ jobId: row.id, type: row.type });
    } catch (err) {
      this.log.error({ err, jobId: row.id }, 'could not queue job');
      this.announce(await this.repo.finish(row.id, { state: 'failed', error: 'The job queue is unavailable.' }));
      throw new DomainError('queue_unavailable', 'The job queue is unavailable; try again shortly.');
    }
    return row;
  }

  /** The caller's jobs (an admin's: any user's, with `user_id`), newest first. */
  async list(actor: Actor, filter: Omit<JobFilter, 'userId'> & { userId?: string }, page: { limit: number; offset: number }) {
    const { rows, count } = await this.repo.list({ ...filter, userId: listScope(actor, filter.userId) }, page);
    return { rows: rows.map(toJobView), count };
  }

  /** The store's newest job of `type`, for a caller that has checked the store is the actor's. */
  async latestForStore(storeId: string, type: string): Promise<JobView | null> {
    const row = await this.repo.latestForStore(storeId, type);
    return row ? toJobView(row) : null;
  }

  async get(actor: Actor, id: string): Promise<JobView> {
    const row = await this.repo.findById(id);
    if (!row?.userId || !canAccess(actor, row.userId)) throw notFound('Job');
    return toJobView(row);
  }

  /**
   * The queue's consumer: runs one job under a lease, renewed while it runs, and records how it
   * ended. A delivery of a job that another run holds (its lease still good), or that has finished,
   * is dropped. When the final write fails, the lease runs out and the job is taken back (reapExpired).
   */
  async process(queued: QueuedJob): Promise<void> {
    const handler = this.handlers.get(queued.type);
    const { leaseMs } = this.options;
    const job = await this.repo.claim(queued.jobId, leaseMs);
    if (!job) return; // finished already, held by another run, or deleted with its store
    this.announce(job);
    const attempt = job.attempts;
    const log = this.log.child({ jobId: job.id, jobType: job.type, attempt });
    const heartbeat = setInterval(() => {
      this.repo.renewLease(job.id, attempt, leaseMs).then(
        (held) => held || log.warn('the job lost its lease: another run may take it'),
        (err: unknown) => log.warn({ err }, 'could not renew the job lease'),
      );
    }, leaseMs / 3);
    heartbeat.unref();
    try {
      if (!handler) return this.announce(await this.repo.finish(job.id, { state: 'failed', error: `No handler for job type ${job.type}.` }, attempt));
      let outcome: Parameters<JobsRepository['finish']>[1];
      try {
        const result = await handler.run({ job, log, reportProgress: async (p) => this.announce(await this.repo.setProgress(job.id, p)) });
        if (result instanceof RunAgainLater) return await this.runAgainLater(job, attempt, result);
        outcome = { state: 'completed', result };
      } catch (err) {
        log.warn({ err }, 'job failed');
        outcome = { state: 'failed', error: ownerMessage(err) };
      }
      this.announce(await this.repo.finish(job.id, outcome, attempt));
    } catch (err) {
      // Left running: its lease runs out and the job is taken back, run again or failed.
      log.error({ err }, 'could not record how the job ended');
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async runAgainLater(job: JobRow, attempt: number, later: RunAgainLater): Promise<void> {
    this.announce(await this.repo.requeue(job.id, attempt, later.progress));
    try {
      await this.queue.enqueue({ jobId: job.id, type: job.type }, { delayMs: Math.max(0, later.delayMs), rerun: true });
    } catch (err) {
      // Left queued, only a worker restart would take it again (recoverUnfinished): fail it visibly instead.
      this.log.error({ err, jobId: job.id }, 'could not queue the next run of a job');
      this.announce(await this.repo.finish(job.id, { state: 'failed', error: 'The job queue is unavailable.' }));
    }
  }

  /** Deletes the finished jobs older than the retention; returns how many. */
  async prune(): Promise<number> {
    const deleted = await this.repo.deleteFinishedBefore(new Date(Date.now() - this.options.retentionMs));
    if (deleted) this.log.info({ deleted }, 'old finished jobs deleted');
    return deleted;
  }

  /**
   * Takes back the running jobs whose lease ran out (their worker was killed, or could not write how
   * the job ended): queued again under a fresh queue id, as the queue may still hold the old entry
   * as done, or failed with LOST_RUNS_ERROR after JOB_LOST_RUN_RETRIES. Every worker runs it
   * periodically and at start; a submit meeting such a job runs it too.
   */
  async reapExpired(): Promise<Pick<JobRow, 'id' | 'type' | 'state'>[]> {
    const reaped = await this.repo.reapExpired(this.options.lostRunRetries, LOST_RUNS_ERROR);
    for (const job of reaped) {
      this.announce(job);
      if (job.state !== 'queued') continue;
      try {
        await this.queue.enqueue({ jobId: job.id, type: job.type }, { recovered: true });
      } catch (err) {
        this.log.error({ err, jobId: job.id }, 'could not queue a recovered job');
        this.announce(await this.repo.finish(job.id, { state: 'failed', error: 'The job queue is unavailable.' }));
      }
    }
    const taken = reaped.map(({ id, type, state }) => ({ id, type, state }));
    if (taken.length) this.log.warn({ jobs: taken }, 'took back jobs whose lease ran out');
    return taken;
  }

  /**
   * At worker start: take back the lost runs, then queue again the queued jobs no queue holds (the
   * embedded queue lost them in a restart, Redis lost them, or their entry ended without them).
   */
  async recoverUnfinished(): Promise<number> {
    await this.reapExpired();
    const [queued, pending] = await Promise.all([this.repo.listQueued(), this.queue.pendingIds()]);
    const lost = queued.filter((j) => !pending.has(j.id));
    for (const job of lost) await this.queue.enqueue({ jobId: job.id, type: job.type }, { recovered: true });
    if (lost.length) this.log.info({ count: lost.length }, 'requeued unfinished jobs');
    return lost.length;
  }
}

function isLeaseExpired(job: JobRow): boolean {
  return job.state === 'running' && (!job.leaseUntil || job.leaseUntil.getTime() < Date.now());
}
