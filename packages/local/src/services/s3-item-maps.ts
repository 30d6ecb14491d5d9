import type { StateRole } from "@batchflow/aws";

/**
 * The Map states that read their items from S3 (`s3Items()`), by their state role: the interpreter
 * ignores an ItemReader, and a local run has no bucket to list, so they are refused up front.
 */
export function s3ItemMaps(roles: Readonly<Record<string, StateRole>>): string[] {
  return Object.entries(roles)
    .filter(([, role]) => role.kind === "map" && role.items === "s3")
    .map(([name]) => name);
}

export const s3ItemsProblem = {
  code: "BF1535",
  message: (maps: ReadonlyArray<string>) =>
    `${maps.map((m) => `map state "${m}"`).join(", ")} reads its items from an S3 listing (s3Items()), which cannot be listed locally`,
  hint: 'to try the body here, write the map over input("$.keys") and pass the keys with --input (or a simulate() input); the S3 form runs on AWS',
} as const;
