import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from '../accounts/accounts.ts';
import { parseCookieHeader, type Session } from '../accounts/sessions.ts';
import type { SimulatorState } from '../simulator-state.ts';

export interface McCaller {
  session: Session;
  account: Account;
}

/**
 * The cabinet API's gate, in Kaspi's order: no `x-auth-version: 3` or a malformed Cookie header is
 * 403; missing, unknown or expired session cookies are 401 (or, as a shape variant, a redirect to the
 * login page). Sends the refusal itself and returns null.
 */
export function mcCaller(sim: SimulatorState, req: FastifyRequest, reply: FastifyReply): McCaller | null {
  if (req.headers['x-auth-version'] !== '3') {
    req.sim.outcome = 'forbidden: no x-auth-version: 3';
    void reply.code(403).send({ error: 'Forbidden', status: 403 });
    return null;
  }
  const cookies = parseCookieHeader(req.headers.cookie);
  if (cookies === null) {
    req.sim.outcome = 'forbidden: malformed cookies';
    void reply.code(403).send({ error: 'Forbidden', status: 403 });
    return null;
  }
  const check = sim.sessions.check(cookies, sim.clock.now());
  const account = check.ok ? sim.accounts.get(check.session.email) : undefined;
  if (!check.ok || !account) {
    req.sim.outcome = `unauthorized: session ${check.ok ? 'account gone' : check.reason}`;
    if (req.sim.shapes.has('session-redirect')) {
      void reply.code(302).header('location', `${sim.urls.idmc}/login`).type('text/html; charset=utf-8').send('<html><body>Redirecting to login</body></html>');
    } else {
      void reply.code(401).send({ error: 'Unauthorized', status: 401 });
    }
    return null;
  }
  req.sim.account = account.email;
  return { session: check.session, account };
}

/** 403 unless the account may act for the merchant. */
export function ownsMerchant(caller: McCaller, uid: string, req: FastifyRequest, reply: FastifyReply): boolean {
  req.sim.merchant = uid || null;
  if (caller.account.merchants.includes(uid)) return true;
  req.sim.outcome = `forbidden: merchant ${uid} not on this account`;
  void reply.code(403).send({ error: 'Forbidden', message: 'No access to merchant', status: 403 });
  return false;
}
