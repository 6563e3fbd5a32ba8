import crypto from 'node:crypto';
import { Semaphore } from 'async-mutex';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium } from 'playwright-core';
import { withTimeout } from '../with-timeout.ts';
import { processTree } from './process-memory.ts';

export interface BrowserPoolOptions {
  executablePath: string;
  /** Chromium processes at most; more logins wait for a free one. */
  size: number;
  /** Logins per Chromium before it is replaced (a long-lived browser grows and leaks). */
  maxUses: number;
  launchTimeoutMs?: number;
  /** Longest one use (a whole login) may hold a browser before it is abandoned and that browser killed. */
  useTimeoutMs?: number;
  /**
   * Uses of priority `login` that may wait for a browser; one more is refused at once with
   * BrowserPoolBusyError. Unset: no cap. Renewals are never refused.
   */
  maxWaitingLogins?: number;
}

/**
 * Who waits for a browser. Renewals keep every tenant's cabinet work running, so they go before any
 * waiting user login; a crowd of new logins can only queue behind them, up to a cap.
 */
export type PoolPriority = 'renewal' | 'login';

const SEMAPHORE_PRIORITY: Record<PoolPriority, number> = { renewal: 1, login: 0 };

/** A login could not even queue for a browser: too many are waiting. Come back after `retryInMs`. */
export class BrowserPoolBusyError extends Error {
  override name = 'BrowserPoolBusyError';
  constructor(readonly retryInMs: number) {
    super(`Too many logins are waiting for a browser; retry in ${Math.ceil(retryInMs / 1000)} s`);
  }
}

/** What one login is expected to hold a browser for, to tell a refused caller when to come back. */
const EXPECTED_USE_MS = 10_000;

export interface ContextOptions {
  /** Cookies and local storage to start from (a login resumed by another process). */
  storageState?: BrowserContextOptions['storageState'];
  proxy?: BrowserContextOptions['proxy'];
  /** Default `login`: capped by maxWaitingLogins, and served after every waiting renewal. */
  priority?: PoolPriority;
}

interface Slot {
  index: number;
  browser: Browser | undefined;
  uses: number;
}

const DEFAULT_USE_TIMEOUT_MS = 300_000;
const CLOSE_TIMEOUT_MS = 10_000;

// What the Debian chromium needs to run headless in a container, and nothing that phones home.
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * A bounded set of headless Chromiums. Each login gets a fresh context (its own cookies and storage)
 * in a browser that is reused, then recycled after `maxUses` logins or when it has crashed. A crash
 * takes down only the login running in that browser; the slot relaunches on its next use. Waiting
 * session renewals are served before waiting user logins, and the queue of user logins is capped.
 */
export class BrowserPool {
  private readonly free: Slot[];
  private readonly gate: Semaphore;
  private readonly marker = crypto.randomBytes(6).toString('hex');
  private waiting = 0;
  private waitingLogins = 0;
  private launches = 0;
  private closed = false;

  constructor(private readonly options: BrowserPoolOptions) {
    this.free = Array.from({ length: options.size }, (_, index) => ({ index, browser: undefined, uses: 0 }));
    this.gate = new Semaphore(options.size);
  }

  async withContext<T>(fn: (context: BrowserContext) => Promise<T>, options: ContextOptions = {}): Promise<T> {
    if (this.closed) throw new Error('Browser pool is closed');
    const priority = options.priority ?? 'login';
    const [, release] = await this.acquire(priority);
    const slot = this.free.pop()!;
    let broken = false;
    try {
      const browser = await this.browserOf(slot);
      // A Chromium that dies in the middle of a call can leave that Playwright call pending for ever
      // (seen: newPage while the process is killed), which would hold this slot and the caller's
      // request for good. So a use ends when its browser disconnects, or after useTimeoutMs at most.
      let onGone!: () => void;
      const gone = new Promise<never>((_, reject) => {
        onGone = () => reject(new Error('The browser closed while in use'));
        browser.once('disconnected', onGone);
      });
      const work = this.use(browser, fn, options);
      work.catch(() => {}); // still settles after a race was lost; nobody is waiting for it then
      const useTimeoutMs = this.options.useTimeoutMs ?? DEFAULT_USE_TIMEOUT_MS;
      try {
        return await withTimeout(Promise.race([work, gone]), useTimeoutMs, `The browser did not finish within ${useTimeoutMs} ms`);
      } catch (err) {
        broken = !browser.isConnected() || !(await hasSettled(work));
        throw err;
      } finally {
        browser.off('disconnected', onGone);
        slot.uses++;
      }
    } finally {
      if (slot.browser && (broken || slot.uses >= this.options.maxUses || !slot.browser.isConnected() || this.closed)) await this.retire(slot);
      this.free.push(slot);
      release();
    }
  }

  /** A browser permit; a login that would wait behind a full queue is refused instead of queued. */
  private async acquire(priority: PoolPriority): Promise<[number, () => void]> {
    const isLogin = priority === 'login';
    const cap = this.options.maxWaitingLogins;
    if (isLogin && cap !== undefined && this.gate.isLocked() && this.waitingLogins >= cap) {
      // Roughly when a place in the queue frees up: the logins ahead of it, served `size` at a time.
      throw new BrowserPoolBusyError(Math.ceil((this.waitingLogins + 1) / this.options.size) * EXPECTED_USE_MS);
    }
    this.waiting++;
    if (isLogin) this.waitingLogins++;
    try {
      return await this.gate.acquire(1, SEMAPHORE_PRIORITY[priority]);
    } finally {
      this.waiting--;
      if (isLogin) this.waitingLogins--;
    }
  }

  /** One fresh context for `fn`, closed afterwards (bounded: closing in a dying browser can hang too). */
  private async use<T>(browser: Browser, fn: (context: BrowserContext) => Promise<T>, options: ContextOptions): Promise<T> {
    const context = await browser.newContext({
      ...(options.storageState !== undefined && { storageState: options.storageState }),
      ...(options.proxy && { proxy: options.proxy }),
      locale: 'ru-RU',
    });
    try {
      return await fn(context);
    } finally {
      await withTimeout(context.close(), CLOSE_TIMEOUT_MS).catch(() => {});
    }
  }

  stats(): { size: number; running: number; busy: number; waiting: number; waitingLogins: number; launches: number } {
    const running = [...this.free.map((s) => s.browser)].filter((b) => b?.isConnected()).length;
    return { size: this.options.size, running, busy: this.options.size - this.free.length, waiting: this.waiting, waitingLogins: this.waitingLogins, launches: this.launches };
  }

  /**
   * A switch Chromium ignores but that marks this pool's processes (`--kaspi-pool=<marker>-<slot>`), so
   * their memory can be read from /proc and a test can kill one.
   */
  get processMarker(): string {
    return `--kaspi-pool=${this.marker}`;
  }

  async close(): Promise<void> {
    this.closed = true;
    // Waits for running logins: every permit back means every browser is idle.
    const [, release] = await this.gate.acquire(this.options.size);
    try {
      await Promise.all(this.free.map((slot) => this.retire(slot)));
    } finally {
      release();
    }
  }

  private async browserOf(slot: Slot): Promise<Browser> {
    if (slot.browser?.isConnected()) return slot.browser;
    slot.browser = undefined;
    slot.uses = 0;
    this.launches++;
    slot.browser = await chromium.launch({
      executablePath: this.options.executablePath,
      args: [...LAUNCH_ARGS, `${this.processMarker}-${slot.index}`],
      timeout: this.options.launchTimeoutMs ?? 30_000,
      // The process's own shutdown (close-with-grace) closes the pool; Playwright must not exit on signals first.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    return slot.browser;
  }

  /** Closes the slot's browser; one that does not close in time is killed with its processes. */
  private async retire(slot: Slot): Promise<void> {
    const browser = slot.browser;
    slot.browser = undefined;
    slot.uses = 0;
    if (!browser) return;
    try {
      await withTimeout(browser.close(), CLOSE_TIMEOUT_MS);
    } catch {
      for (const pid of await processTree(this.slotMarker(slot.index))) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  }

  /** The exact switch of one slot's Chromium, NUL-terminated as in /proc/<pid>/cmdline (so slot 1 never matches slot 10). */
  private slotMarker(index: number): string {
    return `${this.processMarker}-${index}\0`;
  }
}

/** Whether `promise` has already settled (checked after pending callbacks ran). */
async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  const pending = Symbol('pending');
  const first = await Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<typeof pending>((r) => setImmediate(() => r(pending))),
  ]);
  return first !== pending;
}
