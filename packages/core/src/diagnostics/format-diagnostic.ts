import type { Diagnostic } from "./diagnostic.js";

export interface FormatOptions {
  /** Wraps parts of the text, e.g. in terminal colours; identity by default. */
  readonly style?: Partial<
    Record<"error" | "warning" | "code" | "location" | "hint", (text: string) => string>
  >;
  /** Paths are shown relative to this directory. */
  readonly cwd?: string;
}

const plain = (text: string): string => text;

/** The one place that turns problems into text, for the CLI and for thrown errors alike. */
export function formatDiagnostic(d: Diagnostic, options: FormatOptions = {}): string {
  const style = options.style ?? {};
  const severity = (d.severity === "error" ? (style.error ?? plain) : (style.warning ?? plain))(d.severity);
  const where = [
    d.workflow && `workflow "${d.workflow}"`,
    d.service && `service "${d.service}"`,
    d.task && `task "${d.task}"`,
    d.job && `job "${d.job}"`,
  ]
    .filter(Boolean)
    .join(", ");
  const location = d.location
    ? `${relative(d.location.file, options.cwd)}:${d.location.line}:${d.location.column}`
    : "";
  const head = [
    location && (style.location ?? plain)(location),
    `${severity} ${(style.code ?? plain)(d.code)}:`,
    where && `${where}:`,
    d.message,
  ]
    .filter(Boolean)
    .join(" ");
  return `${head}\n  ${(style.hint ?? plain)(`hint: ${d.hint}`)}`;
}

export function formatDiagnostics(
  diagnostics: ReadonlyArray<Diagnostic>,
  options: FormatOptions = {},
): string {
  return diagnostics.map((d) => formatDiagnostic(d, options)).join("\n");
}

function relative(file: string, cwd: string | undefined): string {
  if (!cwd) return file;
  const prefix = cwd.endsWith("/") ? cwd : `${cwd}/`;
  return file.startsWith(prefix) ? file.slice(prefix.length) : file;
}
