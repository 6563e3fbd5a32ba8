// The house rule "one module owns each table's writes", checked on the source: every INSERT, UPDATE
// or DELETE of a table (Drizzle's builders or raw SQL) sits in the folder of the module that owns it.
// Other modules change a table through its owner's services; reads may join any table.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { getTableName, isTable } from 'drizzle-orm';
import * as schema from '../../src/infra/db/schema.ts';

/** Table -> the module (folder under src/modules/) that alone writes it. The README's diagram lists the same. */
const owners: Record<string, string> = {
  users: 'users',
  user_sessions: 'users',
  jobs: 'jobs',
  kaspi_stores: 'stores',
  kaspi_pending_logins: 'kaspi-auth',
  products: 'products',
  price_history: 'products',
  preorders: 'preorders',
  store_demper_settings: 'repricer',
  demper_stats: 'repricer',
  price_proposals: 'repricer',
  store_feeds: 'feed',
  store_feed_pulls: 'feed',
  admin_audit_log: 'admin',
  notification_settings: 'notifications',
  telegram_chats: 'notifications',
  telegram_link_codes: 'notifications',
  notification_webhooks: 'notifications',
  notification_alerts: 'notifications',
  notification_deliveries: 'notifications',
};

const root = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Schema export name -> SQL table name (`kaspiStores` -> `kaspi_stores`). */
const tablesByExport = new Map(Object.entries(schema).flatMap(([name, value]) => (isTable(value) ? [[name, getTableName(value)] as const] : [])));

/** Every table a file writes, by Drizzle builder (`.update(products)`) or raw SQL (`update products set`). */
export function writtenTables(source: string): Set<string> {
  const written = new Set<string>();
  for (const m of source.matchAll(/\.(?:insert|update|delete)\(\s*([A-Za-z]+)\s*\)/g)) {
    const table = tablesByExport.get(m[1]!);
    if (table) written.add(table);
  }
  for (const m of source.matchAll(/\b(?:insert\s+into|update|delete\s+from)\s+"?([a-z_]+)"?\s+(?:set|values|where|as|\w+\s+set|\()/gi)) {
    if (Object.hasOwn(owners, m[1]!.toLowerCase())) written.add(m[1]!.toLowerCase());
  }
  return written;
}

describe('table ownership', () => {
  test('every table of the schema has an owner', () => {
    assert.deepEqual([...tablesByExport.values()].sort(), Object.keys(owners).sort());
  });

  test('the check sees both kinds of write', () => {
    assert.deepEqual([...writtenTables('await tx.update(products).set({ price })')], ['products']);
    assert.deepEqual([...writtenTables('sql`update products set claimed_until = now()`')], ['products']);
    assert.deepEqual([...writtenTables('sql`update products p set next_check_at = null`')], ['products']);
    assert.deepEqual([...writtenTables('db.insert(priceHistory).values(rows)')], ['price_history']);
    assert.deepEqual([...writtenTables('db.select().from(products)')], []);
  });

  test('only the owning module writes a table', () => {
    const misplaced: string[] = [];
    for (const file of sourceFiles(path.join(root, 'src'))) {
      const relative = path.relative(path.join(root, 'src'), file);
      const module = /^modules\/([^/]+)\//.exec(relative)?.[1];
      for (const table of writtenTables(fs.readFileSync(file, 'utf8'))) {
        if (owners[table] !== module) misplaced.push(`src/${relative} writes ${table}, owned by modules/${owners[table]}`);
      }
    }
    assert.deepEqual(misplaced, []);
  });
});
