import crypto from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server the suite runs on (scripts/test.mjs starts it and migrates the template). */
export const adminUrl = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const template = process.env['TEST_TEMPLATE_DATABASE'] ?? 'kaspi_test_template';
const prefix = process.env['TEST_DATABASE_PREFIX'] ?? `kaspi_t${process.pid}_`;

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A database of its own for one test file, cloned from the migrated template in milliseconds. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `${prefix}${crypto.randomBytes(6).toString('hex')}`;
  // CREATE DATABASE ... TEMPLATE fails if another session is connected to the template at that
  // moment (two files cloning at once); a short retry covers it.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin((c) => c.query(`create database "${name}" template "${template}"`));
      break;
    } catch (err) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => admin((c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => {}),
  };
}
