/**
 * Where to split a prime part of the graph: one that is neither unrelated pieces nor a series of
 * stages, such as the "N" a→c, a→d, b→d. Every series-parallel form of such a part runs some set
 * `before` of its nodes (closed under "runs after") entirely before the rest, so choosing that set,
 * again on each side, is the only choice there is; this is where parallelism is lost.
 */
export interface Cut {
  /** In topological order. */
  readonly before: ReadonlyArray<number>;
  readonly after: ReadonlyArray<number>;
}

/** What `chooseCuts` works on, shared by every prime part of one graph. */
export interface CutContext {
  readonly after: ReadonlyArray<ReadonlyArray<number>>;
  readonly successors: ReadonlyArray<ReadonlyArray<number>>;
  /** Guessed durations, one array per sample, indexed by node; made when first needed. */
  readonly samples: () => ReadonlyArray<Float64Array>;
  /** The durations' scales, indexed by node. */
  readonly weights: ReadonlyArray<number>;
  /** Scratch, one entry per node of the graph, -1 outside the part being cut. */
  readonly local: Int32Array;
}

/** Samples whose own time order proposes cuts (all samples score every cut). */
const orderingSamples = 8;

interface Candidate {
  readonly score: number;
  readonly order: ReadonlyArray<number>;
  readonly size: number;
  /** Sum of `mix` over the prefix (exact in a double below 2⁵³, so up to 2²¹ nodes). */
  readonly fingerprint: number;
}

/**
 * The `count` best cuts of a prime part, best first (`nodes` in topological order), and the
 * part's critical path in each sample.
 *
 * Candidates: the prefixes of topological orders that follow time (earliest finish, latest
 * start) under the weights and under a few samples. A prefix of such an order is closed under
 * "runs after", so each is a valid cut.
 *
 * Score, over every sample: the cut's loss, `(critical path of before + critical path of
 * after) / critical path of the part - 1` (what the cut costs if both sides are then kept exact),
 * divided by its balance, the shorter side's critical path relative to the part's. Loss alone
 * would peel one node at a time: each peel is cheap but leaves the rest prime, and the peels add
 * up. Dividing by balance prefers cuts that split the part's time in two, so that any one chain
 * crosses few cuts (see docs/design/dag-lowering.md for the measurements behind this choice).
 */
export function chooseCuts(
  nodes: ReadonlyArray<number>,
  ctx: CutContext,
  count = 1,
): { cuts: Cut[]; spans: number[] } {
  const k = nodes.length;
  nodes.forEach((v, i) => {
    ctx.local[v] = i;
  });
  const preds = nodes.map((v) => localList(ctx.after[v]!, ctx.local));
  const succs = nodes.map((v) => localList(ctx.successors[v]!, ctx.local));
  for (const v of nodes) ctx.local[v] = -1;

  const local = (durations: ArrayLike<number>) => {
    const out = new Float64Array(k);
    for (let i = 0; i < k; i++) out[i] = durations[nodes[i]!]!;
    return out;
  };
  const samples = ctx.samples().map(local);
  const finishes = samples.map((sample) => earliestFinish(sample, preds));
  const tails = samples.map((sample) => longestTail(sample, succs));
  const spans = finishes.map((f) => Math.max(...f));
  const weights = local(ctx.weights);
  const orders = [
    sortedBy(k, earliestFinish(weights, preds), 1),
    sortedBy(k, longestTail(weights, succs), -1),
    ...finishes.slice(0, orderingSamples).map((f) => sortedBy(k, f, 1)),
    ...tails.slice(0, orderingSamples).map((t) => sortedBy(k, t, -1)),
  ];

  const best: Candidate[] = [];
  const total = new Float64Array(k);
  const shorter = new Float64Array(k);
  const prefix = new Float64Array(k);
  const n = samples.length;
  // Order-independent fingerprints of the prefixes, to keep a cut reached by two orders once.
  const fingerprint = new Float64Array(k);
  for (const order of orders) {
    total.fill(0);
    shorter.fill(0);
    let sum = 0;
    for (let i = 1; i < k; i++) {
      sum += mix(order[i - 1]!);
      fingerprint[i] = sum;
    }
    for (let s = 0; s < n; s++) {
      const finish = finishes[s]!;
      const tail = tails[s]!;
      const span = spans[s]! > 0 ? spans[s]! : 1;
      let running = 0;
      for (let i = 1; i < k; i++) {
        running = Math.max(running, finish[order[i - 1]!]!);
        prefix[i] = running / span;
      }
      running = 0;
      for (let i = k - 1; i >= 1; i--) {
        running = Math.max(running, tail[order[i]!]!);
        const rest = running / span;
        total[i]! += prefix[i]! + rest;
        shorter[i]! += Math.min(prefix[i]!, rest);
      }
    }
    for (let i = 1; i < k; i++) {
      const loss = Math.max(total[i]! / n - 1, 0);
      const score = loss / Math.max(shorter[i]! / n, 1e-3);
      keepBest(best, { score, order, size: i, fingerprint: fingerprint[i]! }, count);
    }
  }
  return { cuts: best.map((c) => split(nodes, c)), spans };
}

/** Keeps the `count` lowest scores, distinct cuts only; earlier candidates win ties. */
function keepBest(best: Candidate[], candidate: Candidate, count: number): void {
  if (best.length === count && candidate.score >= best[best.length - 1]!.score) return;
  if (best.some((b) => b.score === candidate.score && sameCut(b, candidate))) return;
  let at = best.length;
  while (at > 0 && best[at - 1]!.score > candidate.score) at--;
  best.splice(at, 0, candidate);
  if (best.length > count) best.pop();
}

function sameCut(a: Candidate, b: Candidate): boolean {
  if (a.size !== b.size || a.fingerprint !== b.fingerprint) return false;
  const inA = new Set(a.order.slice(0, a.size));
  return b.order.slice(0, b.size).every((v) => inA.has(v));
}

/** A pseudo-random integer below 2³² per local node: sums of them tell sets apart. */
function mix(v: number): number {
  let z = Math.imul(v + 0x9e37_79b9, 0x85eb_ca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2_ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function split(nodes: ReadonlyArray<number>, candidate: Candidate): Cut {
  const first = new Uint8Array(nodes.length);
  for (let i = 0; i < candidate.size; i++) first[candidate.order[i]!] = 1;
  const before: number[] = [];
  const after: number[] = [];
  nodes.forEach((v, i) => {
    (first[i] ? before : after).push(v);
  });
  return { before, after };
}

function localList(global: ReadonlyArray<number>, local: Int32Array): number[] {
  const out: number[] = [];
  for (const v of global) if (local[v]! >= 0) out.push(local[v]!);
  return out;
}

/** Earliest finish of each node inside the part (nodes in topological order). */
function earliestFinish(durations: Float64Array, preds: ReadonlyArray<ReadonlyArray<number>>): Float64Array {
  const finish = new Float64Array(durations.length);
  for (let i = 0; i < durations.length; i++) {
    let start = 0;
    for (const p of preds[i]!) start = Math.max(start, finish[p]!);
    finish[i] = start + durations[i]!;
  }
  return finish;
}

/** The longest path from each node, itself included, to the end of the part. */
function longestTail(durations: Float64Array, succs: ReadonlyArray<ReadonlyArray<number>>): Float64Array {
  const tail = new Float64Array(durations.length);
  for (let i = durations.length - 1; i >= 0; i--) {
    let rest = 0;
    for (const s of succs[i]!) rest = Math.max(rest, tail[s]!);
    tail[i] = rest + durations[i]!;
  }
  return tail;
}

/**
 * `0 … k-1` by `key` (ascending for 1, descending for -1), ties by topological position. With
 * positive durations an earliest finish grows and a tail shrinks along every edge, so the result
 * is a topological order.
 */
function sortedBy(k: number, key: Float64Array, direction: 1 | -1): number[] {
  return Array.from({ length: k }, (_, i) => i).sort((a, b) => direction * (key[a]! - key[b]!) || a - b);
}
