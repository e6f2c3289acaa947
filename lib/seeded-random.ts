/**
 * A small seeded PRNG (mulberry32): the same numbers from the same seed on every machine, so demo
 * data (infra/local/seed.ts) and benchmark inputs (test/bench) are reproducible. Never for anything
 * secret or guessable: tokens and ids come from node:crypto.
 */
export const seededRandom =
  (seed: number): (() => number) =>
  () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
