import { SeriesParallel } from "./series-parallel.js";

/** What `improveTree` works with: the graph, and the guessed durations trees are scored on. */
export interface ImproveContext {
  readonly after: ReadonlyArray<ReadonlyArray<number>>;
  readonly successors: ReadonlyArray<ReadonlyArray<number>>;
  /** Guessed durations, one array per sample, indexed by node. */
  readonly samples: ReadonlyArray<Float64Array>;
  /** At most this many rounds over the nodes. */
  readonly passes: number;
  /**
   * Which nodes to try moving (all by default): a node that waits for nothing but what it depends
   * on, and makes nothing wait for it but what depends on it, cannot gain by moving.
   */
  readonly movable?: ArrayLike<number>;
}

const LEAF = 0;
const SERIES = 1;
const PARALLEL = 2;

/** Where a node taken out of the tree goes back; `at` is a subtree of what is left. */
type Place =
  /** Beside subtree `at`, after `at`, or before it. */
  | { readonly kind: "beside" | "after" | "before"; readonly at: number }
  /** Beside the parts `first` to `last` of series `at`. */
  | { readonly kind: "beside-parts"; readonly at: number; readonly first: number; readonly last: number }
  /** Into series `at`, just before its part `next`. */
  | { readonly kind: "between"; readonly at: number; readonly next: number }
  /** After (before) the given branches of parallel `at` only, beside its other branches. */
  | { readonly kind: "after-branches" | "before-branches"; readonly at: number; readonly branches: number[] };

/**
 * Local search on a series-parallel tree of a graph. Takes one node out at a time and puts it back
 * where the tree's run time relative to the critical path, averaged over the samples, is lowest;
 * a round tries every (movable) node in number order, and rounds repeat until one moves nothing
 * or `passes` are done. Every place tried keeps the node after all its predecessors and before
 * all its successors, so the tree stays a valid order of the graph; a move is made only when it
 * lowers the average, so a tree that runs in the critical path for every sample (a
 * series-parallel graph's own form) comes back as it was. Deterministic: places are tried in a
 * fixed order, and ties keep the first.
 *
 * The places tried are on the paths from the root to the node's predecessors, its successors and
 * its old parent: beside, after or before a subtree there; beside the longest run of parts of a
 * series there that fits between the predecessors and successors, or between two of its parts;
 * after just the branches of a Parallel that hold predecessors, or before just those that hold
 * successors. What taking the node out gains, and what each place costs, are exact: they follow
 * from the subtrees' durations, earliest starts and latest finishes (see `#timesOf`).
 */
export function improveTree(tree: SeriesParallel, ctx: ImproveContext): SeriesParallel {
  if (tree.kind === "node" || ctx.samples.length === 0) return tree;
  const search = new TreeSearch(tree, ctx);
  search.run(ctx.passes);
  return search.toSeriesParallel();
}

class TreeSearch {
  readonly #ctx: ImproveContext;
  /** Number of samples. */
  readonly #s: number;
  /** Per sample: 1 / the graph's critical path, so that the objective is the mean ratio. */
  readonly #weight: Float64Array;

  // The tree: per tree node, by id; freed ids are reused.
  readonly #kind: number[] = [];
  readonly #parent: number[] = [];
  readonly #children: number[][] = [];
  /** The graph node of a leaf. */
  readonly #node: number[] = [];
  readonly #free: number[] = [];
  readonly #leafOf: Int32Array;
  #root = -1;
  #capacity = 0;

  // Per tree node × sample.
  #dur = new Float64Array(0);
  /** Start relative to the parent's start, and end relative to the parent's end (parts of a series). */
  #head = new Float64Array(0);
  #tail = new Float64Array(0);
  /** Parallels: the second longest part's duration, and which part is the longest. */
  #second = new Float64Array(0);
  #longest = new Int32Array(0);
  /** Earliest start and latest finish, computed on demand (`#cache`), valid while `#cachedAt` = `#version`. */
  #es = new Float64Array(0);
  #lf = new Float64Array(0);
  #cachedAt = new Int32Array(0);
  #version = 1;
  /** Tree nodes whose durations must be computed again carry `#staleEpoch`. */
  #stale = new Int32Array(0);
  #staleEpoch = 1;

  /**
   * Per tree node: first leaf in each of two orders whose intersection is the tree's order (parts
   * of a Parallel in turn, then in reverse), and the number of leaves.
   */
  #pos1 = new Int32Array(0);
  #pos2 = new Int32Array(0);
  #size = new Int32Array(0);
  #objective = 0;

  // One attempt: the leaf and its ancestors (`#path`), and how much each gets shorter without the leaf.
  readonly #path: number[] = [];
  readonly #shrink: Float64Array[] = [];
  #pathIndex = new Int32Array(0);
  #pathStamp = new Int32Array(0);
  #pathEpoch = 0;
  #endShift: Float64Array;
  #seen = new Int32Array(0);
  #seenEpoch = 0;

  /** Scratch vectors, one value per sample. */
  readonly #start: Float64Array;
  readonly #latest: Float64Array;
  readonly #length: Float64Array;
  readonly #scratch: Float64Array;
  readonly #scratch2: Float64Array;
  readonly #scratch3: Float64Array;

  constructor(tree: SeriesParallel, ctx: ImproveContext) {
    this.#ctx = ctx;
    const s = ctx.samples.length;
    this.#s = s;
    const n = ctx.after.length;
    this.#leafOf = new Int32Array(n).fill(-1);
    this.#weight = criticalPathWeights(ctx);
    this.#start = new Float64Array(s);
    this.#latest = new Float64Array(s);
    this.#length = new Float64Array(s);
    this.#scratch = new Float64Array(s);
    this.#scratch2 = new Float64Array(s);
    this.#scratch3 = new Float64Array(s);
    this.#endShift = new Float64Array(s);
    this.#grow(2 * n + 16);
    this.#root = this.#build(tree, -1);
    this.#refresh();
  }

  run(passes: number): void {
    const n = this.#ctx.after.length;
    for (let pass = 0; pass < passes; pass++) {
      let moved = false;
      const movable = this.#ctx.movable;
      for (let v = 0; v < n; v++) {
        if (movable !== undefined && !movable[v]) continue;
        if (this.#leafOf[v]! >= 0 && this.#attempt(v)) moved = true;
      }
      if (!moved) return;
    }
  }

  toSeriesParallel(): SeriesParallel {
    const convert = (t: number): SeriesParallel => {
      if (this.#kind[t] === LEAF) return SeriesParallel.node(this.#node[t]!);
      const parts = this.#children[t]!.map(convert);
      return this.#kind[t] === SERIES ? SeriesParallel.series(parts) : SeriesParallel.parallel(parts);
    };
    return convert(this.#root);
  }

  // -------------------------------------------------------------------------------------------------
  // The tree

  #grow(capacity: number): void {
    const s = this.#s;
    const old = this.#capacity;
    this.#capacity = capacity;
    const floats = (a: Float64Array) => {
      const b = new Float64Array(capacity * s);
      b.set(a.subarray(0, old * s));
      return b;
    };
    const ints = (a: Int32Array) => {
      const b = new Int32Array(capacity);
      b.set(a.subarray(0, old));
      return b;
    };
    this.#dur = floats(this.#dur);
    this.#head = floats(this.#head);
    this.#tail = floats(this.#tail);
    this.#second = floats(this.#second);
    const longest = new Int32Array(capacity * s);
    longest.set(this.#longest.subarray(0, old * s));
    this.#longest = longest;
    this.#es = floats(this.#es);
    this.#lf = floats(this.#lf);
    this.#cachedAt = ints(this.#cachedAt);
    this.#stale = ints(this.#stale);
    this.#pos1 = ints(this.#pos1);
    this.#pos2 = ints(this.#pos2);
    this.#size = ints(this.#size);
    this.#pathIndex = ints(this.#pathIndex);
    this.#pathStamp = ints(this.#pathStamp);
    this.#seen = ints(this.#seen);
  }

  #alloc(kind: number, parent: number, node: number): number {
    const id = this.#free.pop() ?? this.#kind.length;
    if (id >= this.#capacity) this.#grow(2 * this.#capacity);
    this.#kind[id] = kind;
    this.#parent[id] = parent;
    this.#children[id] = [];
    this.#node[id] = node;
    this.#stale[id] = this.#staleEpoch;
    this.#cachedAt[id] = 0;
    return id;
  }

  #build(tree: SeriesParallel, parent: number): number {
    if (tree.kind === "node") {
      const id = this.#alloc(LEAF, parent, tree.node);
      this.#leafOf[tree.node] = id;
      return id;
    }
    const id = this.#alloc(tree.kind === "series" ? SERIES : PARALLEL, parent, -1);
    this.#children[id] = tree.parts.map((p) => this.#build(p, id));
    return id;
  }

  /** `t` and its ancestors need their durations computed again. */
  #markStale(t: number): void {
    for (let x = t; x >= 0; x = this.#parent[x]!) this.#stale[x] = this.#staleEpoch;
  }

  /**
   * Single-part groups stand for their part; a group inside a group of its own kind is merged into
   * it. Returns what stands for `t` now.
   */
  #normalize(t: number): number {
    if (this.#kind[t] === LEAF) return t;
    const flat: number[] = [];
    for (const c of this.#children[t]!) {
      const part = this.#normalize(c);
      if (this.#kind[part] === this.#kind[t]) {
        for (const g of this.#children[part]!) {
          flat.push(g);
          this.#parent[g] = t;
        }
        this.#free.push(part);
      } else {
        flat.push(part);
        this.#parent[part] = t;
      }
    }
    this.#children[t] = flat;
    if (flat.length > 1) return t;
    this.#free.push(t);
    return flat[0]!;
  }

  // -------------------------------------------------------------------------------------------------
  // Times

  /** After a change: durations of the stale subtrees, the two orders, the objective. */
  #refresh(): void {
    const s = this.#s;
    const root = this.#root;
    this.#durations(root);
    this.#staleEpoch++;
    this.#head.fill(0, root * s, root * s + s);
    this.#tail.fill(0, root * s, root * s + s);
    this.#version++;
    let rank = 0;
    const first = (t: number): void => {
      this.#pos1[t] = rank;
      if (this.#kind[t] === LEAF) rank++;
      else for (const c of this.#children[t]!) first(c);
      this.#size[t] = rank - this.#pos1[t]!;
    };
    first(root);
    rank = 0;
    const second = (t: number): void => {
      this.#pos2[t] = rank;
      if (this.#kind[t] === LEAF) rank++;
      else {
        const children = this.#children[t]!;
        if (this.#kind[t] === SERIES) for (const c of children) second(c);
        else for (let i = children.length - 1; i >= 0; i--) second(children[i]!);
      }
    };
    second(root);
    let objective = 0;
    for (let i = 0; i < s; i++) objective += this.#dur[root * s + i]! * this.#weight[i]!;
    this.#objective = objective;
  }

  /** Durations of stale `t` and its stale parts, and where its parts start and end within it. */
  #durations(t: number): void {
    if (this.#stale[t] !== this.#staleEpoch) return;
    const s = this.#s;
    const at = t * s;
    const dur = this.#dur;
    if (this.#kind[t] === LEAF) {
      const v = this.#node[t]!;
      for (let i = 0; i < s; i++) dur[at + i] = this.#ctx.samples[i]![v]!;
      return;
    }
    const children = this.#children[t]!;
    for (const c of children) this.#durations(c);
    dur.fill(0, at, at + s);
    if (this.#kind[t] === PARALLEL) {
      const second = this.#second;
      const longest = this.#longest;
      second.fill(0, at, at + s);
      for (const c of children) {
        const ct = c * s;
        for (let i = 0; i < s; i++) {
          const x = dur[ct + i]!;
          if (x > dur[at + i]!) {
            second[at + i] = dur[at + i]!;
            dur[at + i] = x;
            longest[at + i] = c;
          } else if (x > second[at + i]!) second[at + i] = x;
        }
        this.#head.fill(0, ct, ct + s);
        this.#tail.fill(0, ct, ct + s);
      }
      return;
    }
    for (const c of children) {
      const ct = c * s;
      for (let i = 0; i < s; i++) {
        this.#head[ct + i] = dur[at + i]!;
        dur[at + i]! += dur[ct + i]!;
      }
    }
    for (const c of children) {
      const ct = c * s;
      for (let i = 0; i < s; i++) this.#tail[ct + i] = dur[at + i]! - this.#head[ct + i]! - dur[ct + i]!;
    }
  }

  /** Makes `#es` and `#lf` of `t` (and its ancestors) current. */
  #cache(t: number): void {
    if (this.#cachedAt[t] === this.#version) return;
    const s = this.#s;
    const at = t * s;
    const up = this.#parent[t]!;
    if (up < 0) {
      this.#es.fill(0, at, at + s);
      this.#lf.set(this.#dur.subarray(at, at + s), at);
    } else {
      this.#cache(up);
      const ut = up * s;
      for (let i = 0; i < s; i++) {
        this.#es[at + i] = this.#es[ut + i]! + this.#head[at + i]!;
        this.#lf[at + i] = this.#lf[ut + i]! - this.#tail[at + i]!;
      }
    }
    this.#cachedAt[t] = this.#version;
  }

  /** Subtree `a` entirely before subtree `b`: before it in both orders (false when one holds the other). */
  #precedes(a: number, b: number): boolean {
    const size = this.#size[a]!;
    return this.#pos1[a]! + size <= this.#pos1[b]! && this.#pos2[a]! + size <= this.#pos2[b]!;
  }

  /** Subtree `a` is `t` or inside it. */
  #inside(a: number, t: number): boolean {
    const p = this.#pos1[a]!;
    return p >= this.#pos1[t]! && p < this.#pos1[t]! + this.#size[t]!;
  }

  /** The index of the part of `t` that holds `a` (`a` inside `t`). */
  #partHolding(t: number, a: number): number {
    const children = this.#children[t]!;
    const p = this.#pos1[a]!;
    let lo = 0;
    let hi = children.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#pos1[children[mid]!]! <= p) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  // -------------------------------------------------------------------------------------------------
  // One attempt

  /** Takes node `v` out and puts it back at the best place; true when that lowered the objective. */
  #attempt(v: number): boolean {
    const s = this.#s;
    const leaf = this.#leafOf[v]!;
    const parent = this.#parent[leaf]!;
    if (parent < 0) return false;
    const lt = leaf * s;
    const weight = this.#weight;
    const minimum = 1e-9 * this.#objective;
    // A leaf with slack in every sample is on no longest path: taking it out gains nothing.
    this.#cache(leaf);
    let bound = 0;
    for (let i = 0; i < s; i++) {
      const slack = this.#lf[lt + i]! - this.#es[lt + i]! - this.#dur[lt + i]!;
      if (slack <= 1e-9 * this.#lf[lt + i]!) bound += this.#dur[lt + i]! * weight[i]!;
    }
    if (bound <= minimum) return false;

    // Without the leaf, the tree runs as if the leaf took no time: its ancestors get shorter.
    const path = this.#path;
    path.length = 0;
    let shrink = this.#vector(0);
    shrink.set(this.#dur.subarray(lt, lt + s));
    path.push(leaf);
    for (let t = parent, child = leaf; t >= 0; child = t, t = this.#parent[t]!) {
      const next = this.#vector(path.length);
      if (this.#kind[t] === SERIES) next.set(shrink);
      else {
        // A Parallel shortens only where the shortened part was its longest, down to the next one.
        const tt = t * s;
        const ct = child * s;
        for (let i = 0; i < s; i++) {
          if (this.#longest[tt + i] !== child) next[i] = 0;
          else
            next[i] = this.#dur[tt + i]! - Math.max(this.#second[tt + i]!, this.#dur[ct + i]! - shrink[i]!);
        }
      }
      path.push(t);
      shrink = next;
    }
    let gain = 0;
    for (let i = 0; i < s; i++) gain += shrink[i]! * weight[i]!;
    if (gain <= 2 * minimum) return false;
    const epoch = ++this.#pathEpoch;
    for (let k = 0; k < path.length; k++) {
      this.#pathIndex[path[k]!] = k;
      this.#pathStamp[path[k]!] = epoch;
    }
    this.#endShift = shrink;

    // Out of its parent while places are looked for; the times stay the whole tree's, corrected.
    const siblings = this.#children[parent]!;
    const at = siblings.indexOf(leaf);
    siblings.splice(at, 1);
    const place = this.#bestPlace(v, leaf, gain - minimum);
    if (place === undefined) {
      siblings.splice(at, 0, leaf);
      return false;
    }
    const before = this.#objective;
    this.#markStale(parent);
    this.#put(leaf, place);
    this.#markStale(this.#parent[leaf]!);
    this.#root = this.#normalize(this.#root);
    this.#parent[this.#root] = -1;
    this.#refresh();
    return this.#objective < before;
  }

  /** The k-th vector of `#shrink`. */
  #vector(k: number): Float64Array {
    while (this.#shrink.length <= k) this.#shrink.push(new Float64Array(this.#s));
    return this.#shrink[k]!;
  }

  #onPath(t: number): boolean {
    return this.#pathStamp[t] === this.#pathEpoch;
  }

  /**
   * Earliest start and latest finish of subtree `t` once the leaf is out, into `#start` and
   * `#latest`. The whole ends `#endShift` earlier. A subtree after the leaf in a series starts
   * earlier by what the part of that series holding the leaf lost; one before the leaf may end
   * later by as much; an ancestor of the leaf starts as before.
   */
  #timesOf(t: number): void {
    const s = this.#s;
    const tt = t * s;
    const end = this.#endShift;
    this.#cache(t);
    if (this.#onPath(t)) {
      for (let i = 0; i < s; i++) {
        this.#start[i] = this.#es[tt + i]!;
        this.#latest[i] = this.#lf[tt + i]! - end[i]!;
      }
      return;
    }
    // The lowest ancestor of the leaf that holds `t`.
    const path = this.#path;
    let lo = 1;
    let hi = path.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#inside(t, path[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    const shrink = this.#shrink[lo - 1]!;
    const series = this.#kind[path[lo]!] === SERIES;
    const earlier = series && this.#precedes(path[0]!, t);
    const later = series && this.#precedes(t, path[0]!);
    for (let i = 0; i < s; i++) {
      this.#start[i] = this.#es[tt + i]! - (earlier ? shrink[i]! : 0);
      this.#latest[i] = this.#lf[tt + i]! - end[i]! + (later ? shrink[i]! : 0);
    }
  }

  /** Duration of subtree `t` once the leaf is out, into `out`. */
  #durationOf(t: number, out: Float64Array): void {
    const s = this.#s;
    const tt = t * s;
    if (this.#onPath(t)) {
      const shrink = this.#shrink[this.#pathIndex[t]!]!;
      for (let i = 0; i < s; i++) out[i] = this.#dur[tt + i]! - shrink[i]!;
    } else for (let i = 0; i < s; i++) out[i] = this.#dur[tt + i]!;
  }

  /** What it costs when something ends at `end(i)` instead of at the latest at `latest[i]`. */
  #overshoot(end: (i: number) => number, latest: Float64Array): number {
    let cost = 0;
    for (let i = 0; i < this.#s; i++) {
      const over = end(i) - latest[i]!;
      if (over > 0) cost += over * this.#weight[i]!;
    }
    return cost;
  }

  /** The cheapest place for leaf `leaf` (node `v`) that costs less than `limit`. */
  #bestPlace(v: number, leaf: number, limit: number): Place | undefined {
    const preds = this.#ctx.after[v]!.map((p) => this.#leafOf[p]!);
    const succs = this.#ctx.successors[v]!.map((q) => this.#leafOf[q]!);
    const best: Best = { place: undefined, cost: limit };
    const seen = ++this.#seenEpoch;
    const climb = (from: number) => {
      for (let t = from; t >= 0; t = this.#parent[t]!) {
        if (this.#seen[t] === seen) return;
        this.#seen[t] = seen;
        this.#placesAt(t, leaf, preds, succs, best);
      }
    };
    for (const p of preds) climb(p);
    for (const q of succs) climb(q);
    climb(this.#parent[leaf]!);
    return best.place;
  }

  /** The places at subtree `t`, each kept in `best` when cheaper. */
  #placesAt(
    t: number,
    leaf: number,
    preds: ReadonlyArray<number>,
    succs: ReadonlyArray<number>,
    best: Best,
  ): void {
    const s = this.#s;
    let predsBefore = true;
    for (const p of preds) {
      if (this.#precedes(p, t)) continue;
      if (!this.#inside(p, t)) return;
      predsBefore = false;
    }
    let succsAfter = true;
    for (const q of succs) {
      if (this.#precedes(t, q)) continue;
      if (!this.#inside(q, t)) return;
      succsAfter = false;
    }
    const consider = (cost: number, place: Place) => {
      if (cost < best.cost) {
        best.cost = cost;
        best.place = place;
      }
    };
    const lt = leaf * s;
    const d = this.#dur.subarray(lt, lt + s);
    const start = this.#start;
    const latest = this.#latest;
    const length = this.#length;
    this.#timesOf(t);
    this.#durationOf(t, length);
    if (predsBefore && succsAfter)
      consider(
        this.#overshoot((i) => start[i]! + d[i]!, latest),
        { kind: "beside", at: t },
      );
    if (succsAfter || predsBefore) {
      const cost = this.#overshoot((i) => start[i]! + length[i]! + d[i]!, latest);
      if (succsAfter) consider(cost, { kind: "after", at: t });
      if (predsBefore) consider(cost, { kind: "before", at: t });
    }
    if (this.#kind[t] === LEAF) return;
    const children = this.#children[t]!;
    if (children.length < 2) return;
    if (this.#kind[t] === SERIES) {
      // Beside the longest run of parts between the predecessors and the successors.
      let first = 0;
      for (const p of preds) if (this.#inside(p, t)) first = Math.max(first, this.#partHolding(t, p) + 1);
      let last = children.length - 1;
      for (const q of succs) if (this.#inside(q, t)) last = Math.min(last, this.#partHolding(t, q) - 1);
      if (first <= last && !(first === 0 && last === children.length - 1)) {
        this.#timesOf(children[first]!);
        const from = this.#scratch;
        from.set(start);
        this.#timesOf(children[last]!);
        consider(
          this.#overshoot((i) => from[i]! + d[i]!, latest),
          {
            kind: "beside-parts",
            at: t,
            first: children[first]!,
            last: children[last]!,
          },
        );
      }
      // Between two parts, which delays the later one.
      const low = Math.max(first, 1);
      const high = Math.min(last + 1, children.length - 1);
      for (let q = low; q <= high; q = q === high ? high + 1 : high) {
        const next = children[q]!;
        this.#timesOf(next);
        this.#durationOf(next, length);
        consider(
          this.#overshoot((i) => start[i]! + length[i]! + d[i]!, latest),
          { kind: "between", at: t, next },
        );
      }
      return;
    }
    // A Parallel: after just the branches holding predecessors, or before just those holding successors.
    const from = this.#scratch;
    from.set(start);
    const until = this.#scratch2;
    until.set(latest);
    const branches = (holding: ReadonlyArray<number>, kind: "after-branches" | "before-branches") => {
      const chosen: number[] = [];
      for (const a of holding) {
        if (!this.#inside(a, t)) continue;
        const b = children[this.#partHolding(t, a)]!;
        if (!chosen.includes(b)) chosen.push(b);
      }
      if (chosen.length === 0 || chosen.length === children.length) return;
      const longest = this.#scratch3;
      longest.fill(0);
      for (const b of chosen) {
        this.#durationOf(b, length);
        for (let i = 0; i < s; i++) if (length[i]! > longest[i]!) longest[i] = length[i]!;
      }
      consider(
        this.#overshoot((i) => from[i]! + longest[i]! + d[i]!, until),
        { kind, at: t, branches: chosen },
      );
    };
    if (succsAfter) branches(preds, "after-branches");
    if (predsBefore) branches(succs, "before-branches");
  }

  // -------------------------------------------------------------------------------------------------
  // Moves

  /** Puts `leaf` (already out of its parent) at `place`. */
  #put(leaf: number, place: Place): void {
    const at = place.at;
    const up = this.#parent[at]!;
    switch (place.kind) {
      case "beside":
      case "after":
      case "before": {
        const group = this.#alloc(place.kind === "beside" ? PARALLEL : SERIES, up, -1);
        if (up < 0) this.#root = group;
        else {
          const siblings = this.#children[up]!;
          siblings[siblings.indexOf(at)] = group;
        }
        this.#adopt(group, place.kind === "before" ? [leaf, at] : [at, leaf]);
        return;
      }
      case "beside-parts": {
        const parts = this.#children[at]!;
        const first = parts.indexOf(place.first);
        const last = parts.indexOf(place.last);
        const run = parts.slice(first, last + 1);
        const group = this.#alloc(PARALLEL, at, -1);
        this.#adopt(group, [
          run.length === 1 ? run[0]! : this.#adopt(this.#alloc(SERIES, group, -1), run),
          leaf,
        ]);
        parts.splice(first, last - first + 1, group);
        return;
      }
      case "between": {
        const parts = this.#children[at]!;
        parts.splice(parts.indexOf(place.next), 0, leaf);
        this.#parent[leaf] = at;
        return;
      }
      case "after-branches":
      case "before-branches": {
        const chosen = new Set(place.branches);
        const parts = this.#children[at]!;
        const kept = parts.filter((c) => !chosen.has(c));
        const branches = parts.filter((c) => chosen.has(c));
        const group = this.#alloc(SERIES, at, -1);
        const inner =
          branches.length === 1 ? branches[0]! : this.#adopt(this.#alloc(PARALLEL, group, -1), branches);
        this.#adopt(group, place.kind === "after-branches" ? [inner, leaf] : [leaf, inner]);
        kept.push(group);
        this.#children[at] = kept;
        return;
      }
    }
  }

  /** Makes `parts` the parts of `group`; returns `group`. */
  #adopt(group: number, parts: number[]): number {
    this.#children[group] = parts;
    for (const p of parts) this.#parent[p] = group;
    return group;
  }
}

interface Best {
  place: Place | undefined;
  cost: number;
}

/** Per sample, 1 / the graph's critical path. */
function criticalPathWeights(ctx: ImproveContext): Float64Array {
  const n = ctx.after.length;
  const waiting = ctx.after.map((preds) => preds.length);
  const order: number[] = [];
  waiting.forEach((count, v) => {
    if (count === 0) order.push(v);
  });
  for (let i = 0; i < order.length; i++) {
    for (const q of ctx.successors[order[i]!]!) if (--waiting[q]! === 0) order.push(q);
  }
  const finish = new Float64Array(n);
  return Float64Array.from(ctx.samples, (sample) => {
    let span = 0;
    for (const v of order) {
      let begin = 0;
      for (const p of ctx.after[v]!) if (finish[p]! > begin) begin = finish[p]!;
      finish[v] = begin + sample[v]!;
      if (finish[v]! > span) span = finish[v]!;
    }
    return span > 0 ? 1 / span : 1;
  });
}
