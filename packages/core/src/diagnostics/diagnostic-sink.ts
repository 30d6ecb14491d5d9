import type { SourceLocation } from "../source/source-location.js";
import type { SourceSite } from "../source/source-site.js";
import { type Diagnostic, type DiagnosticInput, diagnostic } from "./diagnostic.js";

export interface ReportInput extends Omit<DiagnosticInput, "location"> {
  readonly site?: SourceSite | undefined;
  /** A location known otherwise (a line in a thrown error's stack); wins over `site`. */
  readonly location?: SourceLocation | undefined;
}

/**
 * Collects problems for one compile; carries the workflow (or service) name so callers need not
 * repeat it.
 */
export class DiagnosticSink {
  readonly #items: Diagnostic[] = [];

  constructor(
    readonly workflow?: string,
    readonly service?: string,
    readonly task?: string,
  ) {}

  /** A sink for the compile of `service(name, ...)`: its problems name the service. */
  static forService(name: string): DiagnosticSink {
    return new DiagnosticSink(undefined, name);
  }

  /** A sink for the compile of `task(name, ...)`: its problems name the scheduled task. */
  static forTask(name: string): DiagnosticSink {
    return new DiagnosticSink(undefined, undefined, name);
  }

  report(input: ReportInput): void {
    const { site, location, ...rest } = input;
    this.#items.push(
      diagnostic({
        workflow: this.workflow,
        service: this.service,
        task: this.task,
        ...rest,
        location: location ?? site?.location,
      }),
    );
  }

  addAll(items: ReadonlyArray<Diagnostic>): void {
    this.#items.push(...items);
  }

  get items(): ReadonlyArray<Diagnostic> {
    return this.#items;
  }

  get errorCount(): number {
    return this.#items.filter((d) => d.severity === "error").length;
  }
}
