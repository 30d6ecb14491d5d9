import { collectStates } from "../interpreter/execute-asl.js";

/**
 * The Map states that read their items from S3 (`s3Items()`, an `ItemReader`): the interpreter
 * ignores an ItemReader, and a local run has no bucket to list, so they are refused up front.
 */
export function s3ItemMaps(definition: unknown): string[] {
  return collectStates(definition)
    .filter(({ state }) => state.Type === "Map" && state.ItemReader !== undefined)
    .map(({ name }) => name);
}

export const s3ItemsProblem = {
  code: "BF1535",
  message: (maps: ReadonlyArray<string>) =>
    `${maps.map((m) => `map state "${m}"`).join(", ")} reads its items from an S3 listing (s3Items()), which cannot be listed locally`,
  hint: 'to try the body here, write the map over input("$.keys") and pass the keys with --input (or a simulate() input); the S3 form runs on AWS',
} as const;
