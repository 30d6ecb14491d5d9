import { describe, expectTypeOf, it } from "vitest";
import type { InputRef, ItemRef } from "../ir/env-value.js";
import type { MapOptions, S3ItemsRef } from "../ir/map-items.js";
import type { Flow } from "./flow.js";
import { job } from "./job.js";
import { item, map, s3Items } from "./map.js";
import { input } from "./values.js";

describe("map() types", () => {
  it("keeps the body's job names, and takes input(), a job, item() or s3Items() as items", () => {
    expectTypeOf(
      map(input("$.partitions"), (it) => job("process", { env: { ID: it("$.id") } })),
    ).toEqualTypeOf<Flow<"process">>();
    const list = job("list", { output: true });
    expectTypeOf(list.then(map(list, () => job("a").then(job("b"))))).toEqualTypeOf<
      Flow<"list" | "a" | "b">
    >();
    expectTypeOf(
      map(input("days"), () => map(item("$.files"), (file) => job("load", { command: ["load", file()] }))),
    ).toEqualTypeOf<Flow<"load">>();
    expectTypeOf(
      map(s3Items({ bucket: "logs", prefix: "2024/" }), () => job("parse"), { distributed: true }),
    ).toEqualTypeOf<Flow<"parse">>();
    // @ts-expect-error items are input(), a job, item() or s3Items(), not a plain array
    map(["a", "b"], () => job("x"));
    // @ts-expect-error the body is a function of the item, not a flow
    map(input("xs"), job("x"));
    // @ts-expect-error the body returns a flow
    map(input("xs"), () => "x");
  });

  it("types the values and the options", () => {
    expectTypeOf(item("$.id")).toEqualTypeOf<ItemRef>();
    expectTypeOf(item()).toEqualTypeOf<ItemRef>();
    expectTypeOf(input("$.partitions")).toEqualTypeOf<InputRef>();
    expectTypeOf(s3Items({ bucket: "b" })).toEqualTypeOf<S3ItemsRef>();
    expectTypeOf<MapOptions["concurrency"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<MapOptions["toleratedFailure"]>().toEqualTypeOf<number | `${number}%` | undefined>();
    map(input("xs"), () => job("x"), { distributed: true, toleratedFailure: "10%", concurrency: 100 });
    // @ts-expect-error a percentage is written "10%"
    map(input("xs"), () => job("x"), { distributed: true, toleratedFailure: "10 percent" });
    // @ts-expect-error unknown option
    map(input("xs"), () => job("x"), { maxConcurrency: 3 });
    // @ts-expect-error s3Items() takes a bucket
    s3Items({ prefix: "x/" });
  });

  it("lets item() and input() stand in a command and env, and output be declared", () => {
    job("p", { command: ["process", item("$.id"), input("date")], env: { A: item(), B: input("b") } });
    job("list", { output: true });
    // @ts-expect-error a command argument is a string, input() or item()
    job("p", { command: ["process", 42] });
    // @ts-expect-error output is true or false
    job("list", { output: "json" });
  });
});
