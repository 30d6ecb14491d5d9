import { fargate } from "@batchflow/batchflow";

/** The talk's one batch image: every job is `make run <job>` in it. */
export const batch = fargate({
  image: "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production",
  cpu: 512,
  memory: 2048,
  command: ["make", "run"],
});
