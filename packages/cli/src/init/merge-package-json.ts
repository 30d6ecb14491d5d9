/**
 * `batchflow init` in a project that has a package.json already (after `npm init -y` and
 * `npm install -D @batchflow/batchflow`, say): what the new project's package.json would hold is
 * added where it is missing, and nothing the user wrote is replaced. Two exceptions, both values
 * no user chose: npm init's placeholder test script, and npm init's `"type": "commonjs"` (or no
 * `"type"`, which Node reads the same) in a project that has no JavaScript of its own yet (batchflow's workflow files are ES modules, and a
 * CommonJS package cannot import @batchflow/batchflow under NodeNext resolution).
 */
export interface PackageJsonMerge {
  readonly contents: string;
  /** What was added or changed, one phrase each, for the listing init prints. */
  readonly changes: ReadonlyArray<string>;
  /** What init would have set but the user's value stays, one phrase each. */
  readonly kept: ReadonlyArray<string>;
}

export type PackageJsonProblem =
  | { readonly kind: "not-an-object" }
  | {
      readonly kind: "commonjs";
      readonly jsFiles: ReadonlyArray<string>;
      /** Whether package.json says "commonjs", rather than nothing. */
      readonly said: boolean;
    };

const npmPlaceholderTest = 'echo "Error: no test specified" && exit 1';
const dependencyFields = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"];

type Json = Record<string, unknown>;

export function mergePackageJson(
  existingText: string,
  templateText: string,
  jsFiles: ReadonlyArray<string>,
): PackageJsonMerge | PackageJsonProblem {
  let existing: unknown;
  try {
    existing = JSON.parse(existingText);
  } catch {
    return { kind: "not-an-object" };
  }
  if (!isObject(existing)) return { kind: "not-an-object" };
  const template = JSON.parse(templateText) as Json;
  const merged: Json = { ...existing };
  const changes: string[] = [];

  if (merged.type === undefined || merged.type === "commonjs") {
    // No "type" is CommonJS as much as "commonjs" is: its .js files would stop loading as modules.
    if (jsFiles.length > 0) return { kind: "commonjs", jsFiles, said: merged.type === "commonjs" };
    merged.type = "module";
    changes.push(existing.type === undefined ? "type module" : "type module (was commonjs)");
  }

  const scripts: Json = isObject(merged.scripts) ? { ...merged.scripts } : {};
  const kept: string[] = [];
  for (const [name, command] of Object.entries(template.scripts as Json)) {
    if (scripts[name] === undefined || (name === "test" && scripts[name] === npmPlaceholderTest)) {
      scripts[name] = command;
      changes.push(`scripts.${name}`);
    } else if (name === "test" && scripts[name] !== command) {
      // Init's closing `npm test` then runs the user's runner, not the new test/hello.test.ts.
      kept.push(`scripts.test ${JSON.stringify(scripts[name])} (the new test runs with: npx vitest run)`);
    }
  }
  merged.scripts = scripts;

  const devDependencies: Json = isObject(merged.devDependencies) ? { ...merged.devDependencies } : {};
  for (const [name, range] of Object.entries(template.devDependencies as Json)) {
    const declared = dependencyFields.some((field) => isObject(merged[field]) && name in merged[field]);
    if (!declared) {
      devDependencies[name] = range;
      changes.push(`devDependencies ${name}`);
    }
  }
  merged.devDependencies = devDependencies;

  if (!isObject(merged.engines) || merged.engines.node === undefined) {
    merged.engines = { ...(isObject(merged.engines) ? merged.engines : {}), ...(template.engines as Json) };
    changes.push("engines.node");
  }
  return { contents: `${JSON.stringify(merged, null, 2)}\n`, changes, kept };
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
