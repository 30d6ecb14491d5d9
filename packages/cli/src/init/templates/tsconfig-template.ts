/**
 * tsconfig.json of a new project: type-checks the config, the workflows and the tests (`npm run
 * typecheck`); nothing is emitted, batchflow and vitest load the TypeScript as it is.
 * skipLibCheck is off: the declarations of the packages the project uses are checked too.
 */
export function tsconfigTemplate(): string {
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      forceConsistentCasingInFileNames: true,
    },
    include: ["batchflow.config.ts", "vitest.config.ts", "workflows", "test"],
  };
  return `${JSON.stringify(tsconfig, null, 2)}\n`;
}
