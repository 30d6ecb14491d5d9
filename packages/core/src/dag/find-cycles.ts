import { DependencyGraph } from "./dependency-graph.js";

/**
 * One cycle per knot of the graph (strongly connected part with a cycle), each as the nodes
 * in dependency order starting from its earliest-defined node: `[a, b, c]` means b runs after a,
 * c after b and a after c. Knots are listed by their first node. Empty for an acyclic graph.
 */
export function findCycles(graph: DependencyGraph): number[][] {
  const successors = DependencyGraph.successors(graph);
  return stronglyConnected(graph.size, successors)
    .filter((part) => part.length > 1 || graph.after[part[0]!]!.includes(part[0]!))
    .map((part) => shortestCycleThrough(Math.min(...part), new Set(part), successors))
    .sort((a, b) => a[0]! - b[0]!);
}

/** The shortest way from `start` back to itself inside `part` (breadth first, lowest node first). */
function shortestCycleThrough(start: number, part: ReadonlySet<number>, successors: number[][]): number[] {
  const cameFrom = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    for (const s of successors[v]!) {
      if (s === start) {
        const cycle = [v];
        while (cycle[0] !== start) cycle.unshift(cameFrom.get(cycle[0]!)!);
        return cycle;
      }
      if (part.has(s) && !cameFrom.has(s)) {
        cameFrom.set(s, v);
        queue.push(s);
      }
    }
  }
  throw new Error(`internal error: node ${start} is on no cycle of its strongly connected part`);
}

/** Tarjan's algorithm, iterative so that long chains cannot overflow the stack. */
function stronglyConnected(size: number, successors: number[][]): number[][] {
  const index = new Int32Array(size).fill(-1);
  const low = new Int32Array(size);
  const onStack = new Uint8Array(size);
  const stack: number[] = [];
  const parts: number[][] = [];
  let counter = 0;
  for (let root = 0; root < size; root++) {
    if (index[root] !== -1) continue;
    const frames: Array<{ v: number; next: number }> = [{ v: root, next: 0 }];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (frames.length > 0) {
      const frame = frames[frames.length - 1]!;
      const out = successors[frame.v]!;
      if (frame.next < out.length) {
        const w = out[frame.next++]!;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          frames.push({ v: w, next: 0 });
        } else if (onStack[w]) {
          low[frame.v] = Math.min(low[frame.v]!, index[w]!);
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low[parent.v] = Math.min(low[parent.v]!, low[frame.v]!);
      if (low[frame.v] === index[frame.v]) {
        const part: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          part.push(w);
        } while (w !== frame.v);
        parts.push(part);
      }
    }
  }
  return parts;
}
