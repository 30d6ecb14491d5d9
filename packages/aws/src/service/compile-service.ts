import {
  CompileError,
  type Diagnostic,
  DiagnosticSink,
  isService,
  type ResolvedService,
  resolveService,
  type Service,
  type ServiceNode,
} from "@batchflow/core";
import { fileRecord } from "../bundle/file-digest.js";
import type { ManifestRole } from "../bundle/manifest.js";
import { serialize } from "../bundle/serialize.js";
import type { BundleFile } from "../compile.js";
import { type CompileOptions, compileOptionProblems } from "../compile-options.js";
import { standaloneFamily } from "../ecs/families.js";
import type { RegisterTaskDefinitionInput } from "../ecs/task-definition-types.js";
import { emitTaskDefinition } from "../emit/task-definition-emitter.js";
import { emitResolved, withoutResolved } from "../emit-resolved.js";
import type { PolicyDocument } from "../iam/policy-document.js";
import { executionPolicy } from "../iam/role-policies.js";
import { checkPolicySizes } from "../limits/policy-size.js";
import { defaultRoleNames, placeholder, roleArn } from "../naming.js";
import { emitService } from "./service-emitter.js";
import { checkServiceLimits } from "./service-limits.js";
import type { ServiceManifest } from "./service-manifest.js";
import type { CreateServiceInput } from "./service-types.js";

/** Everything one service compiles to, as objects and as the files `batchflow compile` writes. */
export interface CompiledService {
  readonly kind: "service";
  readonly name: string;
  readonly taskDefinition: RegisterTaskDefinitionInput;
  /** The CreateService input (`service.json`); deploy pins `taskDefinition` to a revision. */
  readonly service: CreateServiceInput;
  readonly iam: Readonly<Record<string, PolicyDocument>>;
  readonly manifest: ServiceManifest;
  readonly files: ReadonlyArray<BundleFile>;
  /** Problems that did not stop the compile. */
  readonly warnings: ReadonlyArray<Diagnostic>;
}

export interface CompileServiceResult {
  readonly compiled?: CompiledService;
  readonly diagnostics: ReadonlyArray<Diagnostic>;
}

/**
 * Compiles a service to its task definition, CreateService input, execution role policy and
 * manifest. Throws a `CompileError` carrying every problem found.
 *
 * @example
 * expect(compileService(worker).service).toMatchSnapshot();
 */
export function compileService(
  service: Service | ServiceNode,
  options: CompileOptions = {},
): CompiledService {
  const result = tryCompileService(service, options);
  if (!result.compiled) throw new CompileError(result.diagnostics);
  return result.compiled;
}

/** `compileService()` that returns problems instead of throwing them. */
export function tryCompileService(
  service: Service | ServiceNode,
  options: CompileOptions = {},
): CompileServiceResult {
  return withoutResolved(compileServiceResolving(service, options));
}

/**
 * `tryCompileService()` that also returns the service as the compiler read it, when it resolved: for the
 * CLI's explain, which would otherwise resolve it again.
 */
export function compileServiceResolving(
  service: Service | ServiceNode,
  options: CompileOptions = {},
): CompileServiceResult & { readonly resolved?: ResolvedService } {
  const optionProblems = compileOptionProblems(options, "compileService()");
  if (optionProblems.length > 0) return { diagnostics: optionProblems };
  const node = isService(service) ? service.toNode() : service;
  const { service: resolved, diagnostics } = resolveService(node, options.config);
  return emitResolved(resolved, diagnostics, () => DiagnosticSink.forService(node.name), emitAll);
}

const serviceFile = "service.json";
const executionPolicyFile = "execution-role";

function emitAll(service: ResolvedService, sink: DiagnosticSink): CompiledService {
  const family = standaloneFamily(service, "service", sink);

  const executionRoleArn = roleArn(defaultRoleNames(service.name).execution);
  const taskDefinition = emitTaskDefinition(family, { workflow: service.name, executionRoleArn, sink });
  const input = emitService(service, family.name);
  const ours = taskDefinition.executionRoleArn === executionRoleArn;
  const iam: Record<string, PolicyDocument> = ours
    ? { [executionPolicyFile]: executionPolicy([taskDefinition]) }
    : {};
  const role: ManifestRole = {
    use: "execution",
    arn: taskDefinition.executionRoleArn,
    service: "ecs-tasks.amazonaws.com",
    ...(ours ? { policy: `iam/${executionPolicyFile}.json` } : {}),
  };

  const taskDefinitionFile = `task-definitions/${family.name}.json`;
  const files: BundleFile[] = [
    { path: taskDefinitionFile, contents: serialize(taskDefinition) },
    { path: serviceFile, contents: serialize(input) },
    ...Object.entries(iam).map(([name, doc]) => ({ path: `iam/${name}.json`, contents: serialize(doc) })),
  ];
  const manifest: ServiceManifest = {
    format: 1,
    kind: "service",
    service: service.name,
    definition: { file: serviceFile, cluster: service.cluster },
    taskDefinition: { family: family.name, file: taskDefinitionFile },
    roles: [role],
    ...fileRecord(
      files.map((f) => ({ path: f.path, text: f.contents })),
      Object.values(placeholder),
    ),
  };
  files.push({ path: "manifest.json", contents: serialize(manifest) });
  checkServiceLimits(service, manifest, sink);
  checkPolicySizes(iam, (path) => files.find((f) => f.path === path)?.contents, sink, service.site);

  return {
    kind: "service",
    name: service.name,
    taskDefinition,
    service: input,
    iam,
    manifest,
    files,
    warnings: sink.items.filter((d) => d.severity === "warning"),
  };
}
