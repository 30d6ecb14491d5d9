import { clockSeconds, clockStates, StateNames } from "@batchflow/aws";
import { describe, expect, it } from "vitest";
import { runAsl } from "./support/run-asl.js";
import { validateAsl } from "./support/validate-asl.js";

/** A machine that reads `$.t` with the clock states and ends with `{ iso, now }`. */
function clockMachine(sign: 1 | -1): Record<string, unknown> {
  const names = new StateNames([]);
  const states = clockStates(
    { source: "$.t", resultPath: "$.clock", sign, prefix: "c", next: "Done" },
    names,
  );
  return {
    StartAt: states[0]!.name,
    States: {
      ...Object.fromEntries(states.map((s) => [s.name, s.state])),
      Done: { Type: "Pass", InputPath: "$.clock", End: true },
    },
  };
}

async function readClock(iso: string, sign: 1 | -1 = 1): Promise<number> {
  const run = await runAsl(clockMachine(sign), { input: { t: iso }, task: () => null });
  expect(run.status, `${run.error}: ${run.cause}`).toBe("SUCCEEDED");
  return (run.output as { now: number }).now;
}

describe("clock states", () => {
  it("are valid ASL", () => {
    expect(validateAsl(clockMachine(1))).toEqual({ valid: true, errors: [] });
  });

  it.each([
    "2020-01-01T00:00:00.000Z",
    "2024-02-29T23:59:59.999Z",
    "2024-03-01T00:00:00.000Z",
    "2026-11-29T14:16:29.979Z",
    "2026-12-31T23:59:59Z",
    "2027-01-01T00:00:00.5Z",
    "2087-12-31T23:59:59.000Z",
  ])("read %s as seconds since 2020, as Date does", async (iso) => {
    expect(await readClock(iso)).toBe(clockSeconds(iso));
    expect(await readClock(iso, -1)).toBe(0 - clockSeconds(iso));
  });

  it("agree with Date on every month start and end from 2020 to 2087", async () => {
    const samples: string[] = [];
    for (let y = 2020; y <= 2087; y += 7) {
      for (let m = 0; m < 12; m++) {
        samples.push(
          new Date(Date.UTC(y, m, 1)).toISOString(),
          new Date(Date.UTC(y, m + 1, 1) - 1000).toISOString(),
        );
      }
    }
    for (const iso of samples) expect(await readClock(iso), iso).toBe(clockSeconds(iso));
  });
});
