// What deploy sends for workflows with map() (an inline Map over a job's output, Distributed Maps
// over the input and over an S3 listing), checked against the AWS API models as
// test/aws-models.test.ts checks the examples: the Task states and the ItemReader inside the ASL as
// the requests they make, the state machine role (child executions, the bucket) against IAM's grammar.
import {
  type CompiledWorkflow,
  compile,
  fargate,
  input,
  job,
  map,
  s3Items,
  type WorkflowOptions,
  workflow,
} from "@batchflow/batchflow";
import { deploy } from "@batchflow/deploy";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type ModelReport,
  type ModelRequest,
  validateRequests,
  writeRequests,
} from "./support/aws-models.js";
import { bundleOf, prepareAccount } from "./support/deploy-fixtures.js";
import { motoClients, useMoto } from "./support/moto.js";

const moto = useMoto();

const options: WorkflowOptions = {
  cluster: "batch",
  network: { subnets: ["subnet-0a1b2c3d"], securityGroups: ["sg-0123456789abcdef0"] },
  defaults: {
    task: fargate({
      image: "000000000000.dkr.ecr.us-east-1.amazonaws.com/batch:1",
      taskRole: "arn:aws:iam::000000000000:role/batch-task",
    }),
    command: (name) => ["make", "run", name],
  },
};

function mapWorkflows(): CompiledWorkflow[] {
  const list = job("list-partitions", { output: true });
  return [
    compile(
      workflow(
        "map-inline",
        options,
        list.then(
          map(
            list,
            (item) =>
              job("process", {
                command: ["process", item("$.id"), "--date", input("date"), "it's {x}"],
                env: { PARTITION: item("$.id") },
              }),
            { concurrency: 3 },
          ).catch(["States.TaskFailed"], job("alert")),
        ),
      ),
    ),
    compile(
      workflow(
        "map-distributed",
        options,
        map(input("$.partitions"), (item) => job("load", { env: { PART: item() } }), {
          distributed: true,
          concurrency: 1000,
          toleratedFailure: "5%",
        }),
      ),
    ),
    compile(
      workflow(
        "map-s3",
        options,
        map(
          s3Items({ bucket: "raw-logs", prefix: "2024/" }),
          (item) => job("parse", { env: { KEY: item("$.Key") } }),
          {
            distributed: true,
            toleratedFailure: 10,
          },
        ),
      ),
    ),
  ];
}

let requests: ModelRequest[] = [];
let models: ModelReport;

beforeAll(async () => {
  const c = motoClients(moto());
  try {
    await prepareAccount(c, [], { roles: false });
    const result = await deploy({
      clients: c,
      project: "map-models",
      bundle: bundleOf(...mapWorkflows()),
      createRoles: true,
    });
    requests = writeRequests("map/create", result.calls);
  } finally {
    c.destroy();
  }
  models = validateRequests(requests);
}, 120_000);

describe("map(): the requests deploy sends, against the AWS API models", () => {
  it("are what AWS takes: the Map's Task states, its ItemReader and the role's statements", () => {
    expect(models.findings.map((f) => `${f.request} ${f.path} ${f.rule}: ${f.message}`)).toEqual([]);
    expect(models.uncheckedPatterns).toEqual([]);
  });

  it("checked the Task states inside the Map states and every role policy", () => {
    const machines = requests.filter((r) => r.service === "states" && r.operation === "CreateStateMachine");
    expect(machines).toHaveLength(3);
    // list-partitions, process and alert; load; parse.
    expect(models.counts).toMatchObject({ taskStates: 5 });
    const policies = requests.filter((r) => r.service === "iam" && r.operation === "PutRolePolicy");
    expect(policies.map((p) => (p.input as { PolicyDocument: string }).PolicyDocument).join("\n")).toContain(
      "MapChildExecutions",
    );
  });
});
