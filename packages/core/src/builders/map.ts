import { isBranded } from "../ir/brand.js";
import { type InputRef, ItemRef } from "../ir/env-value.js";
import { MapNode } from "../ir/flow-node.js";
import { itemsOfInput, type MapItemsNode, type MapOptions, S3ItemsRef } from "../ir/map-items.js";
import { SourceSite } from "../source/source-site.js";
import { assertOptions } from "../validate/assert-options.js";
import { showValue } from "../validate/describe-value.js";
import { mapOptionsShape } from "../validate/shapes/map-options-shape.js";
import { definitionError } from "./definition-error.js";
import { type Flow, Flow as FlowBuilder, isFlow, toFlowNode } from "./flow.js";

/** Inline Map states run at most this many items at once; more needs a Distributed Map. */
export const maxInlineConcurrency = 40;
/** A Distributed Map runs at most this many child executions at once. */
export const maxDistributedConcurrency = 10_000;

const fieldPath = /^(\$\.)?[A-Za-z_][\w]*(\.[A-Za-z_][\w]*|\[\d+\])*$/;

/**
 * A value of the current item inside `map(...)`: `item("$.id")` is its `id` field, `item()` the
 * whole item (a string or number item). Usable in a job's `command` and `env`, read as a string.
 *
 * @example
 * map(input("$.partitions"), (item) => job("process", { command: ["process", item("$.id")] }))
 * // "Command.$": "States.Array('process', States.Format('{}', $.batchflowItem.id))"
 */
export function item(path?: string): ItemRef {
  if (path === undefined || path === "$") return ItemRef.create("$");
  if (typeof path !== "string" || !fieldPath.test(path)) {
    throw definitionError(
      "BF1253",
      `item() takes a field path like "$.id" or "id", not ${showValue(path)}`,
      "name a field of the item with dots for nested fields, or write item() for the whole item",
    );
  }
  return ItemRef.create(path.startsWith("$.") ? path : `$.${path}`);
}

/**
 * The objects under an S3 prefix, as the items of a distributed `map()` (ASL `ItemReader` with
 * `s3:listObjectsV2`); each item is `{ Key, Size, ETag, LastModified, StorageClass }`.
 *
 * @example
 * map(s3Items({ bucket: "logs", prefix: "2024/" }), (item) => job("parse", { env: { KEY: item("$.Key") } }), { distributed: true })
 */
export function s3Items(options: { readonly bucket: string; readonly prefix?: string }): S3ItemsRef {
  const { bucket, prefix } = (typeof options === "object" && options !== null ? options : {}) as {
    bucket?: unknown;
    prefix?: unknown;
  };
  const extra =
    typeof options === "object" && options !== null
      ? Object.keys(options).filter((k) => k !== "bucket" && k !== "prefix")
      : [];
  // Bucket names: 3-63 lowercase letters, digits, dots and hyphens; no glob that IAM would widen.
  if (typeof bucket !== "string" || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || extra.length > 0) {
    throw definitionError(
      "BF1252",
      extra.length > 0
        ? `s3Items() takes { bucket, prefix }, not ${extra.map((k) => JSON.stringify(k)).join(", ")}`
        : `s3Items() takes an S3 bucket name, not ${showValue(bucket)}`,
      'write s3Items({ bucket: "my-bucket", prefix: "input/" })',
    );
  }
  if (prefix !== undefined && (typeof prefix !== "string" || /[*?]/.test(prefix) || prefix.length > 1024)) {
    throw definitionError(
      "BF1252",
      `s3Items() prefix must be a key prefix without * or ?, not ${showValue(prefix)}`,
      'write the start of the keys, e.g. prefix: "input/2024/"',
    );
  }
  return S3ItemsRef.create(bucket, prefix);
}

/**
 * Runs `body` once per item of `items`: the execution input's list (`input("$.partitions")`), the
 * JSON list a job with `output: true` handed on (the job must have ended before), a list in the
 * enclosing map's item (`item("$.files")`), or, distributed only, an S3 listing (`s3Items(...)`). The map fails when an item fails (beyond
 * `toleratedFailure`).
 *
 * @example
 * const list = job("list", { output: true });
 * list.then(map(list, (item) => job("process", { env: { ID: item("$.id") } }), { concurrency: 3 }))
 *
 * ASL: a `Map` state with `ItemsPath`, an `ItemSelector` that puts the item at `$.batchflowItem`
 * (and the execution input at `$.batchflowInput`), `MaxConcurrency` and the body's states as its
 * `ItemProcessor`; `distributed: true` makes it a Distributed Map (`ProcessorConfig` DISTRIBUTED,
 * child executions, `ToleratedFailurePercentage`/`ToleratedFailureCount`, `ItemReader` for S3).
 */
export function map<K extends string>(
  items: InputRef | ItemRef | Flow | S3ItemsRef,
  body: (item: (path?: string) => ItemRef) => Flow<K>,
  options: MapOptions = {},
): Flow<K> {
  const site = SourceSite.capture();
  assertOptions(options, mapOptionsShape, "map() options");
  const source = itemsOf(items, options);
  checkNumbers(options);
  if (typeof body !== "function") {
    throw definitionError(
      "BF1251",
      `map() takes the body as a function of the item, not ${isFlow(body) ? "a flow" : showValue(body)}`,
      'write map(items, (item) => job("process", { env: { ID: item("$.id") } }))',
    );
  }
  const node = toFlowNode(body(item), "map()'s body function (its return value)");
  return new FlowBuilder<K>(MapNode.create(source, node, options, site));
}

function itemsOf(items: unknown, options: MapOptions): MapItemsNode {
  if (isBranded(items, "input")) return itemsOfInput(items as InputRef);
  if (isBranded(items, "item")) return { kind: "item", path: (items as ItemRef).path };
  if (isBranded(items, "s3-items")) {
    if (options.distributed !== true) {
      throw definitionError(
        "BF1252",
        "map() over s3Items() needs { distributed: true }",
        "only a Distributed Map reads an S3 listing (ItemReader); add distributed: true to the options",
      );
    }
    const { bucket, prefix } = items as S3ItemsRef;
    return { kind: "s3", bucket, ...(prefix === undefined ? {} : { prefix }) };
  }
  if (isFlow(items)) {
    const node = items.toNode();
    if (node.kind === "job" && node.options.output === true) {
      return { kind: "job-output", job: node.name, site: node.site };
    }
    throw definitionError(
      "BF1250",
      node.kind === "job"
        ? `map() iterates over job "${node.name}"'s output, but that job has no output: true`
        : `map() takes one job's output as items, not a ${node.kind}`,
      node.kind === "job"
        ? `declare job("${node.name}", { output: true }) and have it send its JSON list (see the batchflow-output helper)`
        : 'pass the job itself: const list = job("list", { output: true }); list.then(map(list, ...))',
    );
  }
  throw definitionError(
    "BF1250",
    `map() takes its items from input("$.field"), a job with output: true or s3Items(...), not ${showValue(items)}`,
    'write map(input("$.partitions"), (item) => job(...)), or map(list, ...) with list = job("list", { output: true })',
  );
}

function checkNumbers(options: MapOptions): void {
  const { concurrency, distributed, toleratedFailure } = options;
  const limit = distributed === true ? maxDistributedConcurrency : maxInlineConcurrency;
  if (
    concurrency !== undefined &&
    !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= limit)
  ) {
    throw definitionError(
      "BF1252",
      `map() concurrency must be a whole number from 1 to ${limit}${distributed === true ? "" : " (an inline Map runs at most 40 items at once)"}, not ${showValue(concurrency)}`,
      distributed === true
        ? "leave concurrency out for as many as Step Functions allows"
        : "lower it, or add distributed: true to run more than 40 items at once as child executions",
    );
  }
  if (toleratedFailure === undefined) return;
  if (distributed !== true) {
    throw definitionError(
      "BF1252",
      "map() toleratedFailure needs { distributed: true }",
      "an inline Map fails with its first failed item; add distributed: true, or catch the failure inside the body",
    );
  }
  const percent = typeof toleratedFailure === "string" ? /^(\d+(\.\d+)?)%$/.exec(toleratedFailure) : null;
  const ok =
    typeof toleratedFailure === "number"
      ? Number.isInteger(toleratedFailure) && toleratedFailure >= 0
      : percent !== null && Number(percent[1]) <= 100;
  if (!ok) {
    throw definitionError(
      "BF1252",
      `map() toleratedFailure must be a count of items (a whole number) or a percentage from "0%" to "100%", not ${showValue(toleratedFailure)}`,
      'write toleratedFailure: 5 or toleratedFailure: "10%"',
    );
  }
}
