import { defineConfig } from 'drizzle-kit';

// One schema, one SQL migration folder: the same files migrate PostgreSQL and embedded PGlite.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/infra/db/schema.ts',
  out: './migrations',
});
