import type { DiagnosticSink } from "../diagnostics/diagnostic-sink.js";
import { assertNever, type MapNode } from "../ir/flow-node.js";
import type { MapOptions } from "../ir/map-items.js";
import { inputPathAt, inputRootAt, itemPathAt, outputPath } from "./map-paths.js";
import { resolvedJobSteps } from "./resolved-job-steps.js";
import type { ResolvedFlow, ResolvedMap, ResolvedMapItems, ToleratedFailure } from "./resolved-workflow.js";

/**
 * A map's own fields, `depth` maps deep (0: not inside a map); the body and the group policies
 * are resolved by the caller. Reports a lock inside the body (BF1255).
 */
export function resolveMap(
  node: MapNode,
  body: ResolvedFlow,
  depth: number,
  sink: DiagnosticSink,
): Omit<ResolvedMap, "catch" | "timeoutSeconds"> | undefined {
  if (!checkNoLocks(body, sink)) return undefined;
  if (node.items.kind === "item" && depth === 0) {
    sink.report({
      code: "BF1253",
      message: "map() takes its items from item(...), but it is in no other map()",
      hint: 'item() is the item of an enclosing map(); at the top, iterate over input("$.field") or a job with output: true',
      site: node.site,
    });
    return undefined;
  }
  const { options } = node;
  return {
    kind: "map",
    items: itemsAt(node, depth),
    inputPath: inputRootAt(depth),
    body,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    distributed: options.distributed === true,
    ...toleratedFailure(options),
    site: node.site,
  };
}

function itemsAt(node: MapNode, depth: number): ResolvedMapItems {
  const { items } = node;
  switch (items.kind) {
    case "input":
      return { kind: "path", path: inputPathAt(items.path, depth) };
    case "job-output":
      return { kind: "path", path: outputPath(items.job) };
    case "item":
      return { kind: "path", path: itemPathAt(items.path) };
    case "s3":
      return {
        kind: "s3",
        bucket: items.bucket,
        ...(items.prefix === undefined ? {} : { prefix: items.prefix }),
      };
    default:
      return assertNever(items);
  }
}

function toleratedFailure(options: MapOptions): { toleratedFailure?: ToleratedFailure } {
  const given = options.toleratedFailure;
  if (given === undefined) return {};
  if (typeof given === "number") return { toleratedFailure: { kind: "count", count: given } };
  return { toleratedFailure: { kind: "percentage", percentage: Number(given.slice(0, -1)) } };
}

/**
 * Every item's iteration would take the same lock and hold it from its own execution, so the
 * items would exclude each other (or, in a Distributed Map, each child execution would be an
 * owner of its own): refused until locks know map iterations.
 */
function checkNoLocks(body: ResolvedFlow, sink: DiagnosticSink): boolean {
  let ok = true;
  for (const step of resolvedJobSteps(body)) {
    if (!step.lock) continue;
    ok = false;
    sink.report({
      code: "BF1255",
      message: `job lock "${step.lock.name}" is inside a map()`,
      hint: "limit how many items run at once with map(..., { concurrency }) instead, or lock the whole workflow (workflow lock:)",
      job: step.job.name,
      site: step.lock.site,
    });
  }
  return ok;
}
