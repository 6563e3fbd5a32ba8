import { Type } from 'typebox';
import { msFromSeconds, section, variable } from './define.ts';

export const jobs = section('Jobs, cache, rate limits', {
  redisUrl: variable(
    'REDIS_URL',
    Type.Optional(
      Type.String({
        pattern: '^rediss?://',
        description: 'Redis, e.g. redis://127.0.0.1:6379: BullMQ jobs, cache, rate limits and Kaspi budgets; run `worker` processes. Unset: in-process queue and in-memory counters (one process).',
      }),
    ),
  ),
  redisPrefix: variable(
    'REDIS_PREFIX',
    Type.String({
      default: 'kaspi-demper',
      pattern: '^[A-Za-z0-9:_-]+$',
      description: 'Namespace of every Redis key this deployment writes (queues, rate limits, budgets).',
    }),
  ),
  runWorkers: variable(
    'RUN_WORKERS',
    Type.Optional(Type.Boolean({ description: 'Whether `serve` also runs job workers. Default: true without REDIS_URL, false with it.' })),
    // Without Redis one process does everything; with it, jobs are left to `worker` processes.
    { to: (run, env) => run ?? !env['REDIS_URL'] },
  ),
  workerConcurrency: variable('WORKER_CONCURRENCY', Type.Integer({ minimum: 1, maximum: 256, default: 4, description: 'Jobs a worker process runs at once.' })),
  redisCommandTimeoutMs: variable(
    'REDIS_COMMAND_TIMEOUT_MS',
    Type.Integer({
      minimum: 100,
      maximum: 60_000,
      default: 2000,
      description: 'Longest wait for one Redis command a request or job needs (job submission, rate limits, budgets, locks); past it the request answers 503 with Retry-After.',
    }),
  ),
  jobLeaseMs: variable(
    'JOB_LEASE_SECONDS',
    Type.Integer({
      minimum: 10,
      maximum: 3600,
      default: 60,
      description: "A running job's lease (seconds), renewed by its worker every third of it: a job whose lease ran out (worker killed, final write lost) is taken back.",
    }),
    { to: msFromSeconds },
  ),
  jobLostRunRetries: variable(
    'JOB_LOST_RUN_RETRIES',
    Type.Integer({
      minimum: 0,
      maximum: 100,
      default: 2,
      description: 'Times a job whose run was lost (its lease ran out) is queued again before it is failed with a message saying so.',
    }),
  ),
  jobRetentionDays: variable(
    'JOB_RETENTION_DAYS',
    Type.Integer({
      minimum: 1,
      maximum: 3650,
      default: 30,
      description: 'Finished jobs (completed or failed) are deleted this many days after they were created; workers prune hourly. Queued and running jobs are never deleted.',
    }),
  ),
});
