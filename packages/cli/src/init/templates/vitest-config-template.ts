/**
 * vitest.config.ts of a new project. vitest looks for a config upwards from the project, so without
 * one of its own a project inside a larger repository would run with that repository's config.
 */
export function vitestConfigTemplate(): string {
  return `import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { include: ["test/**/*.test.ts"] },
});
`;
}
