import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * The profiles of the AWS shared config and credentials files (AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials), as the AWS SDK reads
 * them: `[profile NAME]` (or `[NAME]`) in the config, `[NAME]` in the credentials; `[default]` in
 * either. Files that cannot be read hold none.
 */
export function awsProfiles(env: NodeJS.ProcessEnv = process.env): {
  readonly names: ReadonlySet<string>;
  readonly files: ReadonlyArray<string>;
} {
  const files = [
    env.AWS_CONFIG_FILE ?? join(homedir(), ".aws", "config"),
    env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), ".aws", "credentials"),
  ];
  const names = new Set<string>();
  files.forEach((file, i) => {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return;
    }
    for (const match of text.matchAll(/^\s*\[\s*([^\]]+?)\s*\]/gm)) {
      const section = match[1] ?? "";
      const profile = /^profile\s+(.+)$/.exec(section);
      if (profile) names.add(profile[1]!.trim());
      else if (i === 1 || !/\s/.test(section)) names.add(section);
    }
  });
  return { names, files };
}
