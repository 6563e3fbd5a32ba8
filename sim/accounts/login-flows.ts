import { randomBytes } from 'node:crypto';

/**
 * Half-done logins live on the server, keyed by a flow id the page carries, so a login can wait
 * minutes for its SMS code (the client may even restart in between) and still be finished.
 */
export interface LoginFlow {
  id: string;
  email: string;
  stage: 'password' | 'sms' | 'phone-code' | 'done';
  createdAt: number;
  /** The OAuth state the cabinet will see in the redirect. */
  state: string;
}

export interface AuthCode {
  code: string;
  email: string;
  createdAt: number;
}

export class LoginFlows {
  private readonly flows = new Map<string, LoginFlow>();
  private readonly codes = new Map<string, AuthCode>();

  constructor(private readonly flowTtlMs: number) {}

  start(email: string, stage: LoginFlow['stage'], now: number): LoginFlow {
    const flow = { id: randomBytes(12).toString('hex'), email, stage, createdAt: now, state: randomBytes(8).toString('hex') };
    this.flows.set(flow.id, flow);
    return flow;
  }

  get(id: string, now: number): LoginFlow | undefined {
    const flow = this.flows.get(id);
    if (!flow || now - flow.createdAt > this.flowTtlMs) return undefined;
    return flow;
  }

  /** Finishes a flow with a one-use authorization code for the cabinet's OAuth callback. */
  finish(flow: LoginFlow, now: number): AuthCode {
    flow.stage = 'done';
    this.flows.delete(flow.id);
    const code = { code: randomBytes(16).toString('hex'), email: flow.email, createdAt: now };
    this.codes.set(code.code, code);
    return code;
  }

  /** Redeems a code once; codes older than 5 simulated minutes are void. */
  redeem(code: string, now: number): AuthCode | undefined {
    const found = this.codes.get(code);
    if (!found) return undefined;
    this.codes.delete(code);
    if (now - found.createdAt > 5 * 60_000) return undefined;
    return found;
  }

  clear(): void {
    this.flows.clear();
    this.codes.clear();
  }
}
