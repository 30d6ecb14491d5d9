/**
 * The lines of init's .gitignore that a project's own .gitignore lacks, as a block to append
 * (its comments kept above each line), or "" when it has them all. Lines are compared as written:
 * `.env` in the project's file counts, `/.env` does not (it ignores another path).
 */
export function gitignoreAdditions(existing: string, template: string): string {
  const present = new Set(
    existing
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== "" && !l.startsWith("#")),
  );
  const block: string[] = [];
  let comments: string[] = [];
  for (const line of template.split("\n")) {
    if (line.startsWith("#")) comments.push(line);
    else if (line.trim() === "") comments = [];
    else {
      if (!present.has(line.trim())) block.push(...comments, line);
      comments = [];
    }
  }
  if (block.length === 0) return "";
  const separator = existing === "" || existing.endsWith("\n") ? "" : "\n";
  return `${separator}\n# added by batchflow init\n${block.join("\n")}\n`;
}
