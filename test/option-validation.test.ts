// Every public builder, fed values of the wrong type in every field of every option object (nested ones
// too), must throw a BatchflowError with a BF code located at the call in this file, or build; what it
// builds must compile to coded problems or a result. Nothing may escape as a TypeError, which the CLI
// would print as "internal error ... This is a bug in batchflow". Which values each field takes is
// written out here from the TypeScript types, independently of the checker's own descriptions.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  awsCron,
  BatchflowError,
  type CompileResult,
  cron,
  dag,
  defineConfig,
  fargate,
  input,
  job,
  parallel,
  rate,
  secret,
  sequence,
  tryCompile,
  type Workflow,
  workflow,
} from "@batchflow/batchflow";
import { isFlow, isWorkflow } from "@batchflow/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const thisFile = fileURLToPath(import.meta.url);
const callMarker = "// ← call";
/** The lines of this file that call a builder with a value under test: where errors must point. */
const callLines = new Set(
  readFileSync(thisFile, "utf8")
    .split("\n")
    .flatMap((line, i) => (line.includes(callMarker) && !line.includes("callMarker") ? [i + 1] : [])),
);

/** The line of this file that carries `marker` (written once, at the end of that line). */
function lineOf(marker: string): number {
  return (
    readFileSync(thisFile, "utf8")
      .split("\n")
      .findIndex((line) => line.endsWith(marker)) + 1
  );
}

const task = fargate({ image: "img" });
const webhook = secret("arn:aws:secretsmanager:ap-northeast-1:000000000000:secret:slack");
const base = {
  cluster: "batch",
  network: { subnets: ["subnet-a"] },
  defaults: { task, command: (name: string) => ["make", "run", name] },
};
const compileFlow = (flow: unknown): CompileResult => tryCompile(workflow("w", base, flow as never));

/** One value of each kind a user might pass by mistake; the keys name them in the kinds below. */
const pool = {
  number: 7,
  string: "seven",
  boolean: true,
  null: null,
  numbers: [1, 2],
  emptyList: [],
  object: { bogusKey: 1 },
  function: () => ["make"],
  bigint: 7n,
  flow: job("pooled"),
  container: fargate({ image: "pooled" }),
  secret: secret("arn:aws:secretsmanager:ap-northeast-1:000000000000:secret:pooled"),
  input: input("pooled"),
  schedule: cron("0 * * * *"),
} as const;
type PoolKey = keyof typeof pool;

/** For each field's TypeScript type, the pool values that type accepts; every other one is wrong. */
const accepts = {
  string: ["string"],
  number: ["number"],
  boolean: ["boolean"],
  duration: ["number", "string"],
  stringList: ["emptyList"],
  command: ["string", "emptyList"],
  commandOrFunction: ["string", "emptyList", "function"],
  env: [],
  container: ["container"],
  schedule: ["schedule"],
  jsonObject: ["object"],
  errorNames: ["emptyList"],
  literal: [],
  literalList: ["emptyList"],
  logGroup: ["string"],
  webhook: ["string", "secret"],
  jobs: ["emptyList"],
  optionObject: [],
  retryOrFalse: [],
} as const satisfies Record<string, ReadonlyArray<PoolKey>>;
type Kind = keyof typeof accepts;

interface Site {
  /** How the test names it. */
  readonly label: string;
  /** A valid value of the option object, which each case changes in one field. */
  readonly base: Readonly<Record<string, unknown>>;
  readonly fields: Readonly<Record<string, Kind>>;
  readonly required?: ReadonlyArray<string>;
  /** Calls the builder with the options, on a line marked as a call. */
  readonly build: (options: unknown) => unknown;
  /** Compiles what `build` returned. */
  readonly compile: (built: unknown) => CompileResult;
}

const retryFields: Record<string, Kind> = {
  on: "errorNames",
  interval: "duration",
  maxAttempts: "number",
  backoff: "number",
  maxDelay: "duration",
  jitter: "literal",
};
const sharedFields: Record<string, Kind> = {
  cluster: "string",
  network: "optionObject",
  defaults: "optionObject",
  infrastructureRetry: "retryOrFalse",
  roles: "optionObject",
};
const compileWorkflow = (built: unknown) => tryCompile(built as Workflow);
const inWorkflow = (extra: object) => (built: unknown) =>
  tryCompile(workflow("w", { ...base, ...extra }, built as never));

const sites: ReadonlyArray<Site> = [
  {
    label: "workflow() options",
    base,
    fields: {
      ...sharedFields,
      schedule: "schedule",
      input: "jsonObject",
      description: "string",
      lock: "optionObject",
      notify: "optionObject",
    },
    build: (o) => workflow("w", o as never, job("a")), // ← call
    compile: compileWorkflow,
  },
  {
    label: "workflow() network",
    base: base.network,
    fields: { subnets: "stringList", securityGroups: "stringList", assignPublicIp: "boolean" },
    required: ["subnets"],
    build: (network) => workflow("w", { ...base, network } as never, job("a")), // ← call
    compile: compileWorkflow,
  },
  {
    label: "workflow() defaults",
    base: base.defaults,
    fields: { task: "container", command: "commandOrFunction", env: "env", timeout: "duration" },
    build: (defaults) => workflow("w", { ...base, defaults } as never, job("a")), // ← call
    compile: compileWorkflow,
  },
  {
    label: "workflow() roles",
    base: {},
    fields: { stateMachine: "string", schedule: "string", notify: "string" },
    build: (roles) => workflow("w", { ...base, roles } as never, job("a")), // ← call
    compile: compileWorkflow,
  },
  {
    label: "workflow() infrastructureRetry",
    base: {},
    fields: retryFields,
    build: (infrastructureRetry) => workflow("w", { ...base, infrastructureRetry } as never, job("a")), // ← call
    compile: compileWorkflow,
  },
  {
    label: "workflow() lock",
    base: { name: "fuga.lock" },
    fields: { name: "string", wait: "duration", onBusy: "literal", poll: "duration" },
    required: ["name"],
    build: (lock) => workflow("w", { ...base, lock } as never, job("a")), // ← call
    compile: compileWorkflow,
  },
  {
    label: "workflow() notify",
    base: { sns: "arn:aws:sns:us-east-1:000000000000:t" },
    fields: { slack: "optionObject", sns: "string", on: "literalList" },
    build: (notify) => workflow("w", { ...base, notify } as never, job("a")), // ← call
    compile: compileWorkflow,
  },
  {
    label: "workflow() notify.slack",
    base: { webhook },
    fields: { webhook: "webhook", success: "string", failure: "string" },
    required: ["webhook"],
    build: (slack) => workflow("w", { ...base, notify: { slack } } as never, job("a")), // ← call
    compile: compileWorkflow,
  },
  {
    label: "job() options",
    base: {},
    fields: {
      task: "container",
      command: "command",
      env: "env",
      cpu: "number",
      memory: "number",
      timeout: "duration",
      after: "jobs",
      lock: "optionObject",
    },
    build: (o) => job("a", o as never), // ← call
    compile: compileFlow,
  },
  {
    label: "job() lock",
    base: { name: "fuga.lock" },
    fields: { name: "string", wait: "duration", onBusy: "literal", poll: "duration" },
    required: ["name"],
    build: (lock) => job("a", { lock } as never), // ← call
    compile: compileFlow,
  },
  {
    label: "fargate() options",
    base: { image: "img" },
    fields: {
      image: "string",
      cpu: "number",
      memory: "number",
      architecture: "literal",
      ephemeralStorage: "number",
      command: "command",
      env: "env",
      family: "string",
      container: "string",
      executionRole: "string",
      taskRole: "string",
      logGroup: "logGroup",
      stopTimeout: "duration",
    },
    required: ["image"],
    build: (o) => fargate(o as never), // ← call
    compile: (built) => compileFlow(job("a", { task: built as never })),
  },
  {
    label: ".retry() policy",
    base: {},
    fields: retryFields,
    build: (policy) => job("a").retry(policy as never), // ← call
    compile: compileFlow,
  },
  {
    label: "cron() options",
    base: {},
    fields: { timezone: "string" },
    build: (o) => cron("0 3 * * *", o as never), // ← call
    compile: (built) => inWorkflow({ schedule: built })(job("a")),
  },
  {
    label: "awsCron() options",
    base: {},
    fields: { timezone: "string" },
    build: (o) => awsCron("0 9 ? * MON#1 *", o as never), // ← call
    compile: (built) => inWorkflow({ schedule: built })(job("a")),
  },
  {
    label: ".catch() options",
    base: {},
    fields: { rethrow: "boolean" },
    build: (o) => job("a").catch(["States.ALL"], job("b"), o as never), // ← call
    compile: compileFlow,
  },
  {
    label: "rate() options",
    base: {},
    fields: { timezone: "string" },
    build: (o) => rate("1 hour", o as never), // ← call
    compile: (built) => inWorkflow({ schedule: built })(job("a")),
  },
  {
    label: "defineConfig() options",
    base: {},
    fields: {
      ...sharedFields,
      project: "string",
      workflows: "stringList",
      out: "string",
      defaultTimeout: "duration",
      lockTable: "string",
      local: "optionObject",
    },
    build: (o) => defineConfig(o as never), // ← call
    compile: (built) => tryCompile(workflow("w", base, job("a")), { config: built as never }),
  },
  {
    label: "defineConfig() local",
    base: {},
    fields: { cwd: "string", envFile: "string", stopTimeout: "duration" },
    build: (local) => defineConfig({ local } as never), // ← call
    compile: (built) => tryCompile(workflow("w", base, job("a")), { config: built as never }),
  },
];

/** Builds, or throws a coded BatchflowError located at a marked call of this file; anything else fails. */
function outcome(build: () => unknown): { built: unknown } | { error: BatchflowError } {
  let built: unknown;
  try {
    built = build();
  } catch (error) {
    if (!(error instanceof BatchflowError)) throw error;
    expect(error.code).toMatch(/^BF1[01]\d\d$/);
    expect(error.diagnostics.length).toBeGreaterThan(0);
    for (const d of error.diagnostics) {
      expect(d.code).toMatch(/^BF1[01]\d\d$/);
      expect(d.location?.file).toBe(thisFile);
      expect(callLines).toContain(d.location?.line);
    }
    return { error };
  }
  return { built };
}

/** Compiling never throws; every problem it reports is coded. */
function expectCodedCompile(result: CompileResult): void {
  for (const d of result.diagnostics) expect(d.code).toMatch(/^BF\d{4}$/);
  if (!result.compiled) expect(result.diagnostics.some((d) => d.severity === "error")).toBe(true);
}

describe("option validation: every field of every option object", () => {
  it("knows where the builder calls are", () => {
    expect(callLines.size).toBeGreaterThanOrEqual(sites.length + 15);
  });

  for (const site of sites) {
    describe(site.label, () => {
      it("accepts its valid base, and what it builds compiles", () => {
        const result = outcome(() => site.build(site.base));
        expect(result).toHaveProperty("built");
        if ("built" in result) expect(site.compile(result.built).diagnostics).toEqual([]);
      });

      it.each(Object.entries(site.fields))(
        "%s: refuses each wrong type at the call, takes each right one",
        (field, kind) => {
          const valid: ReadonlyArray<PoolKey> = accepts[kind];
          for (const key of Object.keys(pool) as PoolKey[]) {
            const result = outcome(() => site.build({ ...site.base, [field]: pool[key] }));
            if (valid.includes(key)) {
              expect(result, `${field}: ${key} is of the field's type`).toHaveProperty("built");
              if ("built" in result) expectCodedCompile(site.compile(result.built));
            } else {
              expect(result, `${field}: ${key} is not of the field's type`).toHaveProperty("error");
            }
          }
        },
      );

      it("refuses a key its type does not have, with the object and the key named (BF1011)", () => {
        const result = outcome(() => site.build({ ...site.base, bogusKey: 1 }));
        expect("error" in result && result.error.diagnostics.map((d) => d.code)).toEqual(["BF1011"]);
        expect("error" in result && result.error.message).toMatch(/unknown option "(.+\.)?bogusKey"/);
      });

      it.each(site.required ?? [])("refuses a missing %s (BF1013)", (field) => {
        const { [field]: _left, ...rest } = site.base;
        const result = outcome(() => site.build(rest));
        expect("error" in result && result.error.code).toBe("BF1013");
      });

      it("never lets a random value escape as anything but a coded, located error", () => {
        const fields = Object.keys(site.fields);
        fc.assert(
          fc.property(
            fc.constantFrom(...fields, "bogusKey"),
            fc.oneof(
              fc.anything({
                withBigInt: true,
                withBoxedValues: true,
                withDate: true,
                withMap: true,
                withNullPrototype: true,
                withObjectString: true,
                withSet: true,
                withSparseArray: true,
                withTypedArray: true,
              }),
              fc.constantFrom(...Object.values(pool)),
            ),
            (field, value) => {
              const result = outcome(() => site.build({ ...site.base, [field]: value }));
              if ("built" in result) expectCodedCompile(site.compile(result.built));
            },
          ),
          { numRuns: 60, seed: 20_261_209 },
        );
      });
    });
  }
});

describe("option validation: positional arguments of every builder", () => {
  const flow = job("a");
  const builders: ReadonlyArray<readonly [string, (value: unknown) => unknown]> = [
    ["job(name)", (v) => job(v as never)], // ← call
    ["job(name, options)", (v) => job("a", v as never)], // ← call
    ["workflow(name)", (v) => workflow(v as never, base, flow)], // ← call
    ["workflow(name, options)", (v) => workflow("w", v as never, flow)], // ← call
    ["workflow(name, options, body)", (v) => workflow("w", base, v as never)], // ← call
    ["fargate(options)", (v) => fargate(v as never)], // ← call
    ["secret(arn)", (v) => secret(v as never)], // ← call
    ["input(path)", (v) => input(v as never)], // ← call
    ["cron(expression)", (v) => cron(v as never)], // ← call
    ["cron(expression, options)", (v) => cron("0 3 * * *", v as never)], // ← call
    ["rate(expression)", (v) => rate(v as never)], // ← call
    ["defineConfig(options)", (v) => defineConfig(v as never)], // ← call
    ["parallel(...)", (v) => parallel(flow, v as never)], // ← call
    ["sequence(...)", (v) => sequence(v as never)], // ← call
    ["dag(...)", (v) => dag(v as never)], // ← call
    [".then(next)", (v) => flow.then(v as never)], // ← call
    [".catch(errors)", (v) => flow.catch(v as never, job("h"))], // ← call
    [".catch(errors, handler)", (v) => flow.catch("States.ALL", v as never)], // ← call
    [".retry(policy)", (v) => flow.retry(v as never)], // ← call
    [".timeout(duration)", (v) => flow.timeout(v as never)], // ← call
  ];

  /** Turns whatever a builder returned into a compile, where it can be one. */
  const compileAny = (built: unknown): CompileResult | undefined => {
    if (isWorkflow(built)) return tryCompile(built);
    if (isFlow(built)) return compileFlow(built);
    return undefined;
  };

  it.each(builders)("%s: wrong values throw coded errors at the call", (_label, build) => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything({ withBigInt: true, withNullPrototype: true, withDate: true, withMap: true }),
          fc.constantFrom(...Object.values(pool)),
        ),
        (value) => {
          const result = outcome(() => build(value));
          if ("built" in result) {
            const compiled = compileAny(result.built);
            if (compiled) expectCodedCompile(compiled);
          }
        },
      ),
      { numRuns: 80, seed: 20_261_209 },
    );
  });

  it("refuses an error name AWS does not define, wherever error names go (BF1014)", () => {
    const retryOn = (name: string) => ({ on: [name] });
    const names = [
      outcome(() => flow.retry({ on: ["States.Timeot"] } as never)), // ← call
      outcome(() => flow.catch("States.TaskFaild" as never, job("h"))), // ← call
      outcome(() => workflow("w", { ...base, infrastructureRetry: retryOn("States.Permission") }, flow)), // ← call
      outcome(() => defineConfig({ infrastructureRetry: { on: ["states.timeout"] } } as never)), // ← call
    ];
    expect(names.map((r) => ("error" in r ? r.error.diagnostics[0]?.hint : "built"))).toEqual([
      'did you mean "States.Timeout"?',
      'did you mean "States.TaskFailed"?',
      'did you mean "States.Permissions"?',
      'did you mean "States.Timeout"?',
    ]);
  });
});

describe("option validation: functions of the user's that batchflow calls", () => {
  it("reports a throwing defaults.command as BF1225, naming the workflow, the job and the line that threw", () => {
    const throwing = (name: string): string[] => {
      if (name === "fuga") throw new Error(`no make target for ${name}`); // ← throws
      return ["make", "run", name];
    };
    const result = tryCompile(
      workflow("ads", { ...base, defaults: { task, command: throwing } }, job("hoge").then(job("fuga"))),
    );
    expect(result.compiled).toBeUndefined();
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: "BF1225",
        workflow: "ads",
        job: "fuga",
        message: "defaults.command threw for this job: Error: no make target for fuga",
        location: expect.objectContaining({ file: thisFile, line: lineOf("// ← throws") }),
      }),
    ]);
  });

  it("reports it for a function in the project config too, and for a thrown value that is not an error", () => {
    const config = {
      defaults: {
        command: (): string[] => {
          throw "not today";
        },
      },
    };
    const flow = job("a"); // ← the job
    const result = tryCompile(
      workflow("w", { cluster: "c", network: base.network, defaults: { task } }, flow),
      {
        config,
      },
    );
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: "BF1225",
        job: "a",
        message: "defaults.command threw for this job: not today",
        // Nothing says where a thrown string came from: the diagnostic points at the job.
        location: expect.objectContaining({ file: thisFile, line: lineOf("// ← the job") }),
      }),
    ]);
  });

  it("reports an async defaults.command as a command it cannot use (BF1205)", () => {
    const result = tryCompile(
      workflow("w", { ...base, defaults: { task, command: async () => ["x"] } } as never, job("a")),
    );
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      "BF1205 defaults.command returned a promise; it must return the command itself",
    ]);
  });
});

describe("option validation: a project config given as a plain object", () => {
  it("is checked when compiling, with the same codes as defineConfig(), and stops the compile", () => {
    const result = tryCompile(workflow("w", base, job("a")), {
      config: { clustr: "batch", network: { subnets: "subnet-x" } } as never,
    });
    expect(result.compiled).toBeUndefined();
    expect(result.diagnostics.map((d) => `${d.code} ${d.message} | ${d.hint}`)).toEqual([
      'BF1011 the project config: unknown option "clustr" | did you mean "cluster"?',
      'BF1012 the project config: network.subnets must be a list of subnet ids, not a string | write subnets: ["subnet-x"]',
    ]);
  });
});
