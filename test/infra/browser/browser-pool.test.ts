import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BrowserPool, BrowserPoolBusyError } from '../../../src/infra/browser/browser-pool.ts';
import { memoryOf, processTree } from '../../../src/infra/browser/process-memory.ts';

const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('browser pool', () => {
  test('bounded: logins queue for a browser, which is reused, then recycled after maxUses', async () => {
    const pool = new BrowserPool({ executablePath: chromiumPath, size: 1, maxUses: 3 });
    try {
      let inside = 0;
      let max = 0;
      const use = () =>
        pool.withContext(async (context) => {
          inside++;
          max = Math.max(max, inside);
          const page = await context.newPage();
          await page.setContent('<p>hi</p>');
          await sleep(20);
          inside--;
          return page.textContent('p');
        });
      const results = await Promise.all([use(), use(), use()]);
      assert.deepEqual(results, ['hi', 'hi', 'hi']);
      assert.equal(max, 1, 'never more than the pool size at once');
      assert.equal(pool.stats().launches, 1, 'one browser served three logins');
      await use();
      assert.equal(pool.stats().launches, 2, 'recycled after 3 uses');
      const pids = await processTree(pool.processMarker);
      assert.ok(pids.length >= 1);
      assert.ok((await memoryOf(pids)).pss > 10 * 1024 * 1024, 'the browser is running and measurable');
    } finally {
      await pool.close();
    }
    assert.equal((await processTree(pool.processMarker)).length, 0, 'closing the pool ends its browsers');
  });

  test('renewals go before waiting logins; logins past maxWaitingLogins are refused at once', async () => {
    const pool = new BrowserPool({ executablePath: chromiumPath, size: 1, maxUses: 10, maxWaitingLogins: 1 });
    try {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const order: string[] = [];
      const use = (name: string, priority: 'renewal' | 'login', wait?: Promise<void>) =>
        pool.withContext(
          async () => {
            order.push(name);
            await wait;
          },
          { priority },
        );
      const running = use('first login', 'login', gate);
      await sleep(100);
      const waitingLogin = use('waiting login', 'login');
      await sleep(20);
      await assert.rejects(use('one too many', 'login'), (err: unknown) => err instanceof BrowserPoolBusyError && err.retryInMs > 0);
      const renewals = [use('renewal 1', 'renewal'), use('renewal 2', 'renewal')];
      assert.equal(pool.stats().waiting, 3, 'renewals are never refused');
      assert.equal(pool.stats().waitingLogins, 1);
      release();
      await Promise.all([running, waitingLogin, ...renewals]);
      assert.deepEqual(order, ['first login', 'renewal 1', 'renewal 2', 'waiting login']);
    } finally {
      await pool.close();
    }
  });

  test('contexts are fresh per use: no cookies leak from one login to the next', async () => {
    const pool = new BrowserPool({ executablePath: chromiumPath, size: 1, maxUses: 10 });
    try {
      await pool.withContext(async (context) => {
        await context.addCookies([{ name: 'mc-session', value: 'secret', domain: 'example.kz', path: '/' }]);
      });
      const cookies = await pool.withContext((context) => context.cookies());
      assert.deepEqual(cookies, []);
      const restored = await pool.withContext((context) => context.cookies(), {
        storageState: { cookies: [{ name: 'a', value: 'b', domain: 'example.kz', path: '/', expires: -1, httpOnly: false, secure: false, sameSite: 'Lax' }], origins: [] },
      });
      assert.deepEqual(
        restored.map((c) => c.name),
        ['a'],
      );
    } finally {
      await pool.close();
    }
  });

  test('a crashed browser fails only its own login; the slot relaunches', async () => {
    const pool = new BrowserPool({ executablePath: chromiumPath, size: 2, maxUses: 10 });
    try {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const work = () =>
        pool.withContext(async (context) => {
          const page = await context.newPage();
          await gate;
          await page.setContent('<p>alive</p>');
          return page.textContent('p');
        });
      // Slots are taken from the end of the free list: the first login runs in slot 1, the second in slot 0.
      const survivor = work();
      // Settled into a value at once, so its failure is never an unhandled rejection.
      const victim = work().then(
        (v) => v,
        (err: unknown) => err,
      );
      await sleep(300);
      const [root] = await processTree(`${pool.processMarker}-0`);
      assert.ok(root, 'slot 0 has a browser');
      process.kill(root!, 'SIGKILL');
      await sleep(300);
      release();
      assert.equal(await survivor, 'alive');
      assert.ok((await victim) instanceof Error, 'the login in the killed browser fails');
      // Both slots at once: the dead one relaunches, the live one is reused.
      const again = () =>
        pool.withContext(async (context) => {
          const page = await context.newPage();
          await page.setContent('<p>again</p>');
          return page.textContent('p');
        });
      assert.deepEqual(await Promise.all([again(), again()]), ['again', 'again']);
      assert.equal(pool.stats().launches, 3);
    } finally {
      await pool.close();
    }
  });

  test('a use that never finishes is abandoned after useTimeoutMs: its browser is killed, the slot relaunches', async () => {
    // The limit covers every use, the relaunch of the second one included: on a loaded CI machine a
    // Chromium start alone has taken over 4 s.
    const pool = new BrowserPool({ executablePath: chromiumPath, size: 1, maxUses: 10, useTimeoutMs: 12_000 });
    try {
      const stuck = pool.withContext(async (context) => {
        await context.newPage();
        await new Promise(() => {}); // a Playwright call that never comes back
      });
      await assert.rejects(stuck, /did not finish within 12000 ms/);
      assert.equal((await processTree(pool.processMarker)).length, 0, 'the stuck browser was closed');
      const again = await pool.withContext(async (context) => {
        const page = await context.newPage();
        await page.setContent('<p>fresh</p>');
        return page.textContent('p');
      });
      assert.equal(again, 'fresh');
      assert.equal(pool.stats().launches, 2, 'a new browser for the next use');
    } finally {
      await pool.close();
    }
  });
});
