import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

const KEY_LENGTH = 32;
const MAX_MEMORY = 512 * 1024 * 1024;

/**
 * scrypt password hashes. The default cost is OWASP's baseline (N=2^17, r=8, p=1: 128 MiB, ~0.7 s
 * on a small VM). The parameters travel inside each hash, so the cost can be raised later (or
 * lowered for a test suite) without invalidating stored hashes.
 */
export class PasswordHasher {
  private dummy: Promise<string> | undefined;

  constructor(private readonly logN = 17) {}

  async hash(password: string): Promise<string> {
    const salt = crypto.randomBytes(16);
    const N = 2 ** this.logN;
    const hash = await scrypt(password, salt, KEY_LENGTH, { N, r: 8, p: 1, maxmem: MAX_MEMORY });
    return `scrypt$${N}$8$1$${salt.toString('base64url')}$${hash.toString('base64url')}`;
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, n, r, p, salt, hash] = stored.split('$');
    if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
    const expected = Buffer.from(hash, 'base64url');
    const actual = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
      N: Number(n),
      r: Number(r),
      p: Number(p),
      maxmem: MAX_MEMORY,
    });
    return crypto.timingSafeEqual(actual, expected);
  }

  /** Spent on logins for unknown emails, so response time does not reveal which emails exist. */
  dummyHash(): Promise<string> {
    this.dummy ??= this.hash(crypto.randomBytes(16).toString('hex'));
    return this.dummy;
  }
}
