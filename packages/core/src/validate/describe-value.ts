import { type BrandKind, brand } from "../ir/brand.js";

const brandWords: Readonly<Record<BrandKind, string>> = {
  flow: "a flow (job(...) or a group)",
  workflow: "a workflow",
  container: "a fargate() container",
  secret: "a secret()",
  input: "an input()",
  item: "an item()",
  "s3-items": "an s3Items() listing",
  schedule: "a cron() or rate() schedule",
  config: "a defineConfig() config",
  service: "a service()",
  task: "a task()",
};

/** How a wrong value reads at the end of "…, not <this>": its kind, and the value when short. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "string":
      return "a string";
    case "number":
      return `the number ${value}`;
    case "boolean":
      return String(value);
    case "bigint":
      return `the bigint ${value}n`;
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
    case "undefined":
      return "undefined";
    case "object": {
      const kind = (value as { [brand]?: unknown })[brand];
      return typeof kind === "string" && kind in brandWords ? brandWords[kind as BrandKind] : "an object";
    }
    default:
      return typeof value;
  }
}

/**
 * The value as it would be written, for messages that quote it: `42`, `"b"`, `[1,2]`; what JSON
 * cannot write (a bigint, a function, a cycle) is described instead, so a message never throws.
 */
export function showValue(value: unknown): string {
  if (typeof value === "bigint" || typeof value === "symbol" || typeof value === "function") {
    return describeValue(value);
  }
  try {
    return JSON.stringify(value) ?? describeValue(value);
  } catch {
    return describeValue(value);
  }
}
