import { describe, expect, it } from "vitest";
import { readCommand } from "./crontab-command.js";

describe("readCommand", () => {
  it("turns the talk's timeout and flock wrappers into job options", () => {
    expect(readCommand("timeout 1800 flock -w 600 /var/lock/hoge.lock make run hoge")).toEqual({
      ok: true,
      job: {
        command: ["make", "run", "hoge"],
        timeoutSeconds: 1800,
        lock: { name: "hoge.lock", file: "/var/lock/hoge.lock", onBusy: "fail", waitSeconds: 600 },
        env: {},
        notes: [],
      },
    });
    expect(readCommand("flock -n /var/lock/fuga.lock timeout 1h make run report")).toMatchObject({
      ok: true,
      job: { timeoutSeconds: 3600, lock: { name: "fuga.lock", onBusy: "skip" } },
    });
  });

  it("reads cd DIR &&, NAME=value prefixes, quoting, and flock -c", () => {
    expect(readCommand("cd /srv/app && RAILS_ENV=production bin/rails 'runner' \"Job.run\"")).toMatchObject({
      ok: true,
      job: {
        workingDirectory: "/srv/app",
        env: { RAILS_ENV: "production" },
        command: ["bin/rails", "runner", "Job.run"],
      },
    });
    expect(
      readCommand("/usr/bin/flock -w 5 /tmp/x.lock -c 'php artisan schedule:run >> /dev/null 2>&1'"),
    ).toMatchObject({
      ok: true,
      job: {
        lock: { name: "x.lock", waitSeconds: 5 },
        command: "php artisan schedule:run >> /dev/null 2>&1",
      },
    });
  });

  it("notes a command that starts with a user name: a system crontab's line read as a user crontab's", () => {
    const read = readCommand("root /usr/local/bin/weekly-backup");
    expect(read.ok && read.job.notes).toEqual([
      "its command starts with root, a user name, not a program: if the file is a system crontab (/etc/crontab, /etc/cron.d/*), whose lines name a user after the time fields, import it with --format system",
    ]);
    const named = readCommand("/usr/local/bin/weekly-backup root");
    expect(named.ok && named.job.notes).toEqual([]);
  });

  it("keeps shell constructs as a string for sh -c, and notes redirections to files", () => {
    const read = readCommand("/usr/bin/mysqldump db | gzip > /backup/db.gz");
    expect(read).toMatchObject({
      ok: true,
      job: { command: "/usr/bin/mysqldump db | gzip > /backup/db.gz" },
    });
    expect(read.ok && read.job.notes[0]).toMatch(/lost when the task ends/);
    expect(readCommand("test -x /usr/sbin/x && /usr/sbin/x --quiet")).toMatchObject({
      ok: true,
      job: { command: "test -x /usr/sbin/x && /usr/sbin/x --quiet" },
    });
  });

  it("refuses what a job cannot express, with the reason", () => {
    expect(readCommand("flock -s /l cmd")).toEqual({
      ok: false,
      reason: expect.stringMatching(/shared lock/),
    });
    expect(readCommand("timeout soon cmd")).toEqual({
      ok: false,
      reason: expect.stringMatching(/not a number/),
    });
    expect(readCommand("timeout 10")).toEqual({ ok: false, reason: expect.stringMatching(/empty/) });
  });

  it("notes a command run through sudo", () => {
    const read = readCommand("sudo -u app /srv/app/bin/as-app");
    expect(read.ok && read.job.notes).toEqual([expect.stringMatching(/^it runs through sudo/)]);
  });
});
