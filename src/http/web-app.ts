import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Paths the service answers itself; everything else under GET is a page of the web app. */
const serviceRoutes = /^\/(api|docs|health|metrics|openapi\.json)(\/|$)/;

/**
 * The app may load only what it serves itself and talk only to its own origin; Mantine sets inline
 * styles, so styles may be inline, scripts may not.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function pageHeaders(reply: FastifyReply): FastifyReply {
  return reply.header('content-security-policy', contentSecurityPolicy).header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin').header('x-frame-options', 'DENY');
}

/**
 * Serves the built web app (web/dist) at `/`: hashed assets cached for a year, index.html never cached,
 * and every other GET that is not the API's answered with index.html so the app's own routes
 * (/products/123) load on a refresh. Returns the fallback for the not-found handler, or null when there
 * is no build to serve.
 */
export async function registerWebApp(app: FastifyInstance, distDir: string): Promise<((request: FastifyRequest, reply: FastifyReply) => boolean) | null> {
  const indexFile = path.join(distDir, 'index.html');
  if (!fs.existsSync(indexFile)) return null;
  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    // Routes for the files present at start (the build does not change under a running process), so an
    // unknown path falls to the not-found handler rather than to a catch-all route.
    wildcard: false,
    index: false,
    serveDotFiles: false,
    setHeaders(res, filePath) {
      const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
      res.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      res.header('x-content-type-options', 'nosniff');
    },
  });
  const sendIndex = (reply: FastifyReply) => pageHeaders(reply).header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html');
  app.get('/', { schema: { hide: true } }, (_request, reply) => sendIndex(reply));

  return (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    if ((request.method !== 'GET' && request.method !== 'HEAD') || serviceRoutes.test(pathname)) return false;
    if (path.extname(pathname) !== '') return false; // a missing asset is a 404, not a page
    void sendIndex(reply);
    return true;
  };
}
