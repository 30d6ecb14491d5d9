import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { awsProfiles } from "./aws-profiles.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("awsProfiles", () => {
  it("reads [profile NAME] and [default] from the config, [NAME] from the credentials", () => {
    const dir = mkdtempSync(join(tmpdir(), "bf-aws-"));
    dirs.push(dir);
    writeFileSync(
      join(dir, "config"),
      "[default]\nregion = us-east-1\n[profile dev]\nregion=eu-west-1\n[sso-session corp]\n",
    );
    writeFileSync(join(dir, "credentials"), "[ci]\naws_access_key_id = x\n");
    const found = awsProfiles({
      AWS_CONFIG_FILE: join(dir, "config"),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"),
    });
    expect([...found.names].sort()).toEqual(["ci", "default", "dev"]);
    expect(
      awsProfiles({ AWS_CONFIG_FILE: join(dir, "none"), AWS_SHARED_CREDENTIALS_FILE: join(dir, "none") })
        .names.size,
    ).toBe(0);
  });
});
