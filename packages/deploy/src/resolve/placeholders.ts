import { placeholder } from "@batchflow/aws";
import type { AwsEnvironment } from "./environment.js";

/** A copy of `value` with every `${AWS::Partition}`, `${AWS::Region}` and `${AWS::AccountId}` filled in. */
export function resolvePlaceholders<T>(value: T, env: AwsEnvironment): T {
  return mapStrings(value, (s) =>
    s.includes("${AWS::")
      ? s
          .replaceAll(placeholder.partition, env.partition)
          .replaceAll(placeholder.region, env.region)
          .replaceAll(placeholder.accountId, env.accountId)
      : s,
  );
}

/** Placeholders `resolvePlaceholders` does not know, left in a value (`${AWS::StackName}`). */
export function unresolvedPlaceholders(value: unknown): string[] {
  const found = new Set<string>();
  mapStrings(value, (s) => {
    for (const m of s.matchAll(/\$\{AWS::[A-Za-z]+\}/g)) found.add(m[0]);
    return s;
  });
  return [...found].sort();
}

/** A deep copy of a JSON value with every string passed through `fn`. */
export function mapStrings<T>(value: T, fn: (s: string) => string): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return fn(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}
