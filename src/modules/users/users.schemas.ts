import { Type } from 'typebox';
import { userLanguages } from '../../infra/db/schema.ts';

const Email = Type.String({ format: 'email', maxLength: 254 });

const NewPassword = Type.String({ minLength: 8, maxLength: 256, description: 'At least 8 characters' });

export const RegisterBody = Type.Object({ email: Email, password: NewPassword }, { additionalProperties: false });

export const LoginBody = Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false });

/** The same for a new account and for an email that already has one, so register does not tell which. */
export const RegisterResponse = Type.Object({ detail: Type.String() });
export const PasswordChangeBody = Type.Object({ current_password: Type.String({ minLength: 1, maxLength: 256 }), new_password: NewPassword }, { additionalProperties: false });
export const LoginResponse = Type.Object({ token: Type.String() });
const Language = Type.Enum(userLanguages, { description: 'The language of the web app: ru (default), kk or en.' });

export const MeResponse = Type.Object({
  id: Type.String(),
  email: Type.String(),
  is_admin: Type.Boolean(),
  language: Language,
  created_at: Type.String({ format: 'date-time' }),
});

export const MeUpdateBody = Type.Object({ language: Language }, { additionalProperties: false });

export const SessionResponse = Type.Object({
  user: MeResponse,
  csrf_token: Type.String({ description: 'Send it in the X-CSRF-Token header of every POST, PUT, PATCH and DELETE of this session.' }),
});
