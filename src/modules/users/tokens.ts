import { createSigner, createVerifier } from 'fast-jwt';

interface TokenClaims {
  sub: string;
  /** The user's token version when the token was issued; tokens from before versions existed carry none (0). */
  ver?: number;
}

/** Whose token it is, and the token version it was issued under. */
export interface TokenSubject {
  userId: string;
  version: number;
}

/**
 * Bearer tokens: HS256 JWTs signed with a key derived from SECRET_KEY. Each carries the user's token
 * version; the users service accepts it only while the version is still the user's, so bumping the
 * version revokes every token issued before.
 */
export class TokenService {
  private readonly sign: (claims: TokenClaims) => string;
  private readonly verify: (token: string) => TokenClaims;

  constructor(key: Buffer, ttl: string) {
    this.sign = createSigner({ key, algorithm: 'HS256', expiresIn: ttlToMs(ttl), iss: 'kaspi-demper' }) as (c: TokenClaims) => string;
    this.verify = createVerifier({ key, algorithms: ['HS256'], allowedIss: 'kaspi-demper' }) as (t: string) => TokenClaims;
  }

  issue(userId: string, version: number): string {
    return this.sign({ sub: userId, ver: version });
  }

  /** Who the token names, or undefined for a token that is malformed, forged or expired. */
  subjectOf(token: string): TokenSubject | undefined {
    try {
      const claims = this.verify(token);
      if (typeof claims.sub !== 'string') return undefined;
      const version = claims.ver ?? 0;
      return Number.isInteger(version) ? { userId: claims.sub, version } : undefined;
    } catch {
      return undefined;
    }
  }
}

/** `7d` -> milliseconds (TOKEN_TTL's format). */
export function ttlToMs(ttl: string): number {
  const n = Number(ttl.slice(0, -1));
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[ttl.slice(-1) as 's' | 'm' | 'h' | 'd'];
  return n * unit;
}
