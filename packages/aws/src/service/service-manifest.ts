import type { ManifestRole } from "../bundle/manifest.js";

/**
 * What deploy reads first in the folder of a service (`<out>/<service>/manifest.json`). Its
 * `kind` tells it from a workflow's manifest, which has none.
 */
export interface ServiceManifest {
  readonly format: 1;
  readonly kind: "service";
  readonly service: string;
  /** The CreateService input (`service.json`); its cluster is the one deploy looks the service up in. */
  readonly definition: { readonly file: string; readonly cluster: string };
  /** The service's one task definition family. */
  readonly taskDefinition: { readonly family: string; readonly file: string };
  /** Roles its tasks use; the default execution role has a policy file deploy can attach. */
  readonly roles: ReadonlyArray<ManifestRole>;
  /** Placeholders the files contain, for deploy to fill in. */
  readonly placeholders: ReadonlyArray<string>;
  /** sha256 of each file's bytes, by path relative to the service's directory. */
  readonly files: Readonly<Record<string, string>>;
  /** sha256 over all file hashes: equal bundles have equal hashes. */
  readonly bundleHash: string;
}

/** True for the manifest of a service; a workflow's manifest has no `kind`. */
export function isServiceManifest(manifest: unknown): manifest is ServiceManifest {
  return (
    typeof manifest === "object" && manifest !== null && (manifest as { kind?: unknown }).kind === "service"
  );
}
