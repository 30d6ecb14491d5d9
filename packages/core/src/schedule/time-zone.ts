import { describeValue } from "../validate/describe-value.js";
import { closestMatch } from "../validate/did-you-mean.js";
import type { ScheduleProblem } from "./schedule-result.js";

let knownZones: ReadonlyMap<string, string> | undefined;

/** Canonical IANA names by lower-cased name; ICU omits plain "UTC" from its list, so it is added. */
function zonesByLowerCase(): ReadonlyMap<string, string> {
  knownZones ??= new Map(
    [...Intl.supportedValuesOf("timeZone"), "UTC"].map((zone) => [zone.toLowerCase(), zone] as const),
  );
  return knownZones;
}

/**
 * Checks that a schedule time zone is an IANA name AWS can evaluate, such as `"Asia/Tokyo"` or `"UTC"`.
 * @returns a BF1106 problem suggesting the closest valid name when one is obvious, or `undefined` if valid
 */
export function checkTimeZone(tz: string): ScheduleProblem | undefined {
  if (typeof tz !== "string") {
    return {
      code: "BF1106",
      message: `The time zone must be a string, not ${describeValue(tz)}.`,
      hint: 'Use an IANA time zone name such as "Asia/Tokyo", "Europe/Berlin" or "UTC".',
    };
  }
  const zones = zonesByLowerCase();
  const sameName = zones.get(tz.toLowerCase());
  if (sameName === tz) return undefined;
  const resolved = resolveZone(tz);
  // ICU accepts any letter case and backward links (US/Eastern) that its list omits; AWS needs the exact
  // spelling, so accept links only when they are cased like IANA names (every segment capitalized).
  if (resolved !== undefined && sameName === undefined && /^[A-Z][^/]*(?:\/[A-Z][^/]*)*$/.test(tz))
    return undefined;
  const suggestion = sameName ?? resolved ?? nearbyZone(tz, zones);
  return {
    code: "BF1106",
    message: `Unknown time zone "${tz}".`,
    hint:
      (suggestion === undefined ? "" : `Did you mean "${suggestion}"? `) +
      `Use an IANA time zone name such as "Europe/Berlin", "America/New_York" or "UTC".`,
  };
}

function resolveZone(tz: string): string | undefined {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Catches the usual slips: spaces for underscores, a bare city, or a fixed offset such as "UTC+9". */
function nearbyZone(tz: string, zones: ReadonlyMap<string, string>): string | undefined {
  const key = tz.trim().toLowerCase().replace(/\s+/g, "_");
  const exact = zones.get(key);
  if (exact !== undefined) return exact;
  const cities = [...zones.keys()].filter((zone) => zone.endsWith(`/${key}`));
  if (cities.length === 1 && cities[0] !== undefined) return zones.get(cities[0]);
  const offset = /^(?:utc|gmt)?([+-])0?([0-9]{1,2})(?::?00)?$/.exec(key);
  if (offset === null) {
    // A zone a letter or two away ("Asia/Tokio"), as option keys are matched.
    const close = closestMatch(key, zones.keys());
    return close === undefined ? undefined : zones.get(close);
  }
  // POSIX-style Etc zones invert the sign: UTC+9 is Etc/GMT-9. ICU's list omits them, so ask Intl directly.
  const etc = `Etc/GMT${offset[1] === "+" ? "-" : "+"}${Number(offset[2])}`;
  return resolveZone(etc) === undefined ? undefined : etc;
}
