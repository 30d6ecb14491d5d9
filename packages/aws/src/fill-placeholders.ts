import { placeholder } from "./naming.js";

/** What the account-free output's placeholders stand for in one account and region. */
export interface PlaceholderValues {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/** A copy of `value` with every `${AWS::Partition}`, `${AWS::Region}` and `${AWS::AccountId}` filled in. */
export function fillPlaceholders<T>(value: T, values: PlaceholderValues): T {
  return mapStrings(value, (s) =>
    s.includes("${AWS::")
      ? s
          .replaceAll(placeholder.partition, values.partition)
          .replaceAll(placeholder.region, values.region)
          .replaceAll(placeholder.accountId, values.accountId)
      : s,
  );
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
