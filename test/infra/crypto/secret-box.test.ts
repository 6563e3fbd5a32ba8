import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PasswordHasher } from '../../../src/infra/crypto/passwords.ts';
import { SecretBox } from '../../../src/infra/crypto/secret-box.ts';

const KEY_A = 'key-a-0123456789abcdef0123456789abcdef';
const KEY_B = 'key-b-0123456789abcdef0123456789abcdef';

describe('SecretBox (secrets at rest)', () => {
  test('seals and opens; the same text seals differently every time', () => {
    const box = new SecretBox(KEY_A);
    const a = box.seal('kaspi password ü');
    const b = box.seal('kaspi password ü');
    assert.notEqual(a, b);
    assert.ok(!a.includes('kaspi'));
    assert.equal(box.open(a), 'kaspi password ü');
  });

  test('a tampered envelope or a wrong key is refused', () => {
    const sealed = new SecretBox(KEY_A).seal('cookie=1');
    const parts = sealed.split('.');
    parts[4] = Buffer.from('cookie=2').toString('base64url');
    assert.throws(() => new SecretBox(KEY_A).open(parts.join('.')));
    assert.throws(() => new SecretBox(KEY_B).open(sealed), /unknown key/);
    assert.throws(() => new SecretBox(KEY_A).open('plain text'), /Not a sealed secret/);
  });

  test('rotation: the new key opens secrets sealed with a previous key and tells which to reseal', () => {
    const old = new SecretBox(KEY_A).seal('token');
    const rotated = new SecretBox(KEY_B, [KEY_A]);
    assert.equal(rotated.open(old), 'token');
    assert.equal(rotated.needsReseal(old), true);
    assert.equal(rotated.needsReseal(rotated.seal('token')), false);
  });
});

describe('PasswordHasher', () => {
  test('verifies the right password only; parameters travel with the hash', async () => {
    const hasher = new PasswordHasher(12);
    const hash = await hasher.hash('s3cret pass');
    assert.match(hash, /^scrypt\$4096\$8\$1\$/);
    assert.equal(await hasher.verify('s3cret pass', hash), true);
    assert.equal(await hasher.verify('s3cret pasS', hash), false);
    assert.equal(await new PasswordHasher(13).verify('s3cret pass', hash), true, 'a cost change keeps old hashes valid');
    assert.equal(await hasher.verify('x', 'md5$abc'), false);
  });
});
