import { job, parallel } from "@batchflow/core";
import { describe, expect, it } from "vitest";
import { sources } from "./graph-test-support.js";
import { jobGraph } from "./job-graph.js";
import { renderMermaid } from "./render-mermaid.js";

describe("renderMermaid", () => {
  it("writes a flowchart: subgraphs for groups, dashed catch edges, classes by kind and outcome", () => {
    const { node, resolved } = sources(
      job("extract", { command: 'psql -c "select 1" > out.csv' })
        .then(parallel(job("a"), job("b")))
        .catch(["States.Timeout"], job("alert")),
    );
    const text = renderMermaid(
      jobGraph(node, resolved, new Map([["a", { status: "retried", attempts: 2, durationMs: 1500 }]])),
    );
    expect(text).toMatchInlineSnapshot(`
      "flowchart TD
        bf_start(["<b>wf</b><br/>no schedule: started by hand"])
        bf_job_alert["<b>alert</b><br/>batch:prod<br/>make run alert<br/>timeout 1h"]
        bf_end(["<b>succeeded</b>"])
        subgraph bf_cluster_group["group"]
          bf_job_extract["<b>extract</b><br/>batch:prod<br/>psql -c #quot;select 1#quot; #gt; out.csv<br/>timeout 1h"]
          subgraph bf_cluster_parallel["parallel"]
            bf_job_a["<b>a</b><br/>batch:prod<br/>make run a<br/>timeout 1h<br/>retried · 2 attempts · 1.5 s"]
            bf_job_b["<b>b</b><br/>batch:prod<br/>make run b<br/>timeout 1h"]
          end
        end
        bf_job_extract --> bf_job_a
        bf_job_extract --> bf_job_b
        bf_cluster_group -.->|"States.Timeout"| bf_job_alert
        bf_start --> bf_job_extract
        bf_job_a --> bf_end
        bf_job_b --> bf_end
        bf_job_alert --> bf_end
        classDef bf_start fill:#ebf8ff,stroke:#2b6cb0
        class bf_start bf_start
        classDef bf_retried fill:#feebc8,stroke:#c05621
        class bf_job_a bf_retried
        classDef bf_end fill:#ebf8ff,stroke:#2b6cb0
        class bf_end bf_end
        linkStyle 2 stroke:#c05621
      "
    `);
  });
});
