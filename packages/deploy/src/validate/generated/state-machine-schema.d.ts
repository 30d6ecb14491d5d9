// Declarations of state-machine-schema.js, which build/compile-asl-schema.mjs generates (not committed).

/** An Ajv format: a validating function, or Ajv's object form (ajv-formats' date-time). */
export type Format = ((value: string) => boolean) | { readonly validate: (value: string) => boolean };

export interface SchemaError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly message?: string;
}

/** Ajv's standalone validating function of asl-validator's state-machine schema. */
export interface StateMachineSchemaValidator {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

export const generatedFrom: { readonly aslValidator: string; readonly ajv: string };

/** Binds the generated code to the formats it names (asl_path, date-time, ...). */
export default function stateMachineSchema(formats: Readonly<Record<string, Format>>): {
  default: StateMachineSchemaValidator;
};
