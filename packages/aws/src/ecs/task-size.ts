import type { ResolvedContainer, ResolvedJob } from "@batchflow/core";
import { fargateSizeProblem, minimumMemory } from "./fargate-sizes.js";

export interface TaskSize {
  readonly cpu: number;
  readonly memory: number;
}

export const defaultCpu = 256;

/** The task size a container spec asks for: memory defaults to the smallest its CPU allows. */
export function containerSize(spec: ResolvedContainer): TaskSize {
  const cpu = spec.options.cpu ?? defaultCpu;
  return { cpu, memory: spec.options.memory ?? minimumMemory(cpu) ?? 0 };
}

/**
 * The size a job runs at when it overrides its task's, or undefined when it does not. A job that
 * sets only `cpu` keeps its task's memory when that still fits, else the smallest that does; the
 * override names both, so ECS never combines the new CPU with a memory it cannot run.
 */
export function jobTaskSize(job: ResolvedJob): TaskSize | undefined {
  if (job.cpu === undefined && job.memory === undefined) return undefined;
  const base = containerSize(job.container);
  const cpu = job.cpu ?? base.cpu;
  if (job.memory !== undefined) return { cpu, memory: job.memory };
  const keeps = fargateSizeProblem(cpu, base.memory) === undefined;
  return { cpu, memory: keeps ? base.memory : (minimumMemory(cpu) ?? base.memory) };
}
