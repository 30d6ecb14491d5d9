/** Everything a runner needs to start one attempt of one job. */
export interface JobLaunch {
  readonly job: string;
  readonly attempt: number;
  /** argv: the container override `Command` (a string command arrives as `["sh", "-c", …]`). */
  readonly command: ReadonlyArray<string>;
  /**
   * The job's own environment: task definition `environment`, then the override `Environment`, then the
   * secrets. The process runner adds it over the local environment; the docker runner passes only this.
   */
  readonly env: Readonly<Record<string, string>>;
  /** The container image (docker runner). */
  readonly image: string;
  /** `linux/amd64` or `linux/arm64`, from the task definition's runtime platform (docker runner). */
  readonly platform: string;
  /**
   * One line of output (without its newline), in the order the job wrote it; a line longer than
   * 16 KiB arrives in pieces, none cut inside one of `unsplittable`.
   */
  readonly onLine: (line: string, stream: "stdout" | "stderr") => void;
  /** Texts a piece of an overlong line is never cut inside: the secrets `onLine` masks. */
  readonly unsplittable?: ReadonlyArray<string>;
  /** Told each time a stop signal is sent to the job. */
  readonly onSignal?: (signal: "SIGTERM" | "SIGKILL") => void;
}

/** How an attempt ended. */
export interface JobExit {
  /** The exit code, or `null` when a signal ended the job or it never started. */
  readonly exitCode: number | null;
  /** The signal that ended the job's main process, if one did. */
  readonly signal: NodeJS.Signals | null;
  /** Set when the job could not be started at all (e.g. its executable does not exist). */
  readonly startError?: string;
}

/** One started attempt. */
export interface RunningJob {
  /** The process id of the job's main process (the leader of its process group), when it started. */
  readonly pid: number | undefined;
  /** The Docker container it runs in (docker runner), by name. */
  readonly container?: string;
  /** Resolves once the job and every process of its group are gone and its output is read. */
  readonly exited: Promise<JobExit>;
  /** SIGTERM to the whole job, SIGKILL `stopTimeoutMs` later if anything is left. Idempotent. */
  stop(stopTimeoutMs: number): void;
  /** SIGKILL to the whole job now. */
  kill(): void;
  /** SIGKILL without waiting for anything: for a batchflow process that is exiting. */
  killNow(): void;
}

/** Carries out ECS task states on this machine. */
export interface JobRunner {
  readonly kind: "process" | "docker";
  /** Checks made before anything starts; throws a `RunSetupError` when the runner cannot work here. */
  check(): Promise<void>;
  start(launch: JobLaunch): RunningJob;
}
