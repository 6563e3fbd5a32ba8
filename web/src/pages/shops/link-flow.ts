/** A Kaspi account's phone as the API takes it: 7XXXXXXXXXX. A leading 8 (how many write it locally) becomes 7. */
export function normalizePhone(input: string): string | null {
  const digits = input.replace(/[^\d]/g, '');
  if (digits.length === 11 && (digits.startsWith('7') || digits.startsWith('8'))) return `7${digits.slice(1)}`;
  if (digits.length === 10 && digits.startsWith('7')) return `7${digits}`;
  return null;
}

/** The SMS code: 4 to 8 digits; spaces the seller typed are dropped. */
export function normalizeSmsCode(input: string): string | null {
  const code = input.replace(/\s/g, '');
  return /^\d{4,8}$/.test(code) ? code : null;
}

export function looksLikeEmail(input: string): boolean {
  return /^[^\s@]+@[^\s@]+$/.test(input.trim());
}

export interface LinkedStore {
  store_id: string;
  merchant_id: string;
  name: string;
}

/** Where the link dialog is: the first form (e-mail or phone), the SMS code, or done with every merchant linked. */
export type LinkStep = { step: 'credentials' } | { step: 'sms'; sessionId: string; expiresAt: string; sentTo: string } | { step: 'done'; stores: LinkedStore[] };

/** The next step from what authenticate / sms_start / sms_verify answered. */
export function nextStep(answer: { success: boolean; session_id?: string; expires_at?: string; stores?: LinkedStore[] }, sentTo: string): LinkStep {
  if (answer.success) return { step: 'done', stores: answer.stores ?? [] };
  if (answer.session_id && answer.expires_at) return { step: 'sms', sessionId: answer.session_id, expiresAt: answer.expires_at, sentTo };
  return { step: 'credentials' };
}
