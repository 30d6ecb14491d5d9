import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import GithubSlugger from "github-slugger";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./support/cli-project.js";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !/\.test(-d)?\.ts$|test-helper/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe("docs", () => {
  it("list every diagnostic code the packages can report", () => {
    const codes = new Set<string>();
    for (const pkg of readdirSync(join(repoRoot, "packages"))) {
      for (const file of sourceFiles(join(repoRoot, "packages", pkg, "src"))) {
        for (const match of readFileSync(file, "utf8").matchAll(/"(BF\d{4})"/g)) codes.add(match[1]!);
      }
    }
    expect(codes.size).toBeGreaterThan(40);
    const errorsDoc = readFileSync(join(repoRoot, "docs/errors.md"), "utf8");
    const missing = [...codes].filter((code) => !errorsDoc.includes(`### ${code}`));
    expect(missing).toEqual([]);
  });

  it("have every page the README links to", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const links = [...readme.matchAll(/\]\((docs\/[^)#]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(3);
    for (const link of links) expect(existsSync(join(repoRoot, link)), link).toBe(true);
  });

  it("link to headings that exist: every #anchor of a link between the docs is a heading's slug", () => {
    const pages = [
      "README.md",
      ...readdirSync(join(repoRoot, "docs"), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith(".md"))
        .map((e) => relative(repoRoot, join(e.parentPath, e.name))),
    ];
    const anchorsOf = new Map<string, Set<string>>();
    const anchors = (page: string): Set<string> => {
      let known = anchorsOf.get(page);
      if (known === undefined) {
        // GitHub's slugs of the page's headings (duplicates numbered), code blocks left out.
        const slugger = new GithubSlugger();
        const text = readFileSync(join(repoRoot, page), "utf8").replace(/^```[\s\S]*?^```/gm, "");
        known = new Set([...text.matchAll(/^#{1,6} +(.+)$/gm)].map((m) => slugger.slug(m[1]!.trim())));
        anchorsOf.set(page, known);
      }
      return known;
    };
    const broken: string[] = [];
    let checked = 0;
    for (const page of pages) {
      const text = readFileSync(join(repoRoot, page), "utf8").replace(/^```[\s\S]*?^```/gm, "");
      for (const [, target = "", anchor = ""] of text.matchAll(/\]\(([^)\s#]*)#([^)\s]+)\)/g)) {
        if (target !== "" && !target.endsWith(".md")) continue;
        const linked = target === "" ? page : relative(repoRoot, join(repoRoot, dirname(page), target));
        checked++;
        if (!existsSync(join(repoRoot, linked)) || !anchors(linked).has(anchor))
          broken.push(`${page}: ${target}#${anchor}`);
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(broken).toEqual([]);
  });

  it("start the README with the install-and-run and install-and-test commands that CI runs", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const ci = readFileSync(join(repoRoot, ".ci/run"), "utf8");
    const commands = [...readme.matchAll(/^(npx -y pnpm@[\d.]+ install && npx -y pnpm@[\d.]+ \w+)/gm)].map(
      (m) => m[1]!,
    );
    expect(commands).toEqual([
      "npx -y pnpm@12.4.2 install && npx -y pnpm@12.4.2 demo",
      "npx -y pnpm@12.4.2 install && npx -y pnpm@12.4.2 test",
    ]);
    expect(ci).toContain(commands[1]);
  });

  it("keep the README's performance figures in the section `pnpm bench:readme` writes, none typed beside it", () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    // bench/readme-table.mjs writes between these.
    const start = "<!-- bench:start";
    const end = "<!-- bench:end -->";
    const from = readme.indexOf(start);
    const to = readme.indexOf(end);
    expect(from, "the start marker").toBeGreaterThan(0);
    expect(to, "the end marker, after the start").toBeGreaterThan(from);
    const generated = readme.slice(from + start.length, to);
    expect(generated).toMatch(/^\| figure +\| batchflow/m);
    expect(generated).toMatch(/^\| goal +\| target/m);
    const section = readme.slice(readme.indexOf("## Performance"), from) + readme.slice(to);
    const next = section.indexOf("\n## ", 1);
    const performance = next < 0 ? section : section.slice(0, next);
    expect(performance.match(/\d[\d,.]* ?(ms|s|µs|MiB|KiB|KB)\b/g) ?? []).toEqual([]);
  });
});
