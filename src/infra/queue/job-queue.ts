/**
 * The job transport. It carries only `{jobId, type}`: the job's state, payload, progress and result
 * live in the `jobs` table, so the API reads them the same way whichever backend moved the job.
 */
export interface QueuedJob {
  jobId: string;
  type: string;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
}

export type JobConsumer = (job: QueuedJob) => Promise<void>;

export interface JobQueue {
  readonly kind: 'bullmq' | 'in-process';
  /**
   * `rerun`: the same job again (after `delayMs`), asked for by its own run that is still finishing;
   * `recovered`: a job the jobs table says is unfinished while the queue's entry for it is done or
   * lost (its worker died, its final write failed), under a fresh queue id;
   * a plain enqueue of an id the queue holds is ignored, as a duplicate.
   */
  enqueue(job: QueuedJob, opts?: { delayMs?: number; rerun?: boolean; recovered?: boolean }): Promise<void>;
  /** Begin consuming with up to `concurrency` jobs at once. */
  startConsuming(consumer: JobConsumer, concurrency: number): Promise<void>;
  /** Ids of jobs this queue still holds (waiting, delayed or running). */
  pendingIds(): Promise<Set<string>>;
  /** Entries the queue holds now: waiting for a worker, running, and waiting for their delay. */
  counts(): Promise<QueueCounts>;
  ping(): Promise<void>;
  /** Stop taking jobs and wait for the running ones to finish. */
  close(): Promise<void>;
}
