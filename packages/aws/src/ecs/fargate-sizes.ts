/** Fargate's task sizes: CPU units to the memory (MiB) each allows, per the ECS developer guide. */
const memoryByCpu: ReadonlyMap<number, ReadonlyArray<number>> = new Map([
  [256, [512, 1024, 2048]],
  [512, steps(1024, 4096, 1024)],
  [1024, steps(2048, 8192, 1024)],
  [2048, steps(4096, 16384, 1024)],
  [4096, steps(8192, 30720, 1024)],
  [8192, steps(16384, 61440, 4096)],
  [16384, steps(32768, 122880, 8192)],
]);

export const fargateCpuValues: ReadonlyArray<number> = [...memoryByCpu.keys()];

/** The smallest memory a CPU size allows: the default when only `cpu` is given. */
export function minimumMemory(cpu: number): number | undefined {
  return memoryByCpu.get(cpu)?.[0];
}

/** Why a cpu/memory pair cannot run on Fargate, or undefined when it can. */
export function fargateSizeProblem(
  cpu: number,
  memory: number,
): { message: string; hint: string } | undefined {
  const allowed = memoryByCpu.get(cpu);
  if (!allowed) {
    return {
      message: `cpu ${cpu} is not a Fargate task size`,
      hint: `use one of ${fargateCpuValues.join(", ")} CPU units (1024 = 1 vCPU)`,
    };
  }
  if (!allowed.includes(memory)) {
    return {
      message: `memory ${memory} MiB does not fit cpu ${cpu} on Fargate`,
      hint: `with cpu ${cpu}, memory must be ${describeRange(allowed)} MiB`,
    };
  }
  return undefined;
}

function steps(from: number, to: number, by: number): number[] {
  const out: number[] = [];
  for (let m = from; m <= to; m += by) out.push(m);
  return out;
}

function describeRange(values: ReadonlyArray<number>): string {
  if (values.length <= 3) return values.join(", ");
  return `${values[0]} to ${values[values.length - 1]} in steps of ${values[1]! - values[0]!}`;
}
