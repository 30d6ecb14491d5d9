// A Markdown table with padded columns, as the repository's formatter (biome) writes one, for the
// files scripts generate (the README's performance section, the package's third-party notices).
// Widths count code points, so "µs" is two wide as the formatter counts it.
export function markdownTable(rows) {
  const width = (cell) => [...cell].length;
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => width(row[i]))));
  const line = (cells) =>
    `| ${cells.map((cell, i) => cell + " ".repeat(widths[i] - width(cell))).join(" | ")} |`;
  return [line(rows[0]), line(widths.map((w) => "-".repeat(w))), ...rows.slice(1).map(line)].join("\n");
}
