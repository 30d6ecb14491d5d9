import { DependencyGraph } from "./dependency-graph.js";

/**
 * The nodes in an order where each comes after everything it runs after; among nodes that are
 * ready at the same time, the one defined first goes first, so the order is stable. `undefined`
 * when the graph has a cycle (see `findCycles`).
 */
export function topologicalOrder(graph: DependencyGraph): number[] | undefined {
  const successors = DependencyGraph.successors(graph);
  const waiting = graph.after.map((preds) => preds.length);
  const ready = new MinHeap();
  waiting.forEach((count, v) => {
    if (count === 0) ready.push(v);
  });
  const order: number[] = [];
  for (let v = ready.pop(); v !== undefined; v = ready.pop()) {
    order.push(v);
    for (const s of successors[v]!) {
      waiting[s]!--;
      if (waiting[s] === 0) ready.push(s);
    }
  }
  return order.length === graph.size ? order : undefined;
}

/** A binary heap of node numbers, smallest first. */
class MinHeap {
  readonly #items: number[] = [];

  push(value: number): void {
    const items = this.#items;
    items.push(value);
    for (let i = items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (items[parent]! <= value) break;
      items[i] = items[parent]!;
      items[parent] = value;
      i = parent;
    }
  }

  pop(): number | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    items[0] = last;
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < items.length && items[left]! < items[smallest]!) smallest = left;
      if (right < items.length && items[right]! < items[smallest]!) smallest = right;
      if (smallest === i) break;
      items[i] = items[smallest]!;
      items[smallest] = last;
      i = smallest;
    }
    return top;
  }
}
