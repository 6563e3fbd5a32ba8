import crypto from 'node:crypto';
import os from 'node:os';
import type { Heartbeat, HeartbeatStore } from '../../infra/heartbeat/heartbeat-store.ts';
import type { Logger } from '../../infra/logger.ts';

/** A worker beats this often. */
const BEAT_MS = 10_000;
/** Seen within this long: alive (three beats, so one slow beat is not a death). */
const ALIVE_MS = 3 * BEAT_MS;
/** A worker that stopped beating stays listed (not alive) this long. */
const KEEP_MS = 10 * 60_000;

export interface WorkerView {
  id: string;
  host: string;
  pid: number;
  started_at: string;
  last_seen_at: string;
  alive: boolean;
}

/**
 * Each process that runs workers (a `worker`, or `serve` in embedded mode) says every 10 s that it is
 * alive; the admin's system view lists them. A worker stopped cleanly removes its entry; a killed one
 * shows `alive: false` for ten minutes, then disappears.
 */
export class WorkerHeartbeats {
  private readonly self: Heartbeat = {
    id: `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`,
    host: os.hostname(),
    pid: process.pid,
    startedAt: Date.now(),
    lastSeenAt: Date.now(),
  };
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: HeartbeatStore,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.timer) return;
    this.self.startedAt = Date.now();
    void this.beat();
    this.timer = setInterval(() => void this.beat(), BEAT_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.store.remove(this.self.id).catch((err: unknown) => this.log.debug({ err }, 'heartbeat: could not remove our entry'));
  }

  async list(now = Date.now()): Promise<WorkerView[]> {
    const beats = await this.store.list();
    return beats
      .sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id))
      .map((b) => ({
        id: b.id,
        host: b.host,
        pid: b.pid,
        started_at: new Date(b.startedAt).toISOString(),
        last_seen_at: new Date(b.lastSeenAt).toISOString(),
        alive: now - b.lastSeenAt <= ALIVE_MS,
      }));
  }

  private async beat(): Promise<void> {
    this.self.lastSeenAt = Date.now();
    try {
      await this.store.put({ ...this.self }, KEEP_MS);
    } catch (err) {
      // Redis down: the entry ages and shows not alive; the next beat after Redis is back restores it.
      this.log.debug({ err }, 'heartbeat: could not write');
    }
  }
}
