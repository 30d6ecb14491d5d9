/**
 * Deterministic pseudo-random job durations, for weighing series cuts. The compiler cannot know
 * how long jobs run, so it scores each choice over a fixed set of guesses: node `v` in a sample
 * runs `weights[v] × X`, X log-normal with median 1 and σ = 0.75 (most batch jobs land within
 * a factor of 4 of their usual time, with a long tail). A fixed seed gives the same ASL for the
 * same source.
 */
export function durationSamples(weights: ReadonlyArray<number>, count: number): Float64Array[] {
  const random = splitMix32(0x5eed_da9);
  return Array.from({ length: count }, () => Float64Array.from(weights, (w) => w * logNormal(random)));
}

const sigma = 0.75;

/** Box-Muller; `1 - random()` keeps the logarithm finite. */
function logNormal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}

/** A small seeded generator (SplitMix32), uniform in [0, 1). */
function splitMix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e37_79b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85eb_ca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2_ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    return z / 4_294_967_296;
  };
}
