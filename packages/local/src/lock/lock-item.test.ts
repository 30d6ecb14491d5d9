import { describe, expect, it } from "vitest";
import type { AcquireCall, ReleaseCall } from "./lock-call.js";
import { decide, type LockHolder } from "./lock-item.js";

const acquire = (owner: string, now: number): AcquireCall => ({
  kind: "acquire",
  table: "t",
  name: "n",
  owner,
  now,
  expires: now + 30,
  acquiredAt: "at",
  workflow: "wf",
});
const release = (owner: string): ReleaseCall => ({ kind: "release", table: "t", name: "n", owner });
const held = (owner: string, expires: number): LockHolder => ({
  owner,
  expires,
  acquiredAt: "at",
  workflow: "wf",
});

describe("decide: DynamoDB's conditions for the lock calls", () => {
  it("grants an acquire when nobody holds the lock, when the lease has expired, or to the holder itself", () => {
    expect(decide(undefined, acquire("a", 100))).toEqual({ granted: true, holder: held("a", 130) });
    expect(decide(held("b", 99), acquire("a", 100))).toMatchObject({ granted: true, holder: { owner: "a" } });
    expect(decide(held("a", 500), acquire("a", 100))).toMatchObject({
      granted: true,
      holder: { expires: 130 },
    });
  });

  it("refuses an acquire while another holder's lease runs, `Expires < now` being strict", () => {
    expect(decide(held("b", 100), acquire("a", 100))).toEqual({ granted: false, holder: held("b", 100) });
    expect(decide(held("b", 101), acquire("a", 100)).granted).toBe(false);
  });

  it("grants a release only to the holder", () => {
    expect(decide(held("a", 130), release("a"))).toEqual({ granted: true, holder: undefined });
    expect(decide(held("b", 130), release("a"))).toEqual({ granted: false, holder: held("b", 130) });
    expect(decide(undefined, release("a"))).toEqual({ granted: false, holder: undefined });
  });
});
