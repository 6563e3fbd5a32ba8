import type { JobRow } from '../../infra/db/schema.ts';
import type { Logger } from '../../infra/logger.ts';

export interface JobContext {
  job: JobRow;
  log: Logger;
  /** Saved to the job row, where `GET /api/v1/jobs/{id}/` reads it. */
  reportProgress(progress: Record<string, unknown>): Promise<void>;
}

/**
 * What a run returns to be run again later instead of finishing: the job stays `queued` (its dedupe
 * key held) with this progress, and no worker slot is held while it waits, unlike a sleep in the run.
 */
export class RunAgainLater {
  constructor(
    readonly delayMs: number,
    readonly progress: Record<string, unknown>,
  ) {}
}

/** One kind of long work. Features register theirs in the composition root. */
export interface JobHandler {
  type: string;
  /** The job's result, or RunAgainLater to be called again after a while (polling work). */
  run(ctx: JobContext): Promise<Record<string, unknown> | RunAgainLater>;
}

/** A harmless job that proves the pipeline end to end: API or CLI -> queue -> worker -> jobs table. */
export const pingJobHandler: JobHandler = {
  type: 'system.ping',
  async run({ job, reportProgress }) {
    // An optional pause (at most 30 s) lets operators and tests watch a job that is running.
    const delayMs = Math.min(Math.max(Number(job.payload['delay_ms']) || 0, 0), 30_000);
    await reportProgress({ step: 'started' });
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    await reportProgress({ step: 'pinged' });
    return { pong: true, pid: process.pid, echo: job.payload };
  },
};
