import { DefinitionError } from "../diagnostics/batchflow-error.js";
import { diagnostic } from "../diagnostics/diagnostic.js";
import { SourceSite } from "../source/source-site.js";

/** A builder misuse, reported at the user's call (or at `site`, when no user code is on the stack). */
export function definitionError(
  code: string,
  message: string,
  hint: string,
  site: SourceSite | undefined = undefined,
): DefinitionError {
  const location = SourceSite.capture().location ?? site?.location;
  return new DefinitionError(diagnostic({ code, message, hint, location }));
}
