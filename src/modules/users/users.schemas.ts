import { Type } from 'typebox';

const Email = Type.String({ format: 'email', maxLength: 254 });

export const RegisterBody = Type.Object(
  {
    email: Email,
    password: Type.String({ minLength: 8, maxLength: 256, description: 'At least 8 characters' }),
  },
  { additionalProperties: false },
);

export const LoginBody = Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false });

export const RegisterResponse = Type.Object({ id: Type.String(), email: Type.String(), token: Type.String() });
export const LoginResponse = Type.Object({ token: Type.String() });
export const MeResponse = Type.Object({
  id: Type.String(),
  email: Type.String(),
  is_admin: Type.Boolean(),
  created_at: Type.String({ format: 'date-time' }),
});
