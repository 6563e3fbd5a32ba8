import type { Heartbeat, HeartbeatStore } from './heartbeat-store.ts';

/** Embedded mode: the one process is the only worker. */
export class MemoryHeartbeatStore implements HeartbeatStore {
  private readonly beats = new Map<string, { beat: Heartbeat; expiresAt: number }>();

  async put(beat: Heartbeat, keepMs: number): Promise<void> {
    this.beats.set(beat.id, { beat, expiresAt: Date.now() + keepMs });
  }

  async remove(id: string): Promise<void> {
    this.beats.delete(id);
  }

  async list(): Promise<Heartbeat[]> {
    const now = Date.now();
    for (const [id, entry] of this.beats) if (entry.expiresAt <= now) this.beats.delete(id);
    return [...this.beats.values()].map((e) => e.beat);
  }
}
