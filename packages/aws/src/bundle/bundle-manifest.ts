import { createHash } from "node:crypto";
import { serialize } from "./serialize.js";

/** The bundle's own manifest, beside the workflow folders: `<out>/bundle.json`. */
export const bundleManifestFile = "bundle.json";

/** What makes a folder of the bundle a workflow: `<out>/<workflow>/manifest.json`. */
export const workflowManifestFile = "manifest.json";

/**
 * `bundle.json`: every workflow one compile wrote, each with the sha256 of its `manifest.json`
 * (which holds the sha256 of each of its files). A bundle whose folders are not exactly these,
 * or whose manifests differ, is incomplete or mixes two compiles, and deploy refuses it.
 */
export interface BundleManifest {
  readonly format: 1;
  /** Sorted by name (code unit order). */
  readonly workflows: ReadonlyArray<BundleManifestEntry>;
}

export interface BundleManifestEntry {
  readonly name: string;
  /** `sha256:<hex>` of the bytes of `<name>/manifest.json`. */
  readonly manifest: string;
}

/** A workflow folder as found on disk or just compiled: its name and its manifest's text. */
export interface WorkflowManifestText {
  readonly name: string;
  readonly manifest: string;
}

/** How a bundle's workflow folders differ from its `bundle.json`. */
export interface BundleDiscrepancy {
  readonly workflow: string;
  /** missing: listed, no folder; extra: a folder not listed; changed: its manifest's hash differs. */
  readonly kind: "missing" | "extra" | "changed";
}

/** The bundle manifest of these workflows; no timestamps, so equal bundles give equal bytes. */
export function bundleManifest(workflows: ReadonlyArray<WorkflowManifestText>): BundleManifest {
  const sorted = [...workflows].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    format: 1,
    workflows: sorted.map((w) => ({ name: w.name, manifest: manifestHash(w.manifest) })),
  };
}

/** The contents of `bundle.json` for these workflows. */
export function serializeBundleManifest(workflows: ReadonlyArray<WorkflowManifestText>): string {
  return serialize(bundleManifest(workflows));
}

/** Parses `bundle.json`; a string says why it cannot be used. */
export function parseBundleManifest(text: string): BundleManifest | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "it is not JSON";
  }
  const m = value as Partial<BundleManifest> | null;
  if (m === null || typeof m !== "object") return "it is not a JSON object";
  if (m.format !== 1) return `unsupported format ${JSON.stringify(m.format)}`;
  const valid =
    Array.isArray(m.workflows) &&
    m.workflows.every(
      (w: Partial<BundleManifestEntry> | null) =>
        w !== null && typeof w?.name === "string" && typeof w.manifest === "string",
    );
  return valid ? (m as BundleManifest) : "workflows is not a list of { name, manifest }";
}

/** Every way the workflow folders `found` differ from `manifest`, sorted by workflow. */
export function compareBundle(
  manifest: BundleManifest,
  found: ReadonlyArray<WorkflowManifestText>,
): BundleDiscrepancy[] {
  const listed = new Map(manifest.workflows.map((w) => [w.name, w.manifest]));
  const onDisk = new Map(found.map((w) => [w.name, w.manifest]));
  const problems: BundleDiscrepancy[] = [];
  for (const [workflow, hash] of listed) {
    const text = onDisk.get(workflow);
    if (text === undefined) problems.push({ workflow, kind: "missing" });
    else if (manifestHash(text) !== hash) problems.push({ workflow, kind: "changed" });
  }
  for (const workflow of onDisk.keys()) if (!listed.has(workflow)) problems.push({ workflow, kind: "extra" });
  return problems.sort((a, b) => (a.workflow < b.workflow ? -1 : a.workflow > b.workflow ? 1 : 0));
}

function manifestHash(text: string): string {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}
