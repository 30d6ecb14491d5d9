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

/**
 * Placeholders left in a value that deploy will not fill in (`${AWS::StackName}`), apart from
 * those in `allowed`: deploy-time placeholders filled later, such as the notification
 * connection's ARN.
 */
export function unresolvedPlaceholders(value: unknown, allowed: ReadonlyArray<string> = []): string[] {
  const found = new Set<string>();
  mapStrings(value, (s) => {
    for (const m of s.matchAll(/\$\{(?:AWS|Batchflow)::[A-Za-z]+\}/g)) {
      if (!allowed.includes(m[0])) found.add(m[0]);
    }
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
