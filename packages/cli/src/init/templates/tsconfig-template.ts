/**
 * tsconfig.json of a new project: type-checks the config, the workflows and the tests (`npm run
 * typecheck`); nothing is emitted, batchflow and vitest load the TypeScript as it is.
 *
 * skipLibCheck is on because @batchflow/batchflow/testing reaches the declarations of
 * aws-local-stepfunctions, which import modules that are not its dependencies (they fail to
 * resolve under pnpm's strict layout). The user's own files are checked in full either way.
 */
export function tsconfigTemplate(): string {
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      forceConsistentCasingInFileNames: true,
    },
    include: ["batchflow.config.ts", "vitest.config.ts", "workflows", "test"],
  };
  return `${JSON.stringify(tsconfig, null, 2)}\n`;
}
