import { createSigner, createVerifier } from 'fast-jwt';

export interface TokenClaims {
  sub: string;
}

/** Bearer tokens: HS256 JWTs signed with a key derived from SECRET_KEY. */
export class TokenService {
  private readonly sign: (claims: TokenClaims) => string;
  private readonly verify: (token: string) => TokenClaims;

  constructor(key: Buffer, ttl: string) {
    this.sign = createSigner({ key, algorithm: 'HS256', expiresIn: ttlToMs(ttl), iss: 'kaspi-demper' }) as (c: TokenClaims) => string;
    this.verify = createVerifier({ key, algorithms: ['HS256'], allowedIss: 'kaspi-demper' }) as (t: string) => TokenClaims;
  }

  issue(userId: string): string {
    return this.sign({ sub: userId });
  }

  /** The user id, or undefined for a token that is malformed, forged or expired. */
  userIdOf(token: string): string | undefined {
    try {
      const claims = this.verify(token);
      return typeof claims.sub === 'string' ? claims.sub : undefined;
    } catch {
      return undefined;
    }
  }
}

function ttlToMs(ttl: string): number {
  const n = Number(ttl.slice(0, -1));
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[ttl.slice(-1) as 's' | 'm' | 'h' | 'd'];
  return n * unit;
}
