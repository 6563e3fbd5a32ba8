/** One worker process as its last heartbeat described it. */
export interface Heartbeat {
  id: string;
  host: string;
  pid: number;
  startedAt: number;
  lastSeenAt: number;
}

/**
 * Where worker processes say they are alive: Redis (every process on every machine) or memory (the one
 * embedded process). An entry is kept `keepMs` after its last beat, so a dead worker is still listed
 * (not alive) for a while before it disappears.
 */
export interface HeartbeatStore {
  put(beat: Heartbeat, keepMs: number): Promise<void>;
  remove(id: string): Promise<void>;
  list(): Promise<Heartbeat[]>;
}
