// The tests validate ASL with the same asl-validator wrapper deploy uses before any AWS call, on the
// definition as deploy sends it (placeholders such as ${AWS::Partition} filled in).
export { type AslValidation, validateCompiledAsl as validateAsl } from "@batchflow/deploy";
