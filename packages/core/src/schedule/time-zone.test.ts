import { describe, expect, it } from "vitest";
import { checkTimeZone } from "./time-zone.js";

describe("checkTimeZone", () => {
  it.each([
    "Asia/Tokyo",
    "UTC",
    "Etc/UTC",
    "Europe/Berlin",
    "America/New_York",
    "America/Argentina/Buenos_Aires",
    "US/Eastern",
  ])("accepts %j", (tz) => {
    expect(checkTimeZone(tz)).toBeUndefined();
  });

  it.each([
    ["asia/tokyo", "Asia/Tokyo"],
    ["utc", "UTC"],
    ["Tokyo", "Asia/Tokyo"],
    ["America/New York", "America/New_York"],
    ["UTC+9", "Etc/GMT-9"],
    ["GMT-5", "Etc/GMT+5"],
    ["+09:00", "Etc/GMT-9"],
    ["Asia/Tokio", "Asia/Tokyo"],
    ["Europe/Berln", "Europe/Berlin"],
  ])("rejects %j and suggests %j", (tz, suggestion) => {
    expect(checkTimeZone(tz)).toEqual({
      code: "BF1106",
      message: `Unknown time zone "${tz}".`,
      hint: `Did you mean "${suggestion}"? Use an IANA time zone name such as "Europe/Berlin", "America/New_York" or "UTC".`,
    });
  });

  it.each(["Mars/Olympus_Mons", "", "Not a zone"])("rejects %j without a guess", (tz) => {
    expect(checkTimeZone(tz)).toEqual({
      code: "BF1106",
      message: `Unknown time zone "${tz}".`,
      hint: 'Use an IANA time zone name such as "Europe/Berlin", "America/New_York" or "UTC".',
    });
  });
});
