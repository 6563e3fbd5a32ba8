import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Account } from '../accounts/accounts.ts';
import type { LoginFlow } from '../accounts/login-flows.ts';
import { parseCookieHeader } from '../accounts/sessions.ts';
import type { SimulatorState } from '../simulator-state.ts';
import { loginPage } from './html-pages.ts';

const BAD_CREDENTIALS = 'Неверный логин или пароль';
const LOCKED = 'Учетная запись заблокирована. Обратитесь в службу поддержки';
const WRONG_CODE = 'Неверный код';
const FLOW_EXPIRED = 'Время ожидания кода истекло, начните вход заново';
const UNKNOWN_PHONE = 'Пользователь с таким номером не найден';

type AuthAnswer = { next: string; flowId?: string; url?: string } | { error: string } | { fieldError: string };

/** The identity provider: the login page and the JSON steps it calls. */
export function registerIdmcRoutes(app: FastifyInstance, sim: SimulatorState): void {
  const page = loginPage();
  // Like an OAuth identity provider's auth-session cookie: a browser that comes back to /login with
  // it (the same browser later, or another one given its cookies) sees the code step again.
  app.get('/login', { config: { simRoute: 'idmc.login-page' } }, async (req, reply) => {
    // An expired flow still goes to the page, which then says that the code's time is up.
    const flowId = parseCookieHeader(req.headers.cookie)?.get(FLOW_COOKIE);
    return reply.type('text/html; charset=utf-8').send(flowId && /^[0-9a-f]{24}$/.test(flowId) ? loginPage(flowId) : page);
  });

  const step = { config: { simRoute: 'idmc.auth' } };

  // The e-mail step reveals nothing about the account (so does Kaspi): it always asks for the password.
  app.post<{ Body: { email?: string } }>('/auth/v1/email', step, async (req) => {
    req.sim.account = String(req.body?.email ?? '').toLowerCase() || null;
    return { next: 'password' } satisfies AuthAnswer;
  });

  app.post<{ Body: { email?: string; password?: string } }>('/auth/v1/password', step, async (req, reply): Promise<AuthAnswer> => {
    const account = sim.accounts.get(String(req.body?.email ?? ''));
    req.sim.account = account?.email ?? null;
    if (!account || account.password !== req.body?.password) return outcome(req, { error: BAD_CREDENTIALS });
    if (account.locked) return outcome(req, { error: LOCKED });
    const now = sim.clock.now();
    if (account.smsRequired) {
      sim.accounts.sendSms(account, now);
      return outcome(req, { next: 'sms', flowId: rememberFlow(reply, sim.flows.start(account.email, 'sms', now)) });
    }
    return outcome(req, finish(sim, sim.flows.start(account.email, 'password', now)));
  });

  app.post<{ Body: { flowId?: string; code?: string } }>('/auth/v1/sms', step, async (req, reply): Promise<AuthAnswer> => verifyCode(sim, req, reply, 'sms'));

  app.post<{ Body: { phone?: string } }>('/auth/v1/phone', step, async (req, reply): Promise<AuthAnswer> => {
    const phone = String(req.body?.phone ?? '');
    if (!/^7\d{10}$/.test(phone.replace(/\D/g, ''))) return outcome(req, { fieldError: 'Введите номер в формате 7XXXXXXXXXX' });
    const account: Account | undefined = sim.accounts.byPhone(phone);
    req.sim.account = account?.email ?? null;
    if (!account) return outcome(req, { error: UNKNOWN_PHONE });
    if (account.locked) return outcome(req, { error: LOCKED });
    const now = sim.clock.now();
    sim.accounts.sendSms(account, now);
    return outcome(req, { next: 'phone-code', flowId: rememberFlow(reply, sim.flows.start(account.email, 'phone-code', now)) });
  });

  app.post<{ Body: { flowId?: string; code?: string } }>('/auth/v1/phone/verify', step, async (req, reply): Promise<AuthAnswer> => verifyCode(sim, req, reply, 'phone-code'));

  // Lets a page opened with ?flow=<id> resume at the code step (a restarted client can finish a login).
  app.get<{ Params: { id: string } }>('/auth/v1/flow/:id', step, async (req) => {
    const flow = sim.flows.get(req.params.id, sim.clock.now());
    if (!flow || (flow.stage !== 'sms' && flow.stage !== 'phone-code')) return { error: FLOW_EXPIRED };
    req.sim.account = flow.email;
    return { stage: flow.stage, phone: sim.accounts.get(flow.email)?.phone ?? '' };
  });
}

const FLOW_COOKIE = 'idmc-flow';

function rememberFlow(reply: FastifyReply, flow: LoginFlow): string {
  void reply.header('set-cookie', `${FLOW_COOKIE}=${flow.id}; Path=/; HttpOnly; SameSite=Lax`);
  return flow.id;
}

function verifyCode(
  sim: SimulatorState,
  req: { body: { flowId?: string; code?: string }; sim: { account: string | null; outcome: string } },
  reply: FastifyReply,
  stage: LoginFlow['stage'],
): AuthAnswer {
  const flow = sim.flows.get(String(req.body?.flowId ?? ''), sim.clock.now());
  if (!flow || flow.stage !== stage) return outcome(req, { error: FLOW_EXPIRED });
  req.sim.account = flow.email;
  const sent = sim.accounts.lastSms(flow.email);
  if (!sent || String(req.body?.code ?? '').trim() !== sent.code) return outcome(req, { fieldError: WRONG_CODE });
  void reply.header('set-cookie', `${FLOW_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`);
  return outcome(req, finish(sim, flow));
}

function finish(sim: SimulatorState, flow: LoginFlow): AuthAnswer {
  const code = sim.flows.finish(flow, sim.clock.now());
  const url = `${sim.urls.mc}/login/oauth2/code/idmc?code=${code.code}&state=${flow.state}`;
  return { next: 'redirect', url };
}

function outcome(req: { sim: { outcome: string } }, answer: AuthAnswer): AuthAnswer {
  req.sim.outcome = 'error' in answer ? `error: ${answer.error}` : 'fieldError' in answer ? `field error: ${answer.fieldError}` : `next: ${answer.next}`;
  return answer;
}
