import type { DiagnosticSink, ResolvedContainer, ResolvedWorkflow, SourceSite } from "@batchflow/core";
import { workflowLocks } from "../lock/workflow-locks.js";

/*
 * Names of resources batchflow does not create but points at (the cluster, the lock table, a log
 * group, an image's repository) go into task definitions and into IAM resource ARNs. Each is held
 * to the character set of its service, so AWS takes the bundle as it is and no `*` or `?` turns a
 * grant into a wildcard (`cluster: "*"` would grant `task/*` on every cluster).
 */
const rules = {
  cluster: {
    pattern: /^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/)?[A-Za-z0-9_-]{1,255}$/,
    rule: 'an ECS cluster name is 1 to 255 letters, digits, "-" and "_" (or the cluster\'s ARN)',
  },
  lockTable: {
    pattern: /^[A-Za-z0-9_.-]{3,255}$/,
    rule: 'a DynamoDB table name is 3 to 255 letters, digits, "_", "-" and "."',
  },
  logGroup: {
    pattern: /^[A-Za-z0-9_./#-]{1,512}$/,
    rule: 'a CloudWatch Logs group name is 1 to 512 letters, digits, "_", "-", "/", "." and "#"',
  },
} as const;

// Roles are named by ARN: Step Functions, EventBridge and ECS take nothing else, and an IAM policy
// that passes the role names it as a resource ARN.
const roleArn = /^arn:aws[a-z-]*:iam::\d{12}:role\/[A-Za-z0-9+=,.@_/-]{1,576}$/;
const roleRule = "give the role's ARN, arn:aws:iam::<account>:role/<name> (IAM shows it on the role's page)";

// `<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest]`; ECR's repository names.
const ecrImage = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/([^:@]*)/;
const ecrRepository = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export function checkResourceNames(workflow: ResolvedWorkflow, sink: DiagnosticSink): void {
  checkClusterName(workflow.cluster, sink, workflow.site, "workflow");
  for (const use of ["stateMachine", "schedule", "notify"] as const) {
    const role = workflow.roles[use];
    if (role !== undefined && !roleArn.test(role)) {
      sink.report({
        code: "BF1313",
        message: `roles.${use} ${JSON.stringify(role)} is not an IAM role ARN`,
        hint: roleRule,
        site: workflow.site,
      });
    }
  }
  const lock = workflowLocks(workflow)[0];
  if (lock && !rules.lockTable.pattern.test(lock.table)) {
    sink.report({
      code: "BF1313",
      message: `the lock table name ${JSON.stringify(lock.table)} is not a name DynamoDB takes`,
      hint: `${rules.lockTable.rule}; set lockTable in batchflow.config.ts`,
      site: lock.site,
    });
  }
  // Each job has a container of its own, most of them with one spec's options: those are checked
  // once, and what was found is reported for each container, as if each were checked.
  const seen = new Set<ResolvedContainer>();
  const found = new Map<ResolvedContainer["options"], ReadonlyArray<NameProblem>>();
  for (const job of workflow.jobs) {
    if (seen.has(job.container)) continue;
    seen.add(job.container);
    let problems = found.get(job.container.options);
    if (problems === undefined) {
      problems = containerNameProblems(job.container);
      found.set(job.container.options, problems);
    }
    const where = { job: job.name, site: job.container.site ?? job.site };
    for (const { message, hint } of problems) sink.report({ code: "BF1313", message, hint, ...where });
  }
}

interface NameProblem {
  readonly message: string;
  readonly hint: string;
}

/** The cluster's name (or ARN) as ECS takes it (BF1313), shown at `site`. */
export function checkClusterName(
  cluster: string,
  sink: DiagnosticSink,
  site: SourceSite | undefined,
  owner: "workflow" | "service" | "task",
): void {
  if (rules.cluster.pattern.test(cluster)) return;
  sink.report({
    code: "BF1313",
    message: `the cluster name ${JSON.stringify(cluster)} is not a name ECS takes`,
    hint: `${rules.cluster.rule}; set cluster on the ${owner} or in batchflow.config.ts`,
    site,
  });
}

/** The names a fargate() container points at (roles, log group, image and its repository), BF1313. */
export function checkContainerNames(
  container: ResolvedContainer,
  sink: DiagnosticSink,
  where: { readonly job?: string | undefined; readonly site?: SourceSite | undefined },
): void {
  for (const { message, hint } of containerNameProblems(container))
    sink.report({ code: "BF1313", message, hint, ...where });
}

function containerNameProblems(container: ResolvedContainer): NameProblem[] {
  const problems: NameProblem[] = [];
  const report = (message: string, hint: string) => problems.push({ message, hint });
  const { image, logGroup, executionRole, taskRole } = container.options;
  for (const [option, role] of [
    ["executionRole", executionRole],
    ["taskRole", taskRole],
  ] as const) {
    if (role !== undefined && !roleArn.test(role))
      report(`fargate() ${option} ${JSON.stringify(role)} is not an IAM role ARN`, roleRule);
  }
  if (typeof logGroup === "string" && !rules.logGroup.pattern.test(logGroup)) {
    report(
      `the log group name ${JSON.stringify(logGroup)} is not a name CloudWatch Logs takes`,
      rules.logGroup.rule,
    );
  }
  if (typeof image !== "string") return problems;
  if (!/^[^\s*?]+$/.test(image)) {
    report(
      `the image ${JSON.stringify(image)} is not an image reference`,
      'write it as Docker does, e.g. "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production" or "busybox:1.36": no spaces, no "*" or "?"',
    );
    return problems;
  }
  const repository = ecrImage.exec(image)?.[1];
  if (repository !== undefined && !ecrRepository.test(repository)) {
    report(
      `the ECR repository name ${JSON.stringify(repository)} of image ${JSON.stringify(image)} is not a name ECR takes`,
      'an ECR repository name is lowercase letters and digits, separated by ".", "_", "-" or "/"',
    );
  }
  return problems;
}

// ECS family and container names; they also name files in the bundle, so nothing else may pass.
const ecsNamePattern = /^[A-Za-z0-9_-]{1,255}$/;

/** A task definition family's and its container's names as ECS takes them (BF1311). */
export function checkEcsNames(
  family: string,
  container: string,
  sink: DiagnosticSink,
  where: { readonly job?: string | undefined; readonly site?: SourceSite | undefined },
): void {
  for (const [what, name] of [
    ["family", family],
    ["container", container],
  ] as const) {
    if (!ecsNamePattern.test(name)) {
      sink.report({
        code: "BF1311",
        message: `the ${what} name "${name}" is not a valid ECS name`,
        hint: `an ECS ${what} name is 1 to 255 letters, digits, "-" and "_"`,
        ...where,
      });
    }
  }
}
