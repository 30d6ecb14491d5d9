import { fillPlaceholders, mapStrings } from "@batchflow/aws";
import type { AwsEnvironment } from "./environment.js";

/** A copy of `value` with every `${AWS::Partition}`, `${AWS::Region}` and `${AWS::AccountId}` filled in. */
export function resolvePlaceholders<T>(value: T, env: AwsEnvironment): T {
  return fillPlaceholders(value, env);
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

export { mapStrings };
