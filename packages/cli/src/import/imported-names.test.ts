import { describe, expect, it } from "vitest";
import { jobNameOf } from "./imported-names.js";

describe("jobNameOf", () => {
  it("names a job after its program and first argument, past interpreters and a cd", () => {
    expect(jobNameOf(["make", "run", "hoge"])).toBe("hoge");
    expect(jobNameOf(["/usr/local/bin/backup.sh", "--full"])).toBe("backup");
    expect(jobNameOf(["php", "/var/www/artisan", "schedule:run"])).toBe("artisan-schedule-run");
    expect(jobNameOf("cd /srv/app && ./bin/first-monday.sh >> /var/log/fm.log 2>&1")).toBe("first-monday");
    expect(jobNameOf("/usr/bin/mysqldump db | gzip > /backup/db.gz")).toBe("mysqldump-db");
  });

  it("looks past wrappers and their values, make's -C directory, a test before &&, and option values", () => {
    expect(jobNameOf(["make", "-C", "/srv/app", "run", "aggregate"])).toBe("aggregate");
    expect(jobNameOf(["/usr/bin/python3", "/srv/app/jobs/sync_ads.py", "--since", "yesterday"])).toBe(
      "sync-ads",
    );
    expect(jobNameOf(["nice", "-n", "10", "ionice", "-c3", "/srv/app/bin/heavy"])).toBe("heavy");
    expect(jobNameOf("[ -x /srv/app/bin/weekly ] && /srv/app/bin/weekly")).toBe("weekly");
    expect(jobNameOf(["sudo", "-u", "app", "/srv/app/bin/as-app"])).toBe("as-app");
  });
});
