import path from 'node:path';
import { Type } from 'typebox';
import { msFromSeconds, section, variable } from './define.ts';

export const storage = section('Storage', {
  databaseUrl: variable(
    'DATABASE_URL',
    Type.Optional(
      Type.String({
        pattern: '^postgres(ql)?://',
        description: 'PostgreSQL 15, e.g. postgres://postgres:postgres@127.0.0.1:5432/kaspi_demper (then SECRET_KEY is required). Unset: embedded PGlite in DATA_DIR.',
      }),
    ),
  ),
  databasePoolSize: variable('DATABASE_POOL_SIZE', Type.Integer({ minimum: 1, maximum: 200, default: 10, description: 'PostgreSQL connections per process.' })),
  databaseStatementTimeoutMs: variable(
    'DATABASE_STATEMENT_TIMEOUT_SECONDS',
    Type.Integer({
      minimum: 1,
      maximum: 3600,
      default: 30,
      description: 'PostgreSQL cancels a statement running longer (statement_timeout; migrations are exempt); the request answers 503.',
    }),
    { to: msFromSeconds },
  ),
  migrateOnStart: variable(
    'MIGRATE_ON_START',
    Type.Boolean({
      default: true,
      description: 'Apply migrations when a process starts (under an advisory lock, so many processes may start at once).',
    }),
  ),
  dataDir: variable('DATA_DIR', Type.String({ default: './.data', description: 'The embedded database and the generated secret key live here.' }), { to: (dir) => path.resolve(dir) }),
});
