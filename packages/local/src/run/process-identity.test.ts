import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { groupAlive, isAlive, processIdentity, thisProcess } from "./process-identity.js";

/** Polls `check` every 20 ms until it holds; vitest's test timeout bounds it. */
async function eventually(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe("process identity", () => {
  it("knows this process, and a child until it has ended", async () => {
    expect(isAlive(thisProcess())).toBe(true);
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"]);
    const id = processIdentity(child.pid!);
    expect(isAlive(id)).toBe(true);
    child.kill("SIGKILL");
    await once(child, "exit");
    expect(isAlive(id)).toBe(false);
  });

  it("does not take a pid reused by a later process for the one that had it", () => {
    const me = thisProcess();
    if (me.start === undefined) return; // no /proc: the pid alone decides
    expect(isAlive({ pid: me.pid, start: `${me.start}0` })).toBe(false);
  });

  it("knows a process group is alive while a member runs after its leader has ended", async () => {
    // The leader (sh) exits at once; its background sleep stays in the group.
    const leader = spawn("sh", ["-c", "sleep 60 & echo $!"], {
      detached: true,
      stdio: ["ignore", "pipe", "ignore"],
    });
    const id = processIdentity(leader.pid!);
    const [output] = (await once(leader.stdout!, "data")) as [Buffer];
    await once(leader, "exit");
    const member = Number(output.toString().trim());
    expect(isAlive(id)).toBe(false);
    expect(isAlive(processIdentity(member))).toBe(true);
    expect(groupAlive(id)).toBe(true);
    process.kill(-id.pid, "SIGKILL");
    // The member is reaped by whoever adopted it, or stays a zombie: gone either way.
    await eventually(() => !groupAlive(id));
  });

  it("does not take a group whose leader's pid now belongs to a later process for the one that had it", async () => {
    const leader = spawn("sleep", ["60"], { detached: true, stdio: "ignore" });
    const id = processIdentity(leader.pid!);
    try {
      if (id.start === undefined) return; // no /proc: the group's answer alone decides
      expect(groupAlive(id)).toBe(true);
      expect(groupAlive({ pid: id.pid, start: `${id.start}0` })).toBe(false);
    } finally {
      leader.kill("SIGKILL");
      await once(leader, "exit");
    }
  });
});
