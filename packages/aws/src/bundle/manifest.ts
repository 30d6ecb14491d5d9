import type { StateRole } from "../lower/state-roles.js";

/** What deploy reads first: the names, files, roles and hashes of one compiled workflow. */
export interface Manifest {
  /** 2 when the workflow has several schedules, so a deploy that knows only `schedule` refuses it. */
  readonly format: 1 | 2;
  readonly workflow: string;
  readonly stateMachine: {
    readonly name: string;
    readonly type: "STANDARD";
    readonly definition: string;
    readonly roleArn: string;
  };
  readonly taskDefinitions: ReadonlyArray<{
    readonly family: string;
    readonly file: string;
    readonly jobs: ReadonlyArray<string>;
  }>;
  /** The workflow's schedule, the first of them when it has several; null without. */
  readonly schedule: ManifestSchedule | null;
  /**
   * Every schedule, in the order given, when the workflow has several (the first is `schedule`
   * again); absent with one or none, so such a manifest is as it always was.
   */
  readonly schedules?: ReadonlyArray<ManifestSchedule & { readonly name: string }>;
  /**
   * The workflow's lock machine (`<workflow>-locks`), which its lock states call; deploy creates it
   * with the state machine's role. Null without locks.
   */
  readonly lockMachine: {
    readonly name: string;
    readonly type: "STANDARD";
    readonly definition: string;
    readonly roleArn: string;
  } | null;
  /** The DynamoDB table this workflow's locks live in, which deploy creates when missing. */
  readonly lockTable: { readonly name: string; readonly file: string } | null;
  /**
   * The workflow's notify machine (`<workflow>-notify`), which sends its notifications; deploy
   * creates it with the state machine's role. Null without notifications.
   */
  readonly notifyMachine: {
    readonly name: string;
    readonly type: "STANDARD";
    readonly definition: string;
    readonly roleArn: string;
  } | null;
  /** The EventBridge rule that starts the notify machine when a run ends (PutRule + PutTargets). */
  readonly notifyRule: { readonly name: string; readonly file: string } | null;
  /** The EventBridge connection Slack notifications are posted through; deploy creates it. */
  readonly notifyConnection: { readonly name: string; readonly file: string } | null;
  /** Roles this workflow uses; those batchflow named itself have a policy file deploy can attach. */
  readonly roles: ReadonlyArray<ManifestRole>;
  /** What each state of the definition is for (see `StateRole`), by state name. */
  readonly stateRoles: Readonly<Record<string, StateRole>>;
  /** Placeholders the files contain, for deploy to fill in. */
  readonly placeholders: ReadonlyArray<string>;
  /** sha256 of each file's bytes, by path relative to the workflow's directory. */
  readonly files: Readonly<Record<string, string>>;
  /** sha256 over all file hashes: equal bundles have equal hashes. */
  readonly bundleHash: string;
}

export interface ManifestRole {
  readonly use: "stateMachine" | "execution" | "schedule" | "notify";
  readonly arn: string;
  /** The service that assumes the role; both, sorted, for a schedule role of rules and Scheduler schedules. */
  readonly service: string | ReadonlyArray<string>;
  /** Policy document for a role batchflow names; absent for a role the user gave. */
  readonly policy?: string;
}

/** A rule (UTC) or Scheduler schedule (in a zone) that starts the workflow, and its file. */
export interface ManifestSchedule {
  readonly type: "rule" | "scheduler";
  readonly file: string;
  readonly expression: string;
  readonly timezone?: string;
}
