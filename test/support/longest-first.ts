// The order vitest starts test files in. With durations from an earlier run (its cache), vitest
// starts the longest first; a fresh clone has none, and would start the release test (over a
// minute, waiting on installs) in alphabetical order, late, making the whole run that much longer.
// These files are known to take longest; they start first, the rest follow in vitest's own order.
import { BaseSequencer, type TestSpecification } from "vitest/node";

const longest = [
  "test/release.test.ts",
  "test/deploy-faults.test.ts",
  "test/atomic-output-kill.test.ts",
  "test/deploy-cli.test.ts",
  "test/atomic-output.test.ts",
  "test/deploy-notify-faults.test.ts",
];

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) => {
      const index = longest.findIndex((path) => spec.moduleId.endsWith(`/${path}`));
      return index === -1 ? longest.length : index;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
