import { assertNever, mapFields, type ToleratedFailure } from "@batchflow/core";
import {
  type Catcher,
  type MapState,
  type PayloadTemplate,
  type StateMachineBranch,
  s3ListObjectsV2,
  type Transition,
} from "../asl/asl-types.js";
import type { MapStateNode } from "../lower/map-states.js";

/**
 * A `map()`'s Map state. Each iteration's input is `{ batchflowItem, batchflowInput }`: the item,
 * and the execution input, which jobs inside read their `input(...)` values from. The map keeps its
 * own input (`ResultPath: null`), as a Parallel state does.
 */
export function emitMap(
  node: MapStateNode,
  body: StateMachineBranch,
  ends: { Catch?: Catcher[] } & Transition,
): MapState {
  const selector: PayloadTemplate = {
    [`${mapFields.item}.$`]: "$$.Map.Item.Value",
    [`${mapFields.input}.$`]: node.inputPath,
  };
  return {
    Type: "Map",
    ...items(node),
    ItemSelector: selector,
    ItemProcessor: {
      ProcessorConfig: node.distributed
        ? { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" }
        : { Mode: "INLINE" },
      ...body,
    },
    ...(node.concurrency === undefined ? {} : { MaxConcurrency: node.concurrency }),
    ...tolerated(node.toleratedFailure),
    ResultPath: null,
    ...ends,
  };
}

function items(node: MapStateNode): Pick<MapState, "ItemsPath" | "ItemReader"> {
  const { items } = node;
  switch (items.kind) {
    case "path":
      return { ItemsPath: items.path };
    case "s3":
      return {
        ItemReader: {
          Resource: s3ListObjectsV2,
          Parameters: {
            Bucket: items.bucket,
            ...(items.prefix === undefined ? {} : { Prefix: items.prefix }),
          },
        },
      };
    default:
      return assertNever(items);
  }
}

function tolerated(
  given: ToleratedFailure | undefined,
): Pick<MapState, "ToleratedFailurePercentage" | "ToleratedFailureCount"> {
  if (given === undefined) return {};
  return given.kind === "count"
    ? { ToleratedFailureCount: given.count }
    : { ToleratedFailurePercentage: given.percentage };
}
