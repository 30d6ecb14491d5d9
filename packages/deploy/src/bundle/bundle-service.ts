import type {
  CompiledService,
  CreateServiceInput,
  PolicyDocument,
  RegisterTaskDefinitionInput,
  ServiceManifest,
} from "@batchflow/aws";
import type { BundleWorkflow } from "./bundle.js";
import { type BundleTask, isBundleTask } from "./bundle-task.js";
import { manifestFiles } from "./manifest-files.js";

/** One compiled service as deploy reads it: from `dist/batchflow/<service>/` or from `compileService()`. */
export interface BundleService {
  readonly kind: "service";
  readonly name: string;
  readonly manifest: ServiceManifest;
  /** The CreateService input (`service.json`). */
  readonly service: CreateServiceInput;
  /** Its one `RegisterTaskDefinition` input, by family. */
  readonly taskDefinitions: Readonly<Record<string, RegisterTaskDefinitionInput>>;
  /** Role policy documents by their path in the bundle (`iam/execution-role.json`). */
  readonly policies: Readonly<Record<string, PolicyDocument>>;
}

/** A folder of the bundle: a workflow, a service or a scheduled task (their manifests say their `kind`). */
export type BundleEntry = BundleWorkflow | BundleService | BundleTask;

export function isBundleService(entry: BundleEntry): entry is BundleService {
  return (entry as Partial<BundleService>).kind === "service";
}

/** The bundle's workflows, services and scheduled tasks apart. */
export function splitBundle(bundle: ReadonlyArray<BundleEntry>): {
  workflows: BundleWorkflow[];
  services: BundleService[];
  tasks: BundleTask[];
} {
  const services = bundle.filter(isBundleService);
  const tasks = bundle.filter(isBundleTask);
  const workflows = bundle.filter((e): e is BundleWorkflow => !isBundleService(e) && !isBundleTask(e));
  return { workflows, services, tasks };
}

/** The services `compileService()` returned, as bundle entries. */
export function bundleFromCompiledServices(compiled: ReadonlyArray<CompiledService>): BundleService[] {
  return compiled.map((c) =>
    serviceFromFiles(c.name, c.manifest, (path) => c.files.find((f) => f.path === path)?.contents),
  );
}

/**
 * A service from its manifest and the bundle's files, read by `read(path)`: `service.json` must
 * name the service and run the manifest's family on the manifest's cluster, so what plan shows
 * under a name is what deploy creates under it.
 */
export function serviceFromFiles(
  name: string,
  manifest: ServiceManifest,
  read: (path: string) => string | undefined,
): BundleService {
  const { bad, json } = manifestFiles("service", name, read);
  if (manifest.service !== name) throw bad(`the manifest is for service "${manifest.service}"`);
  const service = json<CreateServiceInput>(manifest.definition.file);
  const { family, file } = manifest.taskDefinition;
  const taskDefinition = json<RegisterTaskDefinitionInput>(file);
  if (service?.serviceName !== name) throw bad(`${manifest.definition.file} defines another service`);
  if (service.taskDefinition !== family || taskDefinition?.family !== family)
    throw bad(`${manifest.definition.file} and ${file} must both be of family "${family}"`);
  if (service.cluster !== manifest.definition.cluster)
    throw bad(`${manifest.definition.file} runs on another cluster than the manifest names`);
  const policies: Record<string, PolicyDocument> = {};
  for (const role of manifest.roles) if (role.policy !== undefined) policies[role.policy] = json(role.policy);
  return {
    kind: "service",
    name,
    manifest,
    service,
    taskDefinitions: { [family]: taskDefinition },
    policies,
  };
}
