// Decisions/s of the pure engine: one product, 20 competing offers in each of 3 cities.
import { decide } from '../src/engine/engine.ts';
import type { DecideInput } from '../src/engine/types.ts';
import { offer, us } from '../test/helpers/engine-market.ts';

const cityIds = ['750000000', '710000000', '590000000'];
const inputs: DecideInput[] = Array.from({ length: 64 }, (_, variant) => ({
  rules: { minPrice: 5000, maxPrice: 20000, strategy: variant % 2 ? 'beat_first' : 'stay_top_n', strategyParams: { position: 3 }, clusterTolerance: 2 },
  ourMerchantId: us,
  ownMerchantIds: ['other-shop'],
  ourRating: 4.6,
  cities: cityIds.map((cityId, c) => ({
    cityId,
    currentPrice: 12000 + variant * 7 + c * 50,
    market: { ok: true, offers: Array.from({ length: 20 }, (_, i) => offer(i === 0 ? us : `m${i}`, 9000 + ((i * 337 + variant * 13 + c * 101) % 6000), { rating: 3 + (i % 5) * 0.4 })) },
    history: { changesToday: 3, lastRaiseAt: null },
  })),
  now: new Date('2026-09-21T10:00:00Z'),
}));

function run(iterations: number): number {
  let sink = 0;
  for (let i = 0; i < iterations; i++) sink += decide(inputs[i % inputs.length]!).cities[0]!.price;
  return sink;
}

run(20_000); // warm-up, so the figure is the JIT-compiled steady state
const iterations = 200_000;
const started = process.hrtime.bigint();
run(iterations);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(
  `decide(): ${Math.round(iterations / seconds).toLocaleString('en')} decisions/s (1 offer x 3 cities x 20 offers; ${Math.round((iterations * 3) / seconds).toLocaleString('en')} city decisions/s)`,
);
