import type { SpotOptions } from "../../ir/spot-options.js";
import { anyOf, flag, numeric, objectOf, optional } from "../shape-builders.js";

/** `spot:` on fargate(), a job or defaults; the ranges of base and weight are checked when compiling (BF1240). */
export const spotOptionsShape = objectOf<SpotOptions>(
  "spot",
  {
    base: optional(numeric({ expects: "must be a number of tasks", example: "0" })),
    weight: optional(
      numeric({ expects: "must be a number (Spot's weight against FARGATE's 1)", example: "3" }),
    ),
  },
  {
    elsewhere: {
      capacityProvider:
        "batchflow writes the capacity providers: spot: { base, weight } is the FARGATE_SPOT item",
      fallback: "a job falls back to regular Fargate by itself when Spot has no capacity",
    },
  },
);

export const spotShape = anyOf([flag(), spotOptionsShape], {
  expects: "must be true, false or { base, weight }",
  example: "true",
  hint: (_value, key) =>
    `write ${key === "" ? "" : `${key}: `}true, or ${key === "" ? "" : `${key}: `}{ weight: 3 }`,
});
