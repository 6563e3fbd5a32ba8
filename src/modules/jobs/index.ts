import type { LiveEvents } from '../events/index.ts';
import type { AppModule, Infra } from '../module.ts';
import { pingJobHandler } from './job-handler.ts';
import { JobsRepository } from './jobs.repository.ts';
import { jobsRoutes } from './jobs.routes.ts';
import { JobsService } from './jobs.service.ts';

export { type JobContext, type JobHandler, RunAgainLater } from './job-handler.ts';
export { Job as JobSchema } from './jobs.routes.ts';
export { type JobsService, type JobView, ownerMessage } from './jobs.service.ts';

const PRUNE_EVERY_MS = 3_600_000;

/** Long work (table jobs): state, progress and result, whichever queue moves it; each change announced to the job's owner. */
export function createJobsModule(infra: Infra, deps: { liveEvents: LiveEvents }): AppModule<{ jobs: JobsService }> {
  const { config, log } = infra;
  const options = { leaseMs: config.jobLeaseMs, lostRunRetries: config.jobLostRunRetries, retentionMs: config.jobRetentionDays * 86_400_000 };
  const jobs = new JobsService(new JobsRepository(infra.db), infra.queue, log, options, deps.liveEvents);
  let reaper: NodeJS.Timeout | undefined;
  let pruner: NodeJS.Timeout | undefined;
  return {
    name: 'jobs',
    services: { jobs },
    jobs: [pingJobHandler],
    routes: jobsRoutes,
    // Every worker takes back lost runs, twice per lease: a job is back at most 1.5 leases after its run was lost.
    start() {
      reaper = setInterval(() => void jobs.reapExpired().catch((err: unknown) => log.warn({ err }, 'could not take back lost jobs')), config.jobLeaseMs / 2);
      reaper.unref();
      // Finished jobs are history only the jobs list shows; every worker prunes hourly (idempotent).
      const prune = () => void jobs.prune().catch((err: unknown) => log.warn({ err }, 'could not delete old jobs'));
      prune();
      pruner = setInterval(prune, PRUNE_EVERY_MS);
      pruner.unref();
    },
    async stop() {
      clearInterval(reaper);
      clearInterval(pruner);
    },
  };
}
