/** What the sign-in and sign-up forms check before asking the API (which checks again). */
export function emailProblem(email: string): 'emailInvalid' | null {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()) ? null : 'emailInvalid';
}

export function passwordProblem(password: string): 'passwordShort' | null {
  return password.length >= 8 ? null : 'passwordShort';
}
