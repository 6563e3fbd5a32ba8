import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cookieHeaderFor, type SessionCookie } from '../../src/kaspi/session-cookies.ts';

const cookie = (name: string, domain: string, extra: Partial<SessionCookie> = {}): SessionCookie => ({ name, value: `v-${name}`, domain, path: '/', expires: -1, ...extra });

describe('cookieHeaderFor', () => {
  const now = Date.UTC(2026, 0, 1);
  const jar = [
    cookie('mc-session', 'mc.shop.kaspi.kz', { secure: true }),
    cookie('mc-sid', '.kaspi.kz'),
    cookie('idmc-flow', 'idmc.shop.kaspi.kz'),
    cookie('old', '.kaspi.kz', { expires: now / 1000 - 1 }),
    cookie('deep', 'mc.shop.kaspi.kz', { path: '/bff' }),
  ];

  test('sends what a browser would: matching domain and path, unexpired, name=value; name=value', () => {
    assert.equal(cookieHeaderFor(jar, 'https://mc.shop.kaspi.kz/s/m', now), 'mc-session=v-mc-session; mc-sid=v-mc-sid');
    assert.equal(cookieHeaderFor(jar, 'https://mc.shop.kaspi.kz/bff/offer-view/list?m=1', now), 'deep=v-deep; mc-session=v-mc-session; mc-sid=v-mc-sid');
    assert.equal(cookieHeaderFor(jar, 'https://mc.shop.kaspi.kz/bffx', now), 'mc-session=v-mc-session; mc-sid=v-mc-sid');
  });

  test('secure cookies stay off plain http; host-only cookies stay on their host', () => {
    assert.equal(cookieHeaderFor(jar, 'http://mc.shop.kaspi.kz/s/m', now), 'mc-sid=v-mc-sid');
    assert.equal(cookieHeaderFor([cookie('a', '127.0.0.1')], 'http://127.0.0.1:4000/s/m', now), 'a=v-a');
    assert.equal(cookieHeaderFor([cookie('a', 'shop.kaspi.kz')], 'https://mc.shop.kaspi.kz/', now), '');
  });

  test('drops cookies that would break the header format', () => {
    assert.equal(cookieHeaderFor([cookie('bad name', 'x.kz'), { ...cookie('b', 'x.kz'), value: 'a;b' }, cookie('ok', 'x.kz')], 'https://x.kz/', now), 'ok=v-ok');
  });
});
