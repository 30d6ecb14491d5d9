import { describe, expect, it } from "vitest";
import { gitignoreAdditions } from "./gitignore-additions.js";

const template = "node_modules/\n# local runs\n.batchflow/\n# secrets\n.env\n# a trailing comment\n";

describe("gitignoreAdditions", () => {
  it("appends only the lines the project's file lacks, each with its comment", () => {
    expect(gitignoreAdditions("node_modules/\ndist/\n", template)).toBe(
      "\n# added by batchflow init\n# local runs\n.batchflow/\n# secrets\n.env\n",
    );
  });

  it("adds nothing when every line is there, and starts a new line after a last line without one", () => {
    expect(gitignoreAdditions("node_modules/\n.batchflow/\r\n .env \n", template)).toBe("");
    expect(gitignoreAdditions("node_modules/", "node_modules/\n.env\n")).toBe(
      "\n\n# added by batchflow init\n.env\n",
    );
  });
});
