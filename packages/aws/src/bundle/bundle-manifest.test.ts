import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  bundleManifest,
  compareBundle,
  parseBundleManifest,
  serializeBundleManifest,
} from "./bundle-manifest.js";

const a = { name: "a", manifest: '{"workflow":"a"}\n' };
const b = { name: "b", manifest: '{"workflow":"b"}\n' };
// Names that look like integers would come first as keys of a JSON object; in a list they keep
// their sorted place.
const n10 = { name: "10", manifest: '{"workflow":"10"}\n' };

describe("bundle.json", () => {
  it("lists the workflows by name with the sha256 of each manifest, the same bytes whatever the order", () => {
    const text = serializeBundleManifest([b, n10, a]);
    expect(text).toBe(serializeBundleManifest([a, b, n10]));
    expect(text.endsWith("}\n")).toBe(true);
    const sha = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;
    expect(JSON.parse(text)).toEqual({
      format: 1,
      workflows: [
        { name: "10", manifest: sha(n10.manifest) },
        { name: "a", manifest: sha(a.manifest) },
        { name: "b", manifest: sha(b.manifest) },
      ],
    });
    expect(Object.keys(JSON.parse(text))).toEqual(["format", "workflows"]);
  });

  it("names every folder missing, extra or from another compile", () => {
    const listed = bundleManifest([a, b, n10]);
    const found = [
      { name: "a", manifest: '{"workflow":"a","edited":true}\n' },
      b,
      { name: "c", manifest: "{}" },
    ];
    expect(compareBundle(listed, found)).toEqual([
      { workflow: "10", kind: "missing" },
      { workflow: "a", kind: "changed" },
      { workflow: "c", kind: "extra" },
    ]);
    expect(compareBundle(listed, [a, b, n10])).toEqual([]);
  });

  it("says why a bundle.json cannot be used", () => {
    expect(parseBundleManifest("{")).toBe("it is not JSON");
    expect(parseBundleManifest("[]")).toBe("unsupported format undefined");
    expect(parseBundleManifest('{"format":2,"workflows":[]}')).toBe("unsupported format 2");
    expect(parseBundleManifest('{"format":1,"workflows":[{"name":"a"}]}')).toBe(
      "workflows is not a list of { name, manifest }",
    );
    expect(parseBundleManifest(serializeBundleManifest([a]))).toEqual(bundleManifest([a]));
  });
});
