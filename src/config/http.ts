import { Type } from 'typebox';
import { section, variable } from './define.ts';

export const http = section('HTTP', {
  env: variable('NODE_ENV', Type.String({ default: 'development', description: 'development, production or test.' })),
  host: variable('HOST', Type.String({ default: '0.0.0.0', description: 'Address the API listens on.' })),
  port: variable('PORT', Type.Integer({ minimum: 0, maximum: 65535, default: 8010, description: 'HTTP port.' })),
  trustProxy: variable('TRUST_PROXY', Type.Boolean({ default: false, description: 'Behind a reverse proxy: trust X-Forwarded-* for client IPs and absolute links.' })),
  logLevel: variable('LOG_LEVEL', Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info', description: 'pino log level.' })),
});
