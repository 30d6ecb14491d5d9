import { isBatchflowError } from "@batchflow/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { maxTimerMs, runOnVirtualClock, serialised } from "./virtual-clock.js";

const real = { setTimeout, clearTimeout, setImmediate, setInterval, Date };
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const options = (overrides: Partial<Parameters<typeof runOnVirtualClock>[1]> = {}) => ({
  startMs: Date.UTC(2026, 0, 1),
  stepLimit: 1000,
  workflow: "w",
  onGiveUp: () => {},
  ...overrides,
});
const expectRealTimers = () => {
  expect(globalThis.setTimeout).toBe(real.setTimeout);
  expect(globalThis.clearTimeout).toBe(real.clearTimeout);
  expect(globalThis.setImmediate).toBe(real.setImmediate);
  expect(globalThis.setInterval).toBe(real.setInterval);
  expect(globalThis.Date).toBe(real.Date);
};

afterEach(() => {
  vi.useRealTimers();
});

describe("runOnVirtualClock", () => {
  it("runs timers and Date on the virtual clock, from startMs", async () => {
    const seen = await runOnVirtualClock(async () => {
      const start = Date.now();
      await sleep(3_600_000);
      const afterHour = Date.now() - start;
      await new Promise((resolve) => setImmediate(resolve));
      const afterImmediate = Date.now() - start;
      return { start, afterHour, afterImmediate, iso: new Date().toISOString() };
    }, options());

    expect(seen).toEqual({
      start: Date.UTC(2026, 0, 1),
      afterHour: 3_600_000,
      afterImmediate: 3_600_000,
      iso: "2026-01-01T01:00:00.000Z",
    });
    expectRealTimers();
  });

  it("fires timers due at the same time in creation order, and concurrent sleeps overlap", async () => {
    const order = await runOnVirtualClock(async () => {
      const start = Date.now();
      const log: string[] = [];
      await Promise.all(
        ["a", "b", "c"].map(async (name, i) => {
          await sleep(i === 1 ? 500 : 1000);
          log.push(`${name}@${Date.now() - start}`);
        }),
      );
      return log;
    }, options());
    expect(order).toEqual(["b@500", "a@1000", "c@1000"]);
  });

  it(`fires timeouts longer than 2^31 - 1 ms (${(maxTimerMs / 86_400_000).toFixed(1)} days) on time, and can clear them`, async () => {
    const thirtyDays = 30 * 86_400_000;
    const result = await runOnVirtualClock(async () => {
      const start = Date.now();
      let cleared = false;
      const handle = setTimeout(() => {
        cleared = true;
      }, thirtyDays);
      clearTimeout(handle);
      await sleep(thirtyDays);
      return { elapsed: Date.now() - start, cleared };
    }, options());
    expect(result).toEqual({ elapsed: thirtyDays, cleared: false });
  });

  it("uninstalls the clock when the body fails, and passes the error on", async () => {
    const failure = new Error("boom");
    await expect(
      runOnVirtualClock(async () => {
        await sleep(1000);
        throw failure;
      }, options()),
    ).rejects.toBe(failure);
    expectRealTimers();
  });

  it("BF1523: refuses to run while fake timers are installed", async () => {
    vi.useFakeTimers();
    const error = await runOnVirtualClock(async () => 1, options()).catch((e: unknown) => e);
    vi.useRealTimers();

    expect(isBatchflowError(error) && error.code).toBe("BF1523");
    expect(String(error)).toMatch(/vi\.useFakeTimers/);
    expectRealTimers();
  });

  it("BF1524: gives up after stepLimit timers, calls onGiveUp, and uninstalls", async () => {
    let stopped = false;
    const error = await runOnVirtualClock(
      async () => {
        while (!stopped) await sleep(1000);
      },
      options({
        stepLimit: 10,
        onGiveUp: () => {
          stopped = true;
        },
      }),
    ).catch((e: unknown) => e);

    expect(isBatchflowError(error) && error.code).toBe("BF1524");
    expect(String(error)).toMatch(/did not finish within 10 steps .* stopped at 10\.000 s of virtual time/);
    expect(stopped).toBe(true);
    expectRealTimers();
  });

  it("BF1525: reports a body that waits for something no timer will bring", async () => {
    let release: () => void = () => {};
    const error = await runOnVirtualClock(
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
      options({ onGiveUp: () => release() }),
    ).catch((e: unknown) => e);

    expect(isBatchflowError(error) && error.code).toBe("BF1525");
    expectRealTimers();
  });
});

describe("serialised", () => {
  it("runs one call at a time, in call order, whatever the earlier ones did", async () => {
    const log: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await new Promise((resolve) => real.setTimeout(resolve, 5));
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };

    const results = await Promise.allSettled([
      serialised(task("a", true)),
      serialised(task("b")),
      serialised(task("c")),
    ]);

    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled", "fulfilled"]);
  });
});
