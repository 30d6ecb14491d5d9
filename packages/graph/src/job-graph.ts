import {
  assertNever,
  type CatchPolicyNode,
  type FlowNode,
  formatDuration,
  type MapItemsNode,
  parseDuration,
  type ResolvedJob,
  type ResolvedLock,
  type ResolvedWorkflow,
  type WorkflowNode,
} from "@batchflow/core";
import { GraphBuilder } from "./graph-builder.js";
import type { JobOutcome, WorkflowGraph } from "./graph-model.js";
import { errorsText, jobDetails, jobRow, outcomeText, scheduleLines } from "./job-labels.js";
import { jobLocks } from "./job-locks.js";
import { nodeDepths } from "./node-depths.js";

/** What a drawn part of the flow offers its neighbours. */
interface Drawn {
  /** The nodes the part starts at. */
  readonly entries: ReadonlyArray<string>;
  /** The nodes the flow goes on from after the part succeeded. */
  readonly exits: ReadonlyArray<string>;
  /** Where an edge for the whole part leaves from: the job's node, or the part's cluster. */
  readonly anchor: string;
}

/**
 * The job graph of a workflow as its author wrote it: jobs with what they run, their order
 * (`.then()`, `after:`), `parallel()` and `map()` groups, catch and `.finally()` handlers, locks and
 * the schedule. The flow IR gives the shape (a `dag()` keeps its own dependencies, not the
 * series-parallel order it compiles to); the resolved workflow gives each job's settings.
 */
export function jobGraph(
  node: WorkflowNode,
  resolved: ResolvedWorkflow,
  outcomes?: ReadonlyMap<string, JobOutcome>,
): WorkflowGraph {
  const jobs = new Map(resolved.jobs.map((j) => [j.name, j]));
  const locks = jobLocks(resolved.body);
  const g = new GraphBuilder();
  let failed: string | undefined;
  const failedNode = (): string => {
    failed ??= g.node({ id: "failed", kind: "failed", title: "failed", details: [] }, true);
    return failed;
  };

  const drawJob = (name: string): Drawn => {
    const job = jobs.get(name);
    if (job === undefined) throw new Error(`internal error: job "${name}" was not resolved`);
    const outcome = outcomes?.get(name);
    const details = jobDetails(job, locks.get(name));
    if (outcome !== undefined) details.push(outcomeText(outcome));
    const id = g.node({
      id: `job-${name}`,
      kind: "job",
      title: name,
      details,
      job: name,
      ...(outcome === undefined ? {} : { outcome }),
    });
    return { entries: [id], exits: [id], anchor: id };
  };

  const drawCatches = (drawn: Drawn, catches: ReadonlyArray<CatchPolicyNode>): Drawn => {
    let exits = [...drawn.exits];
    for (const c of catches) {
      const handler = draw(c.handler);
      if (c.finally === true) {
        for (const entry of handler.entries) g.edge(drawn.anchor, entry, "finally", "finally");
        for (const exit of handler.exits) g.edge(exit, failedNode(), "fail", "after a failure");
        exits = [...handler.exits];
        continue;
      }
      for (const entry of handler.entries) g.edge(drawn.anchor, entry, "catch", errorsText(c.errors));
      if (c.rethrow === true) {
        for (const exit of handler.exits) g.edge(exit, failedNode(), "fail", "rethrow");
      } else {
        exits = [...exits, ...handler.exits];
      }
    }
    return { ...drawn, exits };
  };

  /** The part itself, without its catches (`draw` adds them, and a box for a group that has some). */
  const drawInner = (flow: FlowNode): Drawn => {
    switch (flow.kind) {
      case "job":
        return drawJob(flow.name);
      case "sequence": {
        let first: Drawn | undefined;
        let last: Drawn | undefined;
        for (const step of flow.steps) {
          const drawn = draw(step);
          if (last !== undefined) g.connect(last.exits, drawn.entries);
          first ??= drawn;
          last = drawn;
        }
        if (first === undefined || last === undefined) return { entries: [], exits: [], anchor: "" };
        return { entries: first.entries, exits: last.exits, anchor: first.anchor };
      }
      case "parallel": {
        const { id, drawn } = g.cluster("parallel", groupLabel("parallel", flow), () =>
          flow.branches.map((b) => draw(b)),
        );
        return { entries: drawn.flatMap((d) => d.entries), exits: drawn.flatMap((d) => d.exits), anchor: id };
      }
      case "map": {
        const { id, drawn } = g.cluster("map", groupLabel(mapLabel(flow.items, flow.options), flow), () =>
          draw(flow.body),
        );
        return { entries: drawn.entries, exits: drawn.exits, anchor: id };
      }
      case "dag":
        return drawDag(flow.jobs);
      default:
        return assertNever(flow);
    }
  };

  const drawDag = (members: ReadonlyArray<FlowNode & { kind: "job" }>): Drawn => {
    const drawn = new Map(members.map((m) => [m.name, draw(m)] as const));
    const needed = new Set(members.flatMap((m) => m.after.map((ref) => ref.name)));
    for (const member of members) {
      const to = drawn.get(member.name);
      for (const ref of member.after) {
        const from = drawn.get(ref.name);
        if (from !== undefined && to !== undefined) g.connect(from.exits, to.entries);
      }
    }
    const entries = members
      .filter((m) => m.after.length === 0)
      .flatMap((m) => drawn.get(m.name)?.entries ?? []);
    const exits = members.filter((m) => !needed.has(m.name)).flatMap((m) => drawn.get(m.name)?.exits ?? []);
    return { entries, exits, anchor: entries[0] ?? "" };
  };

  const draw = (flow: FlowNode): Drawn => {
    const boxed = flow.kind !== "job" && flow.kind !== "parallel" && flow.kind !== "map";
    if (boxed && (flow.catch.length > 0 || flow.timeout !== undefined)) {
      const { id, drawn } = g.cluster("group", groupLabel("group", flow), () => drawInner(flow));
      return drawCatches({ ...drawn, anchor: id }, flow.catch);
    }
    return drawCatches(drawInner(flow), flow.catch);
  };

  const start = g.node({
    id: "start",
    kind: "start",
    title: resolved.name,
    details: scheduleLines(resolved),
  });
  const body =
    resolved.lock === undefined
      ? draw(node.body)
      : g.cluster("lock", lockLabel(resolved.lock), () => draw(node.body)).drawn;
  g.connect([start], body.entries);
  const { drawn: lastJobs, left } = lastExits(g, body.exits);
  const end = g.node({
    id: "end",
    kind: "end",
    title: "succeeded",
    details: left === 0 ? [] : [`once every job has ended: ${left} more end the flow above`],
  });
  g.connect(lastJobs, [end]);
  if (resolved.notify !== undefined) {
    const on = resolved.notify.on;
    const notify = g.node({ id: "notify", kind: "notify", title: "notify", details: notifyLines(resolved) });
    if (on.includes("success")) g.edge(end, notify, "notify", "success");
    if (on.includes("failure") || on.includes("timeout")) {
      g.edge(failedNode(), notify, "notify", on.filter((e) => e !== "success").join(", "));
    }
  }
  return g.build({
    workflow: resolved.name,
    ...(resolved.description === undefined ? {} : { description: resolved.description }),
    level: "jobs",
    jobs: resolved.jobs.map((j: ResolvedJob) => jobRow(j, locks.get(j.name), outcomes?.get(j.name))),
  });
}

/** More exits than this, and only the deepest ones draw their edge to the end. */
const maxEndEdges = 8;

/**
 * The exits that get an edge to the end. A dag can end in hundreds of jobs at every depth; an edge
 * from each to one end node would cross the whole picture (and take Graphviz minutes to route), so
 * past `maxEndEdges` only those on the last two levels get one and the end node says how many more.
 */
function lastExits(g: GraphBuilder, exits: ReadonlyArray<string>): { drawn: string[]; left: number } {
  if (exits.length <= maxEndEdges) return { drawn: [...exits], left: 0 };
  const depths = nodeDepths(
    g.nodes.map((n) => n.id),
    g.edges,
  );
  const deepest = Math.max(...exits.map((id) => depths.get(id) ?? 0));
  const drawn = exits.filter((id) => (depths.get(id) ?? 0) >= deepest - 1);
  return { drawn, left: exits.length - drawn.length };
}

function groupLabel(head: string, flow: FlowNode): string {
  if (flow.timeout === undefined) return head;
  const parsed = parseDuration(flow.timeout.duration);
  return parsed.ok ? `${head} · time budget ${formatDuration(parsed.seconds)}` : head;
}

function mapLabel(items: MapItemsNode, options: { concurrency?: number; distributed?: boolean }): string {
  const source =
    items.kind === "s3"
      ? `s3://${items.bucket}/${items.prefix ?? ""}`
      : items.kind === "job-output"
        ? `the output of ${items.job}`
        : items.path;
  const parts = [`map over ${source}`];
  if (options.concurrency !== undefined) parts.push(`${options.concurrency} at once`);
  if (options.distributed === true || items.kind === "s3") parts.push("distributed");
  return parts.join(" · ");
}

function lockLabel(lock: ResolvedLock): string {
  const busy =
    lock.waitSeconds === 0
      ? `${lock.onBusy} when busy`
      : `wait ${formatDuration(lock.waitSeconds)}, then ${lock.onBusy}`;
  return `lock ${lock.name} (${busy})`;
}

function notifyLines(resolved: ResolvedWorkflow): string[] {
  const notify = resolved.notify;
  if (notify === undefined) return [];
  const lines: string[] = [];
  if (notify.slack !== undefined) lines.push(`Slack on ${notify.on.join(", ")}`);
  if (notify.snsTopic !== undefined)
    lines.push(`SNS ${notify.snsTopic.slice(notify.snsTopic.lastIndexOf(":") + 1)}`);
  return lines;
}
