/** batchflow.config.ts of a new project. */
export function configTemplate(): string {
  return `import { defineConfig } from "@batchflow/batchflow";

// What every workflow of this project shares (a workflow's own options win).
export default defineConfig({
  // The ECS cluster the jobs run on and the network of their Fargate tasks. These are
  // placeholders: put yours here before you deploy (batchflow run and the tests do not use them).
  cluster: "batch",
  network: { subnets: ["subnet-0123456789abcdef0"], securityGroups: ["sg-0123456789abcdef0"] },
});
`;
}
