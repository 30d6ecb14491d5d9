import { glob } from "tinyglobby";

export const defaultWorkflowGlobs = ["workflows/**/*.ts"];

/** Workflow files of a project, sorted so output does not depend on the file system's order. */
export async function findWorkflowFiles(
  root: string,
  patterns: ReadonlyArray<string> | undefined,
): Promise<string[]> {
  const files = await glob([...(patterns ?? defaultWorkflowGlobs)], {
    cwd: root,
    absolute: true,
    ignore: ["**/node_modules/**", "**/*.d.ts", "**/*.test.ts", "**/*.test-d.ts"],
  });
  return files.sort();
}
