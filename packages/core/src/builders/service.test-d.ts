import { describe, expectTypeOf, it } from "vitest";
import type { ServiceNode } from "../ir/service-node.js";
import type { ServiceOptions } from "../ir/service-options.js";
import type { SpotInput } from "../ir/spot-options.js";
import { isService, type Service, service } from "./service.js";
import { fargate, input, secret } from "./values.js";

const task = fargate({ image: "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/batch:production" });

describe("service() types", () => {
  it("takes a name and options, and gives a Service whose node is a ServiceNode", () => {
    const worker = service("ads-worker", {
      task,
      desiredCount: 2,
      command: ["make", "worker"],
      env: { QUEUE: "ads", API_KEY: secret("arn:aws:secretsmanager:ap-northeast-1:000000000000:secret:k") },
      cluster: "batch",
      network: { subnets: ["subnet-a"], securityGroups: ["sg-a"], assignPublicIp: false },
      minimumHealthyPercent: 50,
      maximumPercent: 200,
      spot: { base: 1, weight: 3 },
    });
    expectTypeOf(worker).toEqualTypeOf<Service>();
    expectTypeOf(worker.name).toEqualTypeOf<string>();
    expectTypeOf(worker.toNode()).toEqualTypeOf<ServiceNode>();
    expectTypeOf(worker.toNode().kind).toEqualTypeOf<"service">();
    expectTypeOf(service).parameters.toEqualTypeOf<[string, ServiceOptions]>();
    expectTypeOf<ServiceOptions["spot"]>().toEqualTypeOf<SpotInput | undefined>();
    expectTypeOf(
      service("w", { task, desiredCount: 1, command: "make worker", spot: true }),
    ).toEqualTypeOf<Service>();
  });

  it("narrows unknown values with isService", () => {
    const value: unknown = service("w", { task, desiredCount: 0 });
    if (isService(value)) expectTypeOf(value).toEqualTypeOf<Service>();
  });

  it("refuses what a service cannot take", () => {
    // @ts-expect-error task is required
    service("w", { desiredCount: 1 });
    // @ts-expect-error desiredCount is required
    service("w", { task });
    // @ts-expect-error the name comes first, as a string
    service({ task, desiredCount: 1 });
    // @ts-expect-error desiredCount is a number
    service("w", { task, desiredCount: "2" });
    // @ts-expect-error a service has no schedule
    service("w", { task, desiredCount: 1, schedule: "0 * * * *" });
    // @ts-expect-error a service's env has no execution input to read
    service("w", { task, desiredCount: 1, env: { DATE: input("$.date") } });
    // @ts-expect-error spot is true, false or { base, weight }
    service("w", { task, desiredCount: 1, spot: "yes" });
    // @ts-expect-error no other spot fields
    service("w", { task, desiredCount: 1, spot: { capacityProvider: "FARGATE_SPOT" } });
    // @ts-expect-error launchType is batchflow's to write
    service("w", { task, desiredCount: 1, launchType: "FARGATE" });
  });
});
