import { describe, expect, it } from "vitest";
import type { AcquireCall, ReleaseCall, TakeOverCall } from "./lock-call.js";
import { decide, type LockHolder } from "./lock-item.js";

const acquire = (owner: string): AcquireCall => ({
  kind: "acquire",
  table: "t",
  name: "n",
  owner,
  execution: `exec-${owner}`,
  acquiredAt: "at",
  workflow: "wf",
});
const takeOver = (owner: string, stale: string): TakeOverCall => ({
  ...acquire(owner),
  kind: "take-over",
  stale,
});
const release = (owner: string): ReleaseCall => ({ kind: "release", table: "t", name: "n", owner });
const held = (owner: string): LockHolder => ({
  owner,
  execution: `exec-${owner}`,
  acquiredAt: "at",
  workflow: "wf",
});

describe("decide: DynamoDB's conditions for the lock writes", () => {
  it("grants an acquire when nobody holds the lock, or to the holder itself (a retried write)", () => {
    expect(decide(undefined, acquire("a"))).toEqual({ granted: true, holder: held("a") });
    expect(decide(held("a"), acquire("a"))).toEqual({ granted: true, holder: held("a") });
  });

  it("refuses an acquire while another holds the lock, however long it has held it: no clock decides", () => {
    expect(decide(held("b"), acquire("a"))).toEqual({ granted: false, holder: held("b") });
  });

  it("grants a take-over only while the holder the taker saw still holds the lock", () => {
    expect(decide(held("dead"), takeOver("a", "dead"))).toEqual({ granted: true, holder: held("a") });
    // Another taker came first: the holder is no longer the one this taker found dead.
    expect(decide(held("c"), takeOver("a", "dead"))).toEqual({ granted: false, holder: held("c") });
    expect(decide(undefined, takeOver("a", "dead"))).toEqual({ granted: false, holder: undefined });
  });

  it("grants a release only to the holder", () => {
    expect(decide(held("a"), release("a"))).toEqual({ granted: true, holder: undefined });
    expect(decide(held("b"), release("a"))).toEqual({ granted: false, holder: held("b") });
    expect(decide(undefined, release("a"))).toEqual({ granted: false, holder: undefined });
  });
});
