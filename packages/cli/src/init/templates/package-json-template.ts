/** package.json of a new project: the CLI and library, vitest and TypeScript, and the scripts. */
export function packageJsonTemplate(values: { readonly name: string; readonly version: string }): string {
  const pkg = {
    name: values.name,
    version: "0.1.0",
    private: true,
    type: "module",
    scripts: {
      compile: "batchflow compile",
      test: "vitest run",
      typecheck: "tsc -p tsconfig.json",
    },
    devDependencies: {
      "@batchflow/batchflow": `^${values.version}`,
      // vitest's declarations use Node's types; tsconfig checks them (skipLibCheck: false).
      "@types/node": "^20.19.0",
      typescript: "^5.9.3",
      vitest: "^4.1.12",
    },
    engines: { node: ">=20.19" },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}
