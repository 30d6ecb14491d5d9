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
});
