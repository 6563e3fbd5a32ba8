import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { bearerSecurity } from '../../http/authenticate.ts';

/** Server-Sent Events of the caller's own shops: price moves, job progress, shop changes. */
export const eventsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const open = new Set<ServerResponse>();
  // Streams never end on their own: they are ended before the server closes, or app.close() would wait on them.
  app.addHook('preClose', async () => {
    for (const stream of open) stream.end();
    open.clear();
  });

  app.get(
    '/events/',
    {
      schema: {
        tags: ['events'],
        security: bearerSecurity,
        summary: 'Live events (Server-Sent Events) of your shops',
        description:
          "A `text/event-stream` of the caller's own events, each with JSON data: " +
          '`price_change` {id, store_id, product_id, product_name, city_id, old_price, new_price, source, reason, status, at} when a price change is recorded or its status changes; ' +
          '`job` {id, type, state, progress, store_id, result, error, updated_at} on every job state or progress change; ' +
          '`store` {store_id, reason} when something the shop page shows changed (reason: session, sync_finished, demper), so the client refetches the shop. ' +
          'A comment line every EVENTS_HEARTBEAT_SECONDS (15 s) keeps the connection alive; the first line, `: ready`, says events from then on will arrive. ' +
          'Events are not replayed: after a reconnect, refetch what the page shows.',
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      const res = reply.raw;
      reply.hijack();
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // nginx and the like would buffer the stream otherwise.
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      open.add(res);
      // A client gone between two events: nothing more is written (a write to a destroyed socket would throw).
      const write = (text: string) => {
        if (!res.writableEnded && !res.destroyed) res.write(text);
      };
      const unsubscribe = await app.services.liveEvents.follow(request.actor, ({ type, data }) => write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`));
      // A comment line now and then keeps proxies and browsers from taking a quiet stream for a dead one.
      const heartbeat = setInterval(() => write(': heartbeat\n\n'), app.appConfig.eventsHeartbeatMs);
      const done = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
      };
      res.once('close', done);
      res.on('error', (err) => request.log.debug({ err }, 'live events stream failed'));
      if (res.destroyed) return done();
      write(': ready\n\n');
    },
  );
};
