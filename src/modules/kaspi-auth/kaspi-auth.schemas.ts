import { Type } from 'typebox';

export const AuthenticateBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$', description: 'Kaspi merchant cabinet login' }),
    password: Type.String({ minLength: 1, maxLength: 200, description: 'Kaspi password; stored encrypted to renew the session' }),
  },
  { additionalProperties: false },
);

export const SmsStartBody = Type.Object(
  { phone: Type.String({ maxLength: 40, pattern: '^\\+?7[\\s()-]*(\\d[\\s()-]*){10}$', description: 'Phone of the Kaspi account, 7XXXXXXXXXX' }) },
  { additionalProperties: false },
);

export const SmsVerifyBody = Type.Object(
  {
    session_id: Type.String({ format: 'uuid', description: 'From authenticate or sms_start' }),
    code: Type.String({ maxLength: 32, pattern: '^\\s*\\d{4,8}\\s*$', description: 'The code Kaspi sent by SMS' }),
  },
  { additionalProperties: false },
);

const LinkedStore = Type.Object({ store_id: Type.String({ format: 'uuid' }), merchant_id: Type.String(), name: Type.String() });

export const LinkSuccess = Type.Object({
  success: Type.Literal(true),
  store_id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  merchant_id: Type.String(),
  /** The store existed (this user had linked this merchant before) and was updated. */
  is_replaced: Type.Boolean(),
  /** Every merchant of the account, each linked as a store; the fields above describe the first. */
  stores: Type.Array(LinkedStore),
});

export const SmsRequired = Type.Object({
  success: Type.Literal(false),
  status: Type.Literal('sms_required'),
  session_id: Type.String({ format: 'uuid', description: 'Pass it to sms_verify with the code' }),
  expires_at: Type.String({ format: 'date-time' }),
});

export const AuthenticateResponse = Type.Union([LinkSuccess, SmsRequired]);

export const SessionStatus = Type.Object({
  /** From a call to the cabinet at `checked_at` (at most SESSION_STATUS_CACHE_SECONDS ago, unless Kaspi's budget for the merchant is busy). */
  is_valid: Type.Boolean(),
  checked_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** The session was found dead and its renewal is under way (it ends renewed or with needs_reauth and a reason). */
  renewing: Type.Boolean(),
  needs_reauth: Type.Boolean(),
  reason: Type.Union([Type.String(), Type.Null()]),
  last_login: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  kaspi_login: Type.Union([Type.String(), Type.Null()]),
});
