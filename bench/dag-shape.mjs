// The shape of the benchmarks' dag, shared with test/graph-cli.test.ts: job i (from 0) runs after
// one or two of the 20 jobs before it, a fixed pseudo-random pick (the same graph on every run),
// which is not series-parallel.

/** For each of `n` jobs, the indexes of the jobs it runs after (none for the first). */
export function dagAfter(n) {
  let seed = 7;
  const next = () => {
    seed = (seed * 48271) % 2147483647;
    return seed / 2147483647;
  };
  const after = [];
  for (let i = 0; i < n; i++) {
    const before = new Set();
    if (i > 0) before.add(i - 1 - Math.floor(next() * Math.min(i, 20)));
    if (i > 1 && next() < 0.5) before.add(i - 1 - Math.floor(next() * Math.min(i, 20)));
    after.push([...before]);
  }
  return after;
}
