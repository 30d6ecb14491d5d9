import { anyOf, branded, errorName, listOf, numeric, oneOf, recordOf, text } from "../shape-builders.js";

/** `DurationInput`: the string's syntax is checked when compiling (BF1206), with the field's range. */
export const durationShape = anyOf([numeric(), text()], {
  expects: 'must be a duration: seconds, or a string like "30m"',
  example: '"30m"',
  hint: (_value, key) => `write ${key === "" ? "" : `${key}: `}"30m", or the seconds as a number: 1800`,
});

const inputShape = branded("input", { expects: 'takes input("field")', example: 'input("date")' });

/** What `item()` returns; whether it is inside a map() is checked when compiling (BF1253). */
export const itemShape = branded("item", { expects: 'takes item("$.field")', example: 'item("$.id")' });

const argumentShape = anyOf([text(), inputShape, itemShape], {
  expects: 'must be a string (one argument), input("field") or item("$.field")',
  example: '"run"',
});

/** A container's `command`: argv of plain strings (a task definition cannot read run-time values), or one string. */
export const containerCommandShape = anyOf(
  [listOf(text({ expects: "must be a string (one argument)" })), text()],
  {
    expects: 'must be a command: a list of strings like ["make", "run"], or one string for sh -c',
    example: '["make", "run", "job"]',
  },
);

/** `Command`: argv, or one string for `sh -c`. */
export const commandShape = anyOf([listOf(argumentShape), text()], {
  expects: 'must be a command: a list of strings like ["make", "run"], or one string for sh -c',
  example: '["make", "run", "job"]',
});

/** What `secret()` returns. */
export const secretShape = branded("secret", {
  expects: 'takes secret("arn:...")',
  example: 'secret("arn:aws:secretsmanager:...")',
});

const envValueShape = anyOf([text(), secretShape, inputShape, itemShape], {
  expects: 'must be a string, secret("arn:..."), input("field") or item("$.field")',
  example: '"value"',
});

/** `Readonly<Record<string, EnvValue>>`. */
export const envShape = recordOf(envValueShape, {
  expects: "must be an object of environment variables",
  example: '{ DATE: input("date") }',
});

/** A `fargate()` container: the only way to say what a job runs. */
export const taskShape = branded("container", {
  expects: 'takes a container from fargate({ image: "..." })',
  example: 'fargate({ image: "..." })',
  hint: (value, key) =>
    typeof value === "object" && value !== null && "image" in value
      ? `wrap the options in fargate(): ${key}: fargate({ image: ... })`
      : undefined,
});

/** Task CPU units and memory: numbers, whose Fargate pairing is checked when compiling (BF1301). */
export const cpuShape = numeric({ expects: "must be a number of CPU units", example: "512" });
export const memoryShape = numeric({ expects: "must be a number of MiB", example: "2048" });

export const errorNamesShape = listOf(errorName(), {
  expects: "must be a list of error names",
  example: '["States.TaskFailed"]',
  hint: (value, key) => (typeof value === "string" ? `write ${key}: [${JSON.stringify(value)}]` : undefined),
});

export const architectureShape = oneOf(["x86_64", "arm64"]);
