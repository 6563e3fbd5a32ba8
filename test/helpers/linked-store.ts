// A store linked to a simulator merchant without the browser login: the simulator issues a cabinet
// session directly and the store row gets it sealed, as a real login would leave it. For tests whose
// subject is what comes after linking (market data, prices); the login itself is tested elsewhere.
import crypto from 'node:crypto';
import type { RunningSimulator } from '../../sim/server.ts';
import { SecretBox } from '../../src/infra/crypto/secret-box.ts';
import type { StorePoint } from '../../src/infra/db/schema.ts';
import type { SessionCookie } from '../../src/kaspi/session-cookies.ts';
import { StoresRepository } from '../../src/modules/stores/stores.repository.ts';
import { createStore, type TestApp, type TestUser } from './app.ts';
import { PASSWORD } from './sim-worlds.ts';

export interface LinkedStore {
  storeId: string;
  merchantId: string;
  email: string;
}

/** KATO ids and names the simulator knows (kaspi-protocol.md 4.3). */
export const ALMATY = { id: '750000000', name: 'Алматы' };
export const ASTANA = { id: '710000000', name: 'Астана' };
export const SHYMKENT = { id: '511010000', name: 'Шымкент' };

/** Store points as a real link saves them, from the simulator merchant's points. */
export function storePoints(points: { name: string; city: { id: string; name: string }; enabled?: boolean }[]): StorePoint[] {
  return points.map((p) => ({ name: p.name, city_id: p.city.id, city_name: p.city.name, enabled: p.enabled ?? true }));
}

export async function linkStoreDirectly(t: TestApp, sim: RunningSimulator, user: TestUser, merchantId: string, points: StorePoint[]): Promise<LinkedStore> {
  const email = `direct-${crypto.randomBytes(4).toString('hex')}@example.kz`;
  sim.control.accounts.upsert({ email, password: PASSWORD, merchants: [merchantId] });
  const session = sim.control.sessions.create(email, sim.control.clock.now(), sim.control.settings.sessionTtlMs);
  const host = new URL(sim.urls.mc).hostname;
  const cookies: SessionCookie[] = [
    { name: 'mc-session', value: session.token, domain: host, path: '/', expires: -1 },
    { name: 'mc-sid', value: session.sid, domain: host, path: '/', expires: -1 },
  ];
  const secrets = new SecretBox(t.container.config.secretKey!);
  const store = await createStore(t.app, user, { merchant_id: merchantId, name: `Shop ${merchantId}` });
  await new StoresRepository(t.container.database.db).update(store.id, {
    sessionEncrypted: secrets.seal(JSON.stringify(cookies)),
    credentialsEncrypted: secrets.seal(JSON.stringify({ email, password: PASSWORD })),
    kaspiLogin: email,
    points,
    lastLogin: new Date(),
    kaspiVerifiedAt: new Date(),
  });
  return { storeId: store.id, merchantId, email };
}
