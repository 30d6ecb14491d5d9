// The tests validate ASL with the same asl-validator wrapper deploy uses before any AWS call.
export { type AslValidation, type ValidateAslOptions, validateAsl } from "@batchflow/deploy";
