// Random dependency graphs for dag() property tests: a plain-data spec (each job's dependencies and
// duration), arbitraries for any acyclic graph and for series-parallel ones, the workflow a spec
// describes (built with the public DSL), and oracles: the critical path and the dependencies a
// simulated run broke.
import { dag, type Flow, job, type Workflow, workflow } from "@batchflow/batchflow";
import type { Simulation } from "@batchflow/batchflow/testing";
import fc from "fast-check";
import { baseOptions } from "./flow-fixtures.js";

export interface DagSpec {
  /** `after[v]`: the jobs job `j<v>` runs after; jobs are numbered in a topological order. */
  readonly after: ReadonlyArray<ReadonlyArray<number>>;
  /** Virtual minutes each job runs. */
  readonly minutes: ReadonlyArray<number>;
  /** The order the jobs are passed to dag(): a permutation of the job numbers. */
  readonly listed: ReadonlyArray<number>;
}

const minutesArb = (size: number) =>
  fc.array(fc.integer({ min: 1, max: 120 }), { minLength: size, maxLength: size });
const permutationArb = (size: number) =>
  fc.shuffledSubarray(
    Array.from({ length: size }, (_, i) => i),
    { minLength: size, maxLength: size },
  );

/** Any acyclic graph of 1-`maxJobs` jobs: each job after up to 3 of the jobs numbered before it. */
export function dagSpecArb(maxJobs = 24): fc.Arbitrary<DagSpec> {
  return fc.integer({ min: 1, max: maxJobs }).chain((size) =>
    fc.record({
      after: fc
        .array(fc.array(fc.nat(), { maxLength: 3 }), { minLength: size, maxLength: size })
        .map((lists) => lists.map((preds, v) => (v === 0 ? [] : [...new Set(preds.map((p) => p % v))]))),
      minutes: minutesArb(size),
      listed: permutationArb(size),
    }),
  );
}

/**
 * Series-parallel graphs of 1-`maxJobs` jobs: a random series / parallel composition (each series
 * part after every last job of the part before), plus a few dependencies already implied by others.
 */
export function seriesParallelSpecArb(maxJobs = 24): fc.Arbitrary<DagSpec> {
  return fc.integer({ min: 1, max: maxJobs }).chain((size) =>
    fc.record({
      after: fc
        .record({
          choices: fc.array(fc.nat(), { minLength: 4 * size, maxLength: 4 * size }),
          implied: fc.array(fc.nat(), { maxLength: 4 }),
          parallelFirst: fc.boolean(),
        })
        .map(({ choices, implied, parallelFirst }) => composition(size, choices, implied, parallelFirst)),
      minutes: minutesArb(size),
      listed: permutationArb(size),
    }),
  );
}

function composition(
  size: number,
  choices: ReadonlyArray<number>,
  implied: ReadonlyArray<number>,
  parallelFirst: boolean,
): number[][] {
  const after: number[][] = Array.from({ length: size }, () => []);
  let next = 0;
  let choice = 0;
  const pick = (n: number) => (choices[choice++ % choices.length] ?? 0) % n;
  const build = (count: number, asParallel: boolean): { sources: number[]; sinks: number[] } => {
    if (count === 1) {
      const v = next++;
      return { sources: [v], sinks: [v] };
    }
    const sizes = Array.from({ length: Math.min(count, 2 + pick(3)) }, () => 1);
    for (let i = sizes.length; i < count; i++) sizes[pick(sizes.length)]!++;
    const parts = sizes.map((s) => build(s, !asParallel));
    if (asParallel) return { sources: parts.flatMap((p) => p.sources), sinks: parts.flatMap((p) => p.sinks) };
    parts.forEach((p, i) => {
      if (i > 0) for (const v of p.sources) after[v]!.push(...parts[i - 1]!.sinks);
    });
    return { sources: parts[0]!.sources, sinks: parts.at(-1)!.sinks };
  };
  build(size, parallelFirst);
  for (const v of implied) {
    const p = after[v % size]![0];
    const pp = p === undefined ? undefined : after[p]![0];
    if (pp !== undefined && !after[v % size]!.includes(pp)) after[v % size]!.push(pp);
  }
  return after;
}

export const jobName = (v: number): string => `j${v}`;

/** The dag() a spec describes: jobs made in number order (after: needs the flows), listed in `listed` order. */
export function dagFlow(spec: DagSpec): Flow {
  const flows: Flow[] = [];
  spec.after.forEach((preds, v) => {
    flows[v] = job(jobName(v), preds.length > 0 ? { after: preds.map((p) => flows[p]!) } : {});
  });
  return dag(...spec.listed.map((v) => flows[v]!));
}

/** A workflow around the spec's dag; job timeouts are far longer than any job runs. */
export function dagWorkflow(spec: DagSpec, wrap: (body: Flow) => Flow = (body) => body): Workflow {
  return workflow(
    "dag",
    { ...baseOptions, defaults: { ...baseOptions.defaults, timeout: "1d" } },
    wrap(dagFlow(spec)),
  );
}

/** simulate()'s scenario for the spec: each job runs its minutes. */
export function dagScenario(spec: DagSpec): { jobs: Record<string, { duration: `${number}m` }> } {
  return {
    jobs: Object.fromEntries(spec.minutes.map((m, v) => [jobName(v), { duration: `${m}m` as const }])),
  };
}

/** The longest path through the graph, in virtual milliseconds. */
export function criticalPathMs(spec: DagSpec): number {
  const finish: number[] = [];
  spec.after.forEach((preds, v) => {
    finish[v] = Math.max(0, ...preds.map((p) => finish[p]!)) + spec.minutes[v]! * 60_000;
  });
  return Math.max(...finish);
}

/** Every dependency `p → v` whose job v started before job p ended. */
export function brokenDependencies(spec: DagSpec, run: Simulation): string[] {
  return spec.after.flatMap((preds, v) =>
    preds
      .filter((p) => run.timing(jobName(v)).start < run.timing(jobName(p)).end)
      .map((p) => `${jobName(p)} → ${jobName(v)}`),
  );
}
