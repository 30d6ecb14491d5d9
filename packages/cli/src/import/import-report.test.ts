import { describe, expect, it } from "vitest";
import { readCrontab } from "./crontab-lines.js";
import { planImport } from "./import-plan.js";
import { importReport } from "./import-report.js";

const context = { format: "user" as const, source: "crontab.txt", out: "workflows" };

function imported(crontab: string, timezone?: string) {
  const plan = planImport(readCrontab(crontab, "user"), { group: false, ...(timezone ? { timezone } : {}) });
  return { plan, report: importReport(plan, context) };
}

describe("the import's changes of meaning", () => {
  it("keeps cron's PATH out of the jobs' env, and says so; other env lines go to every job below", () => {
    const { plan, report } = imported(
      "PATH=/usr/local/bin:/usr/bin:/bin\nAPP_ENV=production\n0 3 * * * /usr/local/bin/backup.sh --full\n",
    );
    expect(plan.workflows[0]?.jobs[0]?.env).toEqual({ APP_ENV: "production" });
    expect(report.summary).toContain("line 1: cron's search path is not copied into env");
    expect(report.markdown).toContain("- line 1: cron's search path is not copied into env");
  });

  it('says nothing of MAILTO="", which turns cron\'s mail off, but notes a MAILTO that mailed', () => {
    expect(imported('MAILTO=""\nCRON_TZ=UTC\n0 3 * * * backup\n').plan.notes).toEqual([]);
    expect(imported("MAILTO=ops@example.com\nCRON_TZ=UTC\n0 3 * * * backup\n").plan.notes).toEqual([
      expect.objectContaining({ line: 1, reason: expect.stringMatching(/^cron mailed/) }),
    ]);
  });

  it("names the zone of every workflow, and says when UTC is a guess: no CRON_TZ= and no --tz", () => {
    const guessed = imported("0 3 * * * backup\n").report;
    expect(guessed.summary).toContain("workflows/backup.ts: 0 3 * * * (UTC), job backup (line 1)");
    expect(guessed.summary).toMatch(
      /Converted, with a change:\n {2}no CRON_TZ= line or --tz named the server's time zone, so the times are read as UTC; .*--tz <zone>/,
    );
    expect(guessed.markdown).toMatch(/- no CRON_TZ= line or --tz named the server's time zone/);

    const zoned = imported("CRON_TZ=Asia/Tokyo\n0 3 * * * backup\n").report;
    expect(zoned.summary).toContain("workflows/backup.ts: 0 3 * * * (Asia/Tokyo), job backup (line 2)");
    expect(zoned.summary).not.toContain("Converted, with a change");
    expect(imported("0 3 * * * backup\n", "Europe/Berlin").report.summary).not.toContain("read as UTC");
  });
});
