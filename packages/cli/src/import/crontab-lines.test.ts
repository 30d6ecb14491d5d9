import { describe, expect, it } from "vitest";
import { detectCrontabFormat, readCrontab } from "./crontab-lines.js";

describe("readCrontab", () => {
  it("reads env lines, nicknames, the user field of a system crontab and skips comments", () => {
    const text = [
      "# m h dom mon dow user command",
      "SHELL=/bin/sh",
      'MAILTO="ops@example.com"',
      "",
      "17 *\t* * *\troot    cd / && run-parts --report /etc/cron.hourly",
      "@daily batch make run nightly",
    ].join("\n");
    expect(readCrontab(text, "system")).toEqual([
      { kind: "env", line: 2, text: "SHELL=/bin/sh", name: "SHELL", value: "/bin/sh" },
      { kind: "env", line: 3, text: 'MAILTO="ops@example.com"', name: "MAILTO", value: "ops@example.com" },
      {
        kind: "job",
        line: 5,
        text: "17 *\t* * *\troot    cd / && run-parts --report /etc/cron.hourly",
        schedule: "17 * * * *",
        user: "root",
        command: "cd / && run-parts --report /etc/cron.hourly",
      },
      {
        kind: "job",
        line: 6,
        text: "@daily batch make run nightly",
        schedule: "@daily",
        user: "batch",
        command: "make run nightly",
      },
    ]);
  });

  it("ends the command at the first unescaped %, reads \\% as %, and the rest as standard input", () => {
    const [line] = readCrontab("0 1 * * * tar czf /b/$(date +\\%F).tgz /d %line one%line two", "user");
    expect(line).toMatchObject({ command: "tar czf /b/$(date +%F).tgz /d", stdin: "line one\nline two" });
    const [escaped] = readCrontab("0 1 * * * date +\\%Y-\\%m", "user");
    expect(escaped).toMatchObject({ command: "date +%Y-%m" });
    expect(escaped).not.toHaveProperty("stdin");
  });

  it("joins a line ending in a backslash with the next, numbered by its first line", () => {
    const lines = readCrontab("# c\n0 2 * * * rsync -a \\\n    /src /dst \\\n    --delete\n", "user");
    expect(lines).toEqual([
      expect.objectContaining({ kind: "job", line: 2, command: "rsync -a /src /dst --delete" }),
    ]);
  });

  it("names lines it cannot read", () => {
    expect(readCrontab("0 2 * *", "user")).toEqual([
      {
        kind: "unread",
        line: 1,
        text: "0 2 * *",
        reason: "a schedule line needs its time fields and a command",
      },
    ]);
    expect(readCrontab("0 2 * * * root", "system")[0]).toMatchObject({
      kind: "unread",
      reason: "the line has no command",
    });
  });

  it("detects a system crontab by the service users after the time fields", () => {
    expect(detectCrontabFormat("35 * * * * batch make run hoge\n0 3 * * * root /usr/sbin/logrotate x")).toBe(
      "system",
    );
    expect(detectCrontabFormat("35 * * * * make run hoge\n0 3 * * * root /usr/sbin/logrotate x")).toBe(
      "user",
    );
    expect(detectCrontabFormat("# nothing")).toBe("user");
  });
});
