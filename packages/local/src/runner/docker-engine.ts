import { execFile } from "node:child_process";
import { RunSetupError } from "../run/run-setup-error.js";

const hint =
  "start Docker (Docker Desktop, colima, or the docker service), check `docker info` answers, or run without --runner docker to run jobs as local processes";

/** Throws `BF1507` unless a Docker engine answers `docker info` within `timeoutMs`. */
export function checkDockerEngine(timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      "docker",
      ["info", "--format", "{{.ServerVersion}}"],
      { timeout: timeoutMs, killSignal: "SIGKILL" },
      (error, _stdout, stderr) => {
        if (!error) return resolve();
        const failure = error as NodeJS.ErrnoException & { killed?: boolean };
        const why =
          failure.code === "ENOENT"
            ? "the docker command is not installed"
            : failure.killed === true
              ? `docker info did not answer within ${Math.round(timeoutMs / 1000)} s`
              : firstLine(String(stderr)) || failure.message;
        reject(RunSetupError.of("BF1507", `the docker runner needs a Docker engine: ${why}`, hint));
      },
    );
  });
}

function firstLine(text: string): string {
  return (
    text
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l !== "") ?? ""
  );
}
