export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Action: ReadonlyArray<string>;
  readonly Resource: ReadonlyArray<string>;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | ReadonlyArray<string>>>>>;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: ReadonlyArray<PolicyStatement>;
}

/** The trust policy of a role that an AWS service assumes. */
export interface TrustPolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: ReadonlyArray<{
    readonly Effect: "Allow";
    readonly Principal: { readonly Service: string | ReadonlyArray<string> };
    readonly Action: "sts:AssumeRole";
  }>;
}

export function policy(statements: ReadonlyArray<PolicyStatement>): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** A role one service assumes, or several (a schedule role of both rules and Scheduler schedules). */
export function trustPolicy(service: string | ReadonlyArray<string>): TrustPolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: typeof service === "string" ? service : [...service] },
        Action: "sts:AssumeRole",
      },
    ],
  };
}
