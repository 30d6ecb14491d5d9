import { DefinitionError } from "../diagnostics/batchflow-error.js";
import { diagnostic } from "../diagnostics/diagnostic.js";
import { SourceSite } from "../source/source-site.js";

/** A builder misuse, reported at the user's call. */
export function definitionError(code: string, message: string, hint: string): DefinitionError {
  return new DefinitionError(diagnostic({ code, message, hint, location: SourceSite.capture().location }));
}
