// The formats asl-validator 4.0.0 registers with its default options (checkPaths, checkArn), for the
// schema validator build/compile-asl-schema.mjs generates ahead of time: the same functions, taken
// from the same packages (asl-path-validator, ajv-formats, jsonata, asl-validator's ARN check);
// only the two JSONata checks are asl-validator's own closures, written out here as they are there.
import { createRequire } from "node:module";
import type { Format } from "./generated/state-machine-schema.js";

const fromValidator = createRequire(createRequire(import.meta.url).resolve("asl-validator"));

const { validatePath } = fromValidator("asl-path-validator") as {
  validatePath: (path: string, context: string) => { isValid: boolean };
};
const { fullFormats } = fromValidator("ajv-formats/dist/formats") as {
  fullFormats: Readonly<Record<string, Format>>;
};
const jsonata = fromValidator("jsonata") as (expression: string) => unknown;
const { isArnFormatValid } = fromValidator("./checks/formats") as {
  isArnFormatValid: (value: string) => boolean;
};

// asl-validator's json-schema-errors.js.
function validateJsonataString(value: string): boolean {
  const trimmed = value.trim();
  try {
    let expression = trimmed.startsWith("{%") ? trimmed.slice(2) : trimmed;
    expression = expression.endsWith("%}") ? expression.slice(0, -2) : expression;
    jsonata(expression);
    return true;
  } catch {
    return false;
  }
}

function maybeJsonataString(value: string): boolean {
  const trimmed = value.trim();
  return trimmed.startsWith("{%") || trimmed.endsWith("%}") ? validateJsonataString(trimmed) : true;
}

// asl-path-validator's registerAll: format name -> path context.
const pathFormat = (context: string) => (value: string) => validatePath(value, context).isValid;

export const aslFormats: Readonly<Record<string, Format>> = {
  ...fullFormats,
  jsonata_string: validateJsonataString,
  maybe_jsonata_string: maybeJsonataString,
  asl_path: pathFormat("path"),
  asl_ref_path: pathFormat("reference_path"),
  asl_payload_template: pathFormat("payload_template"),
  asl_result_path: pathFormat("result_path"),
  asl_arn: isArnFormatValid,
};
