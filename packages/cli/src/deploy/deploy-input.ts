import { relative, resolve } from "node:path";
import {
  type AwsClients,
  type BundleEntry,
  bundleFromCompiled,
  bundleFromCompiledServices,
  bundleFromCompiledTasks,
  createClients,
  type Plan,
  plan,
  readBundle,
} from "@batchflow/deploy";
import { nearest } from "../args/did-you-mean.js";
import { usageError } from "../args/usage-error.js";
import { cliCode } from "../cli-codes.js";
import { exitCode } from "../cli-error.js";
import { loadConfig } from "../load/load-config.js";
import { createModuleLoader } from "../load/module-loader.js";
import { readOutput } from "../output/output-access.js";
import { reportRecovered } from "../output/show-recovered.js";
import { writeBundle } from "../output/write-bundle.js";
import { compileProject, defaultOutDir, reportCompileProblems } from "../project/compile-project.js";
import { projectName } from "../project/project-name.js";
import { colors, type Terminal } from "../terminal.js";
import { awsProfiles } from "./aws-profiles.js";
import type { DeployArgs } from "./deploy-args.js";

export interface DeployInput {
  readonly project: string;
  /** Every workflow and service of the project. */
  readonly bundle: ReadonlyArray<BundleEntry>;
}

/**
 * The bundle to plan or deploy: compiled from the sources now (and, for deploy, written to the
 * output directory as `batchflow compile` would), or with --no-compile read from the output
 * directory, which must be one whole compile's (bundle.json, BF1640–BF1644). Reading or writing
 * the output directory first repairs what a killed compile left there. Returns an exit code when
 * compiling failed.
 */
export async function deployInput(
  args: DeployArgs,
  term: Terminal,
  options: { write: boolean },
): Promise<DeployInput | number> {
  const root = term.cwd;
  if (!args.compile) {
    const { config } = await loadConfig(root, createModuleLoader(root));
    const dir = resolve(root, args.out ?? config.out ?? defaultOutDir);
    const bundle = await readOutput(dir, readBundle, (repairs) => reportRecovered(repairs, root, term));
    return { project: await projectName(root, config), bundle };
  }
  const project = await compileProject(root, { out: args.out });
  if (reportCompileProblems(project, term, "nothing was deployed")) return exitCode.failed;
  // plan compiles in memory and neither reads nor writes the output directory, so it leaves it alone.
  if (options.write) {
    const { recovered } = await writeBundle(
      project.outDir,
      [...project.compiled, ...project.services, ...project.tasks],
      {
        prune: true,
      },
    );
    reportRecovered(recovered, root, term);
    const shown = relative(root, project.outDir) || ".";
    term.err(
      colors(term).dim(
        `compiled ${countOf(project.compiled.length, "workflow")}${project.services.length > 0 ? ` and ${countOf(project.services.length, "service")}` : ""}${project.tasks.length > 0 ? ` and ${countOf(project.tasks.length, "scheduled task")}` : ""} to ${shown}`,
      ),
    );
  }
  return {
    project: await projectName(root, project.config),
    bundle: [
      ...bundleFromCompiled(project.compiled),
      ...bundleFromCompiledServices(project.services),
      ...bundleFromCompiledTasks(project.tasks),
    ],
  };
}

function countOf(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function deployClients(args: DeployArgs): AwsClients {
  // batchflow pins the SDK and supports Node >= 20.19; the SDK's notice that its future releases
  // will need Node 22 is not something a batchflow user can act on.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  if (args.profile !== undefined) checkProfile(args.profile);
  return createClients({ region: args.region, profile: args.profile, endpoint: args.endpointUrl });
}

/**
 * A --profile the shared files do not define: said at once, where the SDK would warn about other
 * credentials it then ignores and fail with "no credentials found".
 */
function checkProfile(profile: string): void {
  const { names, files } = awsProfiles();
  if (names.has(profile)) return;
  const meant = nearest(profile, names);
  throw usageError(
    cliCode.invalidOption,
    `--profile ${profile} is not a profile of ${files.join(" or ")}`,
    meant !== undefined
      ? `did you mean --profile ${meant}?`
      : names.size > 0
        ? `the profiles there: ${[...names].sort().join(", ")}`
        : "set one up with aws configure --profile NAME (or aws configure sso), or leave --profile out to use AWS_PROFILE or the environment's credentials",
  );
}

/** The plan both `plan` and `deploy` start from. */
export function planDeployment(args: DeployArgs, input: DeployInput, clients: AwsClients): Promise<Plan> {
  return plan({
    clients,
    project: input.project,
    bundle: input.bundle,
    workflows: args.workflows,
    prune: args.prune,
    createRoles: args.createRoles,
    roles: args.roles,
  });
}
