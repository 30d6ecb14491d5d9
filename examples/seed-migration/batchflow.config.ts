import { defineConfig } from "@batchflow/batchflow";

// Project-wide settings: every workflow in workflows/ runs on this cluster and network.
export default defineConfig({
  workflows: ["workflows/**/*.ts"],
  out: "dist/batchflow",
  cluster: "batch",
  network: { subnets: ["subnet-hoge"], securityGroups: ["sg-hoge"], assignPublicIp: true },
  defaultTimeout: "1h",
});
