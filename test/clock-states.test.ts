import { clockSeconds, clockStates, StateNames } from "@batchflow/aws";
import { describe, expect, it } from "vitest";
import { runAsl } from "./support/run-asl.js";
import { validateAsl } from "./support/validate-asl.js";

/** The clock states reading `$.t` into `$.clock`, then a Pass that ends with `{ iso, now }`. */
function clockBranch(sign: 1 | -1): { StartAt: string; States: Record<string, unknown> } {
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

/**
 * Reads every time in one execution: a Map runs the clock states once per item. One execution per
 * time cost the interpreter's start-up 240 times (about 17 s on 2 cores); the states each item
 * passes through are the same.
 */
async function readClocks(times: ReadonlyArray<string>, sign: 1 | -1 = 1): Promise<number[]> {
  const machine = {
    StartAt: "Each",
    States: {
      Each: { Type: "Map", ItemsPath: "$.items", ItemProcessor: clockBranch(sign), End: true },
    },
  };
  const run = await runAsl(machine, { input: { items: times.map((t) => ({ t })) }, task: () => null });
  expect(run.status, `${run.error}: ${run.cause}`).toBe("SUCCEEDED");
  return (run.output as Array<{ now: number }>).map((clock) => clock.now);
}

describe("clock states", () => {
  it("are valid ASL", () => {
    const branch = clockBranch(1);
    expect(validateAsl(branch)).toEqual({ valid: true, errors: [] });
  });

  const edges = [
    "2020-01-01T00:00:00.000Z",
    "2024-02-29T23:59:59.999Z",
    "2024-03-01T00:00:00.000Z",
    "2026-11-29T14:16:29.979Z",
    "2026-12-31T23:59:59Z",
    "2027-01-01T00:00:00.5Z",
    "2087-12-31T23:59:59.000Z",
  ];

  it("read the edge cases as seconds since 2020, as Date does, either sign", async () => {
    expect(await readClocks(edges)).toEqual(edges.map(clockSeconds));
    expect(await readClocks(edges, -1)).toEqual(edges.map((iso) => 0 - clockSeconds(iso)));
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
    const read = await readClocks(samples);
    for (const [i, iso] of samples.entries()) expect(read[i], iso).toBe(clockSeconds(iso));
  });
});
