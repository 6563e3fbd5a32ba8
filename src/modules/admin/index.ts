import type { HeartbeatStore } from '../../infra/heartbeat/heartbeat-store.ts';
import { MemoryHeartbeatStore } from '../../infra/heartbeat/memory-heartbeat-store.ts';
import { RedisHeartbeatStore } from '../../infra/heartbeat/redis-heartbeat-store.ts';
import type { AppModule, Infra } from '../module.ts';
import type { UsersService } from '../users/index.ts';
import { AdminRepository } from './admin.repository.ts';
import { adminRoutes } from './admin.routes.ts';
import { AdminService } from './admin.service.ts';
import { SystemStatus } from './system-status.ts';
import { WorkerHeartbeats } from './worker-heartbeats.ts';

export type { AdminService } from './admin.service.ts';
export type { AdminWrite } from './audit-entry.ts';

/**
 * The admin panel's API (users, every store, the system) and the audit log (table admin_audit_log).
 * A process that runs workers also beats here, so the system view lists the workers alive.
 */
export function createAdminModule(infra: Infra, deps: { users: UsersService }): AppModule<{ admin: AdminService }> {
  const { db, log, redis, config } = infra;
  const repo = new AdminRepository(db);
  const store: HeartbeatStore = redis ? new RedisHeartbeatStore(redis, config.redisPrefix) : new MemoryHeartbeatStore();
  const heartbeats = new WorkerHeartbeats(store, log);
  const system = new SystemStatus({ database: infra.database, redis, queue: infra.queue, budgets: infra.budgets, heartbeats, repo, log });
  const admin = new AdminService(repo, db, deps.users, system, log);
  return {
    name: 'admin',
    services: { admin },
    routes: adminRoutes,
    start: () => heartbeats.start(),
    stop: () => heartbeats.stop(),
  };
}
