import { Type } from 'typebox';
import { section, variable } from './define.ts';

export const http = section('HTTP', {
  env: variable('NODE_ENV', Type.String({ default: 'development', description: 'development, production or test.' })),
  host: variable('HOST', Type.String({ default: '0.0.0.0', description: 'Address the API listens on.' })),
  port: variable('PORT', Type.Integer({ minimum: 0, maximum: 65535, default: 8010, description: 'HTTP port.' })),
  publicUrl: variable(
    'PUBLIC_URL',
    Type.Optional(
      Type.String({
        pattern: '^https?://[^\\s/?#]+(/[^\\s?#]*)?$',
        maxLength: 500,
        description:
          'Where clients reach the API, e.g. https://demper.example.kz (a path prefix is kept): the base of absolute links such as the next/previous page of a list. ' +
          'Unset: http://localhost:PORT. Links never come from the Host header.',
      }),
    ),
    { to: (url, env) => (url ?? `http://localhost:${env['PORT'] ?? 8010}`).replace(/\/+$/, '') },
  ),
  trustProxy: variable('TRUST_PROXY', Type.Boolean({ default: false, description: 'Behind a reverse proxy: trust X-Forwarded-* for client IPs (links are built from PUBLIC_URL).' })),
  logLevel: variable('LOG_LEVEL', Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info', description: 'pino log level.' })),
});
