import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CityWatch } from '../../../../src/infra/db/schema.ts';
import { answererClock, expectAnswer, recogniseAnswerer } from '../../../../src/modules/repricer/scheduler/answerer-war.ts';
import { observe } from '../../../../src/modules/repricer/scheduler/market-watch.ts';
import { advanceWar, recogniseWar, type WarClock, warReadAt } from '../../../../src/modules/repricer/scheduler/price-war.ts';

const own = new Set(['us']);

/**
 * A bot that undercuts us `delay` s after each of our pushes (Kaspi's ingest delay included), and us,
 * who push at every read that sees it below us. Reads at the times the scheduler (or the test) picks.
 */
function duel(delay: number) {
  const pushes: number[] = [];
  const botMovesBy = (t: number) => pushes.filter((p) => p + delay <= t).length;
  return {
    pushes,
    read(t: number) {
      const moves = botMovesBy(t);
      return { cityId: 'almaty', fetchedAt: t * 1000, offers: [{ merchantId: 'bot', price: 100_000 - 10 * moves }] };
    },
    /** The bot's answer to our last push, if it has come by `t`. */
    answered(t: number) {
      const last = pushes.at(-1);
      return last !== undefined && last + delay <= t;
    },
  };
}

describe('a rival that answers our moves', () => {
  /** Probing at a read every 15 s; our push follows the read that saw the bot after a varying wait (the write budget). */
  function probed(delay: number) {
    const bot = duel(delay);
    let watch: CityWatch | undefined;
    let t = 0;
    const waits = [1, 30, 4, 45, 9];
    for (const wait of waits) {
      bot.pushes.push(t + wait);
      t += wait;
      do {
        t += 15;
        watch = observe(watch, bot.read(t), own, bot.pushes.at(-1)!).watch;
      } while (!bot.answered(t));
    }
    return { bot, watch: watch!, t };
  }

  test('recognised from answers timed against our pushes, with its delay inside the window, before a clock its gaps happen to fit', () => {
    const { watch, t } = probed(23);
    assert.ok(recogniseWar(watch, t), 'the gaps (its delay plus our reaction) fit a clock by chance, as skipped ticks');
    const sign = recogniseAnswerer(watch, t);
    assert.ok(sign, 'recognised');
    assert.ok(sign.lo <= 23 && sign.hi >= 23, `window ${sign.lo}..${sign.hi}`);
    assert.ok(sign.hi - sign.lo <= 15, 'the windows intersect within a read gap');
    const clock = answererClock(watch, sign, t);
    assert.ok(clock.answer && clock.answers_us);
  });

  test('a war with no clock of its own that fits is taken for an answerer', () => {
    // Pushes after waits that vary more: the gaps fit no clock, the delay windows still meet.
    const bot = duel(23);
    let watch: CityWatch | undefined;
    let t = 0;
    for (const wait of [1, 70, 4, 130, 9, 200]) {
      bot.pushes.push(t + wait);
      t += wait;
      do {
        t += 15;
        watch = observe(watch, bot.read(t), own, bot.pushes.at(-1)!).watch;
      } while (!bot.answered(t));
    }
    assert.equal(recogniseWar(watch!, t), null);
    const clock = advanceWar(null, watch!, true, watch!.moves.at(-1)![1], t, 5);
    assert.ok(clock?.answer && clock.answers_us, `an answerer: ${JSON.stringify(clock)}`);
  });

  test('moves that do not follow our pushes are not an answerer', () => {
    let watch: CityWatch | undefined;
    for (let t = 0; t <= 1200; t += 20) {
      const read = { cityId: 'almaty', fetchedAt: t * 1000, offers: [{ merchantId: 'bot', price: 100_000 - Math.floor(t / 100) }] };
      watch = observe(watch, read, own, null).watch;
    }
    assert.equal(recogniseAnswerer(watch!, 1200), null);
  });

  test('the clock reads each answer within a couple of seconds, at about one read per answer', () => {
    const delay = 37;
    const { bot, watch: start, t: startAt } = probed(delay);
    let watch: CityWatch = start;
    let clock: WarClock | null = answererClock(watch, recogniseAnswerer(watch, startAt)!, startAt);
    let t = startAt + 3;
    bot.pushes.push(t);
    clock = expectAnswer(clock, t, 5);
    t = Math.ceil(warReadAt(clock, t, 5));
    let reads = 0;
    const lateness: number[] = [];
    while (t < startAt + 3000 && clock) {
      const before = watch;
      const result = observe(watch, bot.read(t), own, bot.pushes.at(-1)!);
      watch = result.watch;
      reads++;
      clock = advanceWar(clock, watch, result.moved, before.read_at, t, 5);
      if (result.moved) {
        lateness.push(t - (bot.pushes.at(-1)! + delay));
        // We answer at once: a push, and the clock plans the read of the bot's answer.
        bot.pushes.push(t);
        if (clock?.answer) clock = expectAnswer(clock, t, 5);
      }
      if (clock) t = Math.ceil(warReadAt(clock, t, 5));
    }
    assert.ok(clock?.answer, 'still at war with the answerer');
    assert.ok(clock.answer.lo <= delay && clock.answer.hi >= delay && clock.answer.hi - clock.answer.lo <= 6, `window ${JSON.stringify(clock.answer)}`);
    assert.ok(lateness.length >= 30, `answers seen: ${lateness.length}`);
    const late = lateness.slice(5);
    assert.ok(Math.max(...late) <= 3, `lateness ${lateness}`);
    assert.ok(reads <= 1.3 * lateness.length, `${reads} reads for ${lateness.length} answers`);
  });

  test('a bot that stops answering ends the war after a read at the window top and one after it', () => {
    const { bot, watch: start, t: startAt } = probed(20);
    let watch: CityWatch = start;
    let clock: WarClock | null = answererClock(watch, recogniseAnswerer(watch, startAt)!, startAt);
    // Our next push gets no answer: the bot stopped (our price reached its floor, say).
    const pushAt = startAt + 2;
    bot.pushes.push(pushAt);
    clock = expectAnswer(clock, pushAt, 5);
    const price = bot.read(startAt).offers[0]!.price;
    let reads = 0;
    for (let at = Math.ceil(warReadAt(clock, pushAt, 5)); clock && reads < 5; reads++) {
      const before = watch;
      const result = observe(watch, { cityId: 'almaty', fetchedAt: at * 1000, offers: [{ merchantId: 'bot', price }] }, own, pushAt);
      watch = result.watch;
      clock = advanceWar(clock, watch, result.moved, before.read_at, at, 5);
      if (clock) at = Math.ceil(warReadAt(clock, at, 5));
    }
    assert.equal(clock, null, 'the war is over');
    assert.ok(reads <= 3, `${reads} reads to notice`);
  });
});
