import { assertNever, type ResolvedFlow, type ResolvedMap, type ResolvedWorkflow } from "@batchflow/core";
import { placeholder, stateMachineArn } from "../naming.js";
import type { PolicyStatement } from "./policy-document.js";

/**
 * What a Distributed Map needs from the state machine's role: it starts each item as a child
 * execution of this same state machine, watches and stops them; with `s3Items()` it lists the
 * bucket (under the prefix only). Nothing for inline maps.
 */
export function mapStatements(workflow: ResolvedWorkflow): PolicyStatement[] {
  const distributed = distributedMaps(workflow.body);
  if (distributed.length === 0) return [];
  const { partition, region, accountId } = placeholder;
  const statements: PolicyStatement[] = [
    {
      Sid: "MapChildExecutions",
      Effect: "Allow",
      Action: ["states:StartExecution"],
      Resource: [stateMachineArn(workflow.name)],
    },
    {
      // Child executions are named `<state machine>/<map run>:<name>`.
      Sid: "MapChildExecutionsWatch",
      Effect: "Allow",
      Action: ["states:DescribeExecution", "states:StopExecution"],
      Resource: [`arn:${partition}:states:${region}:${accountId}:execution:${workflow.name}/*`],
    },
  ];
  distributed.forEach((map, i) => {
    if (map.items.kind !== "s3") return;
    const { bucket, prefix } = map.items;
    statements.push({
      Sid: `MapItemsBucket${i + 1}`,
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: [`arn:${partition}:s3:::${bucket}`],
      ...(prefix === undefined || prefix === ""
        ? {}
        : { Condition: { StringLike: { "s3:prefix": `${prefix}*` } } }),
    });
  });
  return statements;
}

function distributedMaps(flow: ResolvedFlow): ResolvedMap[] {
  const found: ResolvedMap[] = [];
  const visit = (f: ResolvedFlow): void => {
    for (const c of f.catch) visit(c.handler);
    switch (f.kind) {
      case "job":
        return;
      case "sequence":
        f.steps.forEach(visit);
        return;
      case "parallel":
        f.branches.forEach(visit);
        return;
      case "map":
        if (f.distributed) found.push(f);
        visit(f.body);
        return;
      default:
        assertNever(f);
    }
  };
  visit(flow);
  return found;
}
