import { didYouMean } from "./did-you-mean.js";
import type { Shape } from "./shape.js";

/** `write cpu: 512`: the wrong value made right where that is obvious, else the shape's example. */
export function genericHint(value: unknown, shape: Shape, key: string): string {
  if (shape.kind === "literal" && typeof value === "string") {
    const near = didYouMean(
      value,
      shape.values.filter((v) => typeof v === "string"),
    );
    if (near) return near;
  }
  const lead = key === "" || key.includes("[") ? "" : `${key}: `;
  return `write ${lead}${coerced(value, shape) ?? shape.example}`;
}

function coerced(value: unknown, shape: Shape): string | undefined {
  switch (shape.kind) {
    case "number":
      return typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))
        ? String(Number(value))
        : undefined;
    case "string":
      return typeof value === "number" || typeof value === "boolean"
        ? JSON.stringify(String(value))
        : undefined;
    case "boolean":
      return value === "true" || value === "false" ? value : undefined;
    case "list":
      return shape.item.kind === "string" && typeof value === "string"
        ? `[${JSON.stringify(value)}]`
        : undefined;
    case "union":
      return shape.members.map((m) => coerced(value, m)).find((c) => c !== undefined);
    default:
      return undefined;
  }
}
