import { describe, expect, it } from "vitest";
import { fargateSizeProblem, minimumMemory } from "./fargate-sizes.js";

describe("Fargate task sizes", () => {
  it.each([
    [256, 512],
    [256, 2048],
    [512, 1024],
    [512, 4096],
    [1024, 8192],
    [2048, 16384],
    [4096, 30720],
    [8192, 16384],
    [8192, 61440],
    [16384, 32768],
    [16384, 122880],
  ])("cpu %i with %i MiB runs", (cpu, memory) => {
    expect(fargateSizeProblem(cpu, memory)).toBeUndefined();
  });

  it.each([
    [256, 4096, /does not fit cpu 256/],
    [512, 512, /does not fit cpu 512/],
    [1024, 1024, /does not fit/],
    [4096, 32768, /does not fit/],
    [8192, 18432, /does not fit/],
    [16384, 36864, /does not fit/],
    [300, 1024, /not a Fargate task size/],
  ])("cpu %i with %i MiB is refused", (cpu, memory, message) => {
    expect(fargateSizeProblem(cpu, memory)?.message).toMatch(message);
  });

  it("names the memory a CPU size allows in the hint", () => {
    expect(fargateSizeProblem(512, 512)?.hint).toBe(
      "with cpu 512, memory must be 1024 to 4096 in steps of 1024 MiB",
    );
    expect(fargateSizeProblem(256, 4096)?.hint).toBe("with cpu 256, memory must be 512, 1024, 2048 MiB");
  });

  it("defaults memory to the smallest the CPU allows", () => {
    expect(minimumMemory(256)).toBe(512);
    expect(minimumMemory(2048)).toBe(4096);
    expect(minimumMemory(3)).toBeUndefined();
  });
});
