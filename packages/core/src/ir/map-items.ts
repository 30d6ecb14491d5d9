import type { SourceSite } from "../source/source-site.js";
import { type Branded, brand } from "./brand.js";
import type { InputRef } from "./env-value.js";

/** The objects of an S3 listing, for a distributed `map()`: `s3Items({ bucket, prefix })`. */
export interface S3ItemsRef extends Branded<"s3-items"> {
  readonly kind: "s3-items";
  readonly bucket: string;
  readonly prefix?: string;
}

export const S3ItemsRef = {
  create(bucket: string, prefix: string | undefined): S3ItemsRef {
    return Object.freeze({
      [brand]: "s3-items" as const,
      kind: "s3-items" as const,
      bucket,
      ...(prefix === undefined ? {} : { prefix }),
    });
  },
};

/** Where a map's items come from, as the flow IR keeps it. */
export type MapItemsNode =
  | { readonly kind: "input"; readonly path: string }
  /** A list in the item of the enclosing map: `map(item("$.files"), ...)` inside another map. */
  | { readonly kind: "item"; readonly path: string }
  /** The JSON result of a job with `output: true`, which must have ended before the map starts. */
  | { readonly kind: "job-output"; readonly job: string; readonly site?: SourceSite | undefined }
  | { readonly kind: "s3"; readonly bucket: string; readonly prefix?: string };

/** What `map(items, body, options)` takes last. */
export interface MapOptions {
  /** How many items run at once (ASL `MaxConcurrency`); default: as many as Step Functions allows. */
  readonly concurrency?: number;
  /**
   * Run each item as a child execution of a Distributed Map: for more than 40 items at once, more
   * items than fit in the state payload, or items from `s3Items()`.
   */
  readonly distributed?: boolean;
  /**
   * How many items may fail before the map fails (distributed only): a percentage (`"10%"`,
   * ASL `ToleratedFailurePercentage`) or a count (ASL `ToleratedFailureCount`).
   */
  readonly toleratedFailure?: number | `${number}%`;
}

export function itemsOfInput(ref: InputRef): MapItemsNode {
  return Object.freeze({ kind: "input", path: ref.path });
}
