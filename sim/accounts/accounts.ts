import type { Prng } from '../world/prng.ts';
import type { AccountSpec } from '../world/world-types.ts';

export interface Account extends AccountSpec {
  smsRequired: boolean;
  locked: boolean;
}

export interface SentSms {
  email: string;
  phone: string | null;
  code: string;
  at: number;
}

/** Cabinet accounts (login identities) and the SMS codes "sent" to them. */
export class Accounts {
  private readonly byEmail = new Map<string, Account>();
  private readonly sms = new Map<string, SentSms>();

  constructor(private readonly rng: Prng) {}

  upsert(spec: AccountSpec): Account {
    const account: Account = { ...spec, email: spec.email.toLowerCase(), smsRequired: spec.smsRequired ?? false, locked: spec.locked ?? false, merchants: [...spec.merchants] };
    this.byEmail.set(account.email, account);
    return account;
  }

  replaceAll(specs: AccountSpec[]): void {
    this.byEmail.clear();
    this.sms.clear();
    for (const s of specs) this.upsert(s);
  }

  get(email: string): Account | undefined {
    return this.byEmail.get(email.trim().toLowerCase());
  }

  byPhone(phone: string): Account | undefined {
    const digits = phone.replace(/\D/g, '');
    for (const a of this.byEmail.values()) if (a.phone && a.phone.replace(/\D/g, '') === digits) return a;
    return undefined;
  }

  list(): Account[] {
    return [...this.byEmail.values()];
  }

  /** "Sends" a code: the fixed one of the account, or a fresh seeded 6-digit one. */
  sendSms(account: Account, now: number): SentSms {
    const code = account.smsCode ?? String(this.rng.int(0, 999999)).padStart(6, '0');
    const sent = { email: account.email, phone: account.phone ?? null, code, at: now };
    this.sms.set(account.email, sent);
    return sent;
  }

  lastSms(emailOrPhone: string): SentSms | undefined {
    const account = this.get(emailOrPhone) ?? this.byPhone(emailOrPhone);
    return account ? this.sms.get(account.email) : undefined;
  }
}
