import { afterEach, describe, expect, it } from "vitest";
import { CliError } from "../cli-error.js";
import { defaultLoadTimeoutMs, guardLoad, isAbandonedLoad, loadTimeoutMs } from "./load-guard.js";

const target = {
  file: "/project/workflows/w.ts",
  shown: "workflows/w.ts",
  isUserFile: (file: string) => file === "/project/workflows/w.ts",
};
const realExit = process.exit;
afterEach(() => {
  process.exit = realExit;
});

/** What a guarded load rejects with. */
async function failure(load: () => Promise<unknown>, timeoutMs = 0): Promise<unknown> {
  return guardLoad(target, timeoutMs, load).then(
    () => {
      throw new Error("the load succeeded");
    },
    (error: unknown) => error,
  );
}

describe("guardLoad", () => {
  it("turns process.exit() during the load into BF1406 and restores process.exit", async () => {
    const error = await failure(async () => {
      process.exit(4);
    });
    expect(isAbandonedLoad(error)).toBe(true);
    expect((error as CliError).diagnostics[0]).toMatchObject({
      code: "BF1406",
      message: "workflows/w.ts called process.exit(4) while batchflow was loading it",
    });
    expect((error as CliError).exit).toBe(1);
    expect(process.exit).toBe(realExit);
  });

  it("reports the call even when the file catches what the stand-in throws", async () => {
    const error = await failure(async () => {
      try {
        process.exit(0);
      } catch {
        // a file that swallows every error
      }
    });
    expect((error as CliError).diagnostics[0]?.code).toBe("BF1406");
  });

  it("gives up on a load still pending after the limit (BF1408)", async () => {
    const error = await failure(() => new Promise(() => {}), 20);
    expect((error as CliError).diagnostics[0]).toMatchObject({
      code: "BF1408",
      message: "workflows/w.ts was still loading after 0.02 s",
    });
  });

  it("passes the load's own result and errors through", async () => {
    await expect(guardLoad(target, 1000, async () => ({ a: 1 }))).resolves.toEqual({ a: 1 });
    const thrown = new Error("database URL missing");
    expect(await failure(() => Promise.reject(thrown))).toBe(thrown);
    expect(isAbandonedLoad(thrown)).toBe(false);
    expect(process.listenerCount("beforeExit")).toBe(0);
  });
});

describe("loadTimeoutMs", () => {
  it("reads BATCHFLOW_LOAD_TIMEOUT as seconds or a duration; 0 is no limit", () => {
    expect(loadTimeoutMs(undefined)).toBe(defaultLoadTimeoutMs);
    expect(loadTimeoutMs("")).toBe(defaultLoadTimeoutMs);
    expect(loadTimeoutMs("90")).toBe(90_000);
    expect(loadTimeoutMs("2.5")).toBe(2_500);
    expect(loadTimeoutMs("2m")).toBe(120_000);
    expect(loadTimeoutMs("0")).toBe(0);
    expect(loadTimeoutMs("30d")).toBe(2 ** 31 - 1);
  });

  it("refuses what is not a duration with BF1409, a usage error", () => {
    for (const value of ["soon", "-5", "5 minutes"]) {
      expect(() => loadTimeoutMs(value), value).toThrow(CliError);
      try {
        loadTimeoutMs(value);
      } catch (error) {
        expect((error as CliError).diagnostics[0]?.code).toBe("BF1409");
        expect((error as CliError).exit).toBe(2);
      }
    }
  });
});
