import { brand } from "../ir/brand.js";
import { joinPath } from "./option-path.js";

/** The first part of `value` that JSON would lose or refuse, with where it is. */
export function firstNonJson(value: unknown, path: string): { value: unknown; path: string } | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : { value, path };
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const bad = firstNonJson(item, `${path}[${i}]`);
      if (bad) return bad;
    }
    return undefined;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      // JSON leaves an undefined property out, as it does everywhere.
      const bad = item === undefined ? undefined : firstNonJson(item, joinPath(path, key));
      if (bad) return bad;
    }
    return undefined;
  }
  return { value, path };
}

/** An object literal (or `Object.create(null)`): a Date, a Map or a class instance is not JSON. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value) || brand in value) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
