import { openPostgres } from '../src/infra/db/database.ts';
import { type NewProduct, ProductsRepository } from '../src/modules/products/products.repository.ts';
import { RepricerSettingsRepository } from '../src/modules/repricer/repricer-settings.repository.ts';
import { StoresRepository } from '../src/modules/stores/stores.repository.ts';
import { UsersRepository } from '../src/modules/users/users.repository.ts';

export { freePort } from '../test/helpers/process.ts';

/** Polls `url` until it answers 2xx; the time this takes is part of what cold-start figures measure. */
export async function waitUntilOk(url: string, timeoutMs: number, intervalMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms`);
}

/**
 * The application's repositories on a benchmark database, for seeding: rows written the way the
 * service writes them, so a schema change breaks the benchmarks at typecheck, not at run time.
 */
export async function openSeedRepositories(databaseUrl: string) {
  const handle = await openPostgres(databaseUrl, { poolSize: 4 });
  return {
    users: new UsersRepository(handle.db),
    stores: new StoresRepository(handle.db),
    products: new ProductsRepository(handle.db),
    repricerSettings: new RepricerSettingsRepository(handle.db),
    close: () => handle.close(),
  };
}

export type SeedRepositories = Awaited<ReturnType<typeof openSeedRepositories>>;

/** Inserts `count` products built by `row(i)` (i from 0), `batch` rows per statement. */
export async function insertProducts(repos: SeedRepositories, count: number, row: (i: number) => NewProduct, batch = 2000): Promise<void> {
  for (let start = 0; start < count; start += batch) {
    const rows = Array.from({ length: Math.min(batch, count - start) }, (_, k) => row(start + k));
    await repos.products.insertMany(rows);
  }
}
