import { describe, expect, it } from "vitest";
import { RetryForecast } from "./retry-forecast.js";

const retriers = [
  { ErrorEquals: ["States.Timeout"], IntervalSeconds: 3, MaxAttempts: 1 },
  {
    ErrorEquals: ["States.TaskFailed"],
    IntervalSeconds: 2,
    MaxAttempts: 3,
    BackoffRate: 3,
    MaxDelaySeconds: 10,
  },
];

describe("RetryForecast", () => {
  it("follows the first matching retrier, with backoff and max delay, until its attempts are used", () => {
    const forecast = new RetryForecast(() => retriers, false);
    forecast.entered("job");
    expect(forecast.failed("job", "States.TaskFailed")).toEqual({
      retry: 1,
      maxAttempts: 3,
      delayMs: 2000,
      jitter: false,
    });
    expect(forecast.failed("job", "States.TaskFailed")?.delayMs).toBe(6000);
    expect(forecast.failed("job", "States.TaskFailed")?.delayMs).toBe(10_000);
    expect(forecast.failed("job", "States.TaskFailed")).toBeUndefined();
  });

  it("does not match States.Timeout with States.TaskFailed, and starts over when the state is entered again", () => {
    const forecast = new RetryForecast(() => retriers.slice(1), false);
    expect(forecast.failed("job", "States.Timeout")).toBeUndefined();
    expect(forecast.failed("job", "Custom.Error")?.retry).toBe(1);
    forecast.entered("job");
    expect(forecast.failed("job", "Custom.Error")?.retry).toBe(1);
  });

  it("forecasts no retry of States.Runtime, which no retrier matches (States.ALL and States.TaskFailed neither)", () => {
    const all = [{ ErrorEquals: ["States.ALL"], MaxAttempts: 2 }, ...retriers];
    expect(new RetryForecast(() => all, false).failed("job", "States.Runtime")).toBeUndefined();
  });

  it("reports no pause when retries run without delay", () => {
    const forecast = new RetryForecast(() => retriers, true);
    expect(forecast.failed("job", "States.Timeout")).toMatchObject({ retry: 1, maxAttempts: 1, delayMs: 0 });
  });
});
