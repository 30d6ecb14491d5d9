import { DeployError, deployErrorCode } from "../errors.js";

// What every tagging API accepts in a tag value: letters, digits, spaces and + - = . _ : / @.
const tagValue = /^[\p{L}\p{N} +\-=._:/@]{1,256}$/u;

/** The project name goes into tags, so it must be a valid tag value. */
export function checkProjectName(project: string): string {
  if (!tagValue.test(project)) {
    throw new DeployError({
      code: deployErrorCode.invalidProject,
      message: `the project name ${JSON.stringify(project)} cannot be a tag value`,
      hint: 'set project: "my-batch" in batchflow.config.ts: 1 to 256 letters, digits, spaces and + - = . _ : / @',
    });
  }
  return project;
}

/** `batchflow-<project>`, made a valid schedule group name (64 of `[0-9A-Za-z_.-]`). */
export function defaultScheduleGroup(project: string): string {
  const slug = project
    .replace(/^@/, "")
    .replace(/[^0-9A-Za-z_.-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `batchflow-${slug}`.slice(0, 64);
}
