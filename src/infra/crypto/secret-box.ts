import crypto from 'node:crypto';

/**
 * Secrets at rest (Kaspi passwords, session cookies, API tokens): AES-256-GCM envelopes.
 *
 * Envelope: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts). The key id names the key that
 * sealed it, so keys can rotate: seal with the current key, open with any key still configured,
 * and `needsReseal` tells which rows to rewrite.
 */
export class SecretBox {
  private readonly current: { id: string; key: Buffer };
  private readonly byId = new Map<string, Buffer>();

  constructor(currentSecret: string, previousSecrets: string[] = []) {
    this.current = deriveKey(currentSecret);
    for (const secret of [currentSecret, ...previousSecrets]) {
      const { id, key } = deriveKey(secret);
      this.byId.set(id, key);
    }
  }

  seal(plainText: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.current.key, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return ['v1', this.current.id, b64(iv), b64(tag), b64(body)].join('.');
  }

  open(envelope: string): string {
    const [version, keyId, iv, tag, body] = envelope.split('.');
    if (version !== 'v1' || !keyId || !iv || !tag || body === undefined) {
      throw new Error('Not a sealed secret');
    }
    const key = this.byId.get(keyId);
    if (!key) throw new Error(`Secret sealed with an unknown key (${keyId}); is SECRET_KEY_PREVIOUS set?`);
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  needsReseal(envelope: string): boolean {
    return envelope.split('.')[1] !== this.current.id;
  }

  /** A sub-key for another purpose (token signing), so one configured secret serves all. */
  deriveSubkey(purpose: string): Buffer {
    return Buffer.from(crypto.hkdfSync('sha256', this.current.key, Buffer.alloc(0), purpose, 32));
  }
}

function deriveKey(secret: string): { id: string; key: Buffer } {
  // The configured secret may be any string of 32+ characters; HKDF turns it into a 256-bit key.
  const key = Buffer.from(crypto.hkdfSync('sha256', secret, 'kaspi-demper', 'secrets-at-rest', 32));
  const id = crypto.createHash('sha256').update(key).digest('hex').slice(0, 8);
  return { id, key };
}

const b64 = (b: Buffer) => b.toString('base64url');
