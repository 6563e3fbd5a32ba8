import type { Redis } from 'ioredis';
import type { Heartbeat, HeartbeatStore } from './heartbeat-store.ts';

/** Production: one key per worker process, expiring `keepMs` after its last beat. */
export class RedisHeartbeatStore implements HeartbeatStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async put(beat: Heartbeat, keepMs: number): Promise<void> {
    await this.redis.set(this.key(beat.id), JSON.stringify(beat), 'PX', keepMs);
  }

  async remove(id: string): Promise<void> {
    await this.redis.del(this.key(id));
  }

  async list(): Promise<Heartbeat[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', this.key('*'), 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    if (!keys.length) return [];
    const values = await this.redis.mget(...keys);
    return values.flatMap((v) => {
      if (!v) return [];
      try {
        return [JSON.parse(v) as Heartbeat];
      } catch {
        return [];
      }
    });
  }

  private key(id: string): string {
    return `${this.prefix}:worker-heartbeat:${id}`;
  }
}
