/**
 * A unified diff of two texts, line by line: `-` lines only in `before`, `+` lines only in
 * `after`, `context` unchanged lines around each change, `…` between hunks. Empty when equal.
 */
export function lineDiff(before: string, after: string, context = 2): string {
  if (before === after) return "";
  const a = before.replace(/\n$/, "").split("\n");
  const b = after.replace(/\n$/, "").split("\n");
  const ops = diffOps(a, b);
  const keep = new Array<boolean>(ops.length).fill(false);
  ops.forEach((op, i) => {
    if (op.kind === " ") return;
    for (let j = Math.max(0, i - context); j <= Math.min(ops.length - 1, i + context); j++) keep[j] = true;
  });
  const lines: string[] = [];
  let skipped = false;
  ops.forEach((op, i) => {
    if (!keep[i]) {
      skipped = true;
      return;
    }
    if (skipped && lines.length > 0) lines.push("  …");
    skipped = false;
    lines.push(`${op.kind} ${op.line}`);
  });
  return lines.join("\n");
}

interface Op {
  readonly kind: " " | "-" | "+";
  readonly line: string;
}

function diffOps(a: ReadonlyArray<string>, b: ReadonlyArray<string>): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head = a.slice(0, start).map((line): Op => ({ kind: " ", line }));
  const tail = a.slice(endA).map((line): Op => ({ kind: " ", line }));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  return [...head, ...lcsOps(midA, midB), ...tail];
}

/** Longest-common-subsequence diff of the changed middle (small: prefix and suffix are trimmed). */
function lcsOps(a: ReadonlyArray<string>, b: ReadonlyArray<string>): Op[] {
  if (a.length * b.length > 4_000_000) {
    return [...a.map((line): Op => ({ kind: "-", line })), ...b.map((line): Op => ({ kind: "+", line }))];
  }
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * width + j] =
        a[i] === b[j]
          ? table[(i + 1) * width + j + 1]! + 1
          : Math.max(table[(i + 1) * width + j]!, table[i * width + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      ops.push({ kind: " ", line: a[i]! });
      i++;
      j++;
    } else if (table[(i + 1) * width + j]! >= table[i * width + j + 1]!) {
      ops.push({ kind: "-", line: a[i++]! });
    } else {
      ops.push({ kind: "+", line: b[j++]! });
    }
  }
  while (i < a.length) ops.push({ kind: "-", line: a[i++]! });
  while (j < b.length) ops.push({ kind: "+", line: b[j++]! });
  return ops;
}
