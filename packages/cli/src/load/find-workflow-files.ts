import { glob } from "tinyglobby";

// .mts too: the TypeScript ES module of a project whose package.json is not "type": "module".
export const defaultWorkflowGlobs = ["workflows/**/*.{ts,mts}"];

/*
 * Never workflow files, whatever the globs: declarations, and the tests vitest finds by default
 * (loading a test outside vitest would run it, or fail at its first describe()).
 */
const neverWorkflows = [
  "**/node_modules/**",
  "**/*.d.{ts,mts}",
  "**/*.{test,spec}.{ts,mts}",
  "**/*.test-d.{ts,mts}",
];

/** Workflow files of a project, sorted so output does not depend on the file system's order. */
export async function findWorkflowFiles(
  root: string,
  patterns: ReadonlyArray<string> | undefined,
): Promise<string[]> {
  const files = await glob([...(patterns ?? defaultWorkflowGlobs)], {
    cwd: root,
    absolute: true,
    ignore: neverWorkflows,
  });
  return files.sort();
}
