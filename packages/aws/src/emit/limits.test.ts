import { DiagnosticSink } from "@batchflow/core";
import { describe, expect, it } from "vitest";
import type { StateMachine } from "../asl/asl-types.js";
import { serialize } from "../bundle/serialize.js";
import { serializeDefinition } from "./definition-chunks.js";
import { checkStateMachineLimits, maxDefinitionBytes } from "./limits.js";

/** A one-state machine whose minified JSON is exactly `bytes` long. */
function machineOf(bytes: number): StateMachine {
  const shell: StateMachine = { Comment: "", StartAt: "a", States: { a: { Type: "Succeed" } } };
  const padding = bytes - Buffer.byteLength(JSON.stringify(shell));
  // Two-byte characters as well, so the count is of bytes, not of characters.
  return { ...shell, Comment: `${"é".repeat(padding >> 1)}${"x".repeat(padding & 1)}` };
}

const check = (machine: StateMachine) => {
  const sink = new DiagnosticSink("w");
  checkStateMachineLimits(machine, serializeDefinition(machine), sink);
  return sink.items.map((d) => `${d.code} ${d.message}`);
};

describe("state machine limits", () => {
  it("takes a definition of exactly 1 MiB minified and refuses one byte more (BF1309)", () => {
    const atLimit = machineOf(maxDefinitionBytes);
    expect(Buffer.byteLength(JSON.stringify(atLimit))).toBe(maxDefinitionBytes);
    expect(check(atLimit)).toEqual([]);
    expect(check(machineOf(maxDefinitionBytes + 1))).toEqual([
      "BF1309 the state machine definition is 1048577 bytes minified; Step Functions accepts at most 1048576",
    ]);
  });

  it("counts the minified size, not the file's: a deeply indented definition under 1 MiB passes", () => {
    let deep: Record<string, unknown> = { leaf: "x" };
    for (let i = 0; i < 12; i++) deep = { [`level${i}`]: deep, list: [1, [2, [3]]] };
    const states = Object.fromEntries(
      Array.from({ length: 1500 }, (_, i) => [
        `s${i}`,
        { Type: "Pass", Parameters: deep, Next: `s${i + 1}` },
      ]),
    );
    const machine: StateMachine = { StartAt: "s0", States: { ...states, s1500: { Type: "Succeed" } } };
    expect(Buffer.byteLength(serialize(machine))).toBeGreaterThan(2 * maxDefinitionBytes);
    expect(Buffer.byteLength(JSON.stringify(machine))).toBeLessThan(maxDefinitionBytes);
    expect(check(machine)).toEqual([]);
  });
});
