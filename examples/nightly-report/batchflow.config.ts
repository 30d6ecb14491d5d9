import { defineConfig } from "@batchflow/batchflow";

export default defineConfig({
  cluster: "arn:aws:ecs:ap-northeast-1:000000000000:cluster/reporting",
  network: { subnets: ["subnet-0a1b2c3d", "subnet-4e5f6a7b"], securityGroups: ["sg-0123456789abcdef0"] },
});
