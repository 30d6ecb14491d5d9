import { errorName } from "../aws/aws-errors.js";

/** The error each service answers for "no such resource", per read. */
export const notFound = {
  taskDefinition: (e: unknown) =>
    errorName(e) === "ClientException" &&
    /unable to describe task definition|does not exist|not found/i.test(String((e as Error).message)),
  stateMachine: (e: unknown) =>
    errorName(e) === "StateMachineDoesNotExist" || errorName(e) === "ResourceNotFound",
  resource: (e: unknown) => errorName(e) === "ResourceNotFoundException",
  cluster: (e: unknown) => errorName(e) === "ClusterNotFoundException",
  /** DeleteService of a service that is gone, or already being deleted. */
  service: (e: unknown) =>
    ["ServiceNotFoundException", "ServiceNotActiveException", "ClusterNotFoundException"].includes(
      errorName(e),
    ),
  iam: (e: unknown) => errorName(e) === "NoSuchEntityException" || errorName(e) === "NoSuchEntity",
} as const;
