import type { BundleFile } from "@batchflow/aws";

/** The files of one compiled workflow, written to `<out>/<name>/`. */
export interface WorkflowOutput {
  readonly name: string;
  readonly files: ReadonlyArray<BundleFile>;
}

/** A directory under the output directory that batchflow wrote: it holds a manifest. */
export const manifestFile = "manifest.json";
