import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECSClient } from "@aws-sdk/client-ecs";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { IAMClient } from "@aws-sdk/client-iam";
import { SchedulerClient } from "@aws-sdk/client-scheduler";
import { SFNClient } from "@aws-sdk/client-sfn";
import { STSClient } from "@aws-sdk/client-sts";

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** One AWS API call, as the clients saw it. */
export interface AwsCall {
  /** IAM service prefix: `ecs`, `states`, `events`, `scheduler`, `iam`, `sts`, `dynamodb`. */
  readonly service: string;
  /** API operation, e.g. `RegisterTaskDefinition`. */
  readonly operation: string;
  /** 1-based position among all calls these clients made. */
  readonly index: number;
  readonly input: unknown;
}

/**
 * Called around every AWS call (one call however often the SDK retries it). Throwing from
 * `beforeCall` fails the call before it is sent; throwing from `afterCall` fails it after the
 * service answered (and applied it: the response is lost). Tests inject faults this way.
 */
export interface CallHooks {
  readonly beforeCall?: (call: AwsCall) => void;
  readonly afterCall?: (call: AwsCall) => void;
}

export interface ClientOptions {
  /** Default: the SDK's (AWS_REGION, then the profile's region). */
  readonly region?: string | undefined;
  /** A named profile of ~/.aws/config and ~/.aws/credentials. */
  readonly profile?: string | undefined;
  /** One endpoint URL for every service, for emulators (moto, LocalStack). */
  readonly endpoint?: string | undefined;
  /** Default: the SDK's standard credential chain. */
  readonly credentials?: AwsCredentials | (() => Promise<AwsCredentials>) | undefined;
  /** Attempts per call including the SDK's own retries (throttling, 5xx, network). Default 3. */
  readonly maxAttempts?: number | undefined;
  /** Test-only: see {@link CallHooks}. */
  readonly hooks?: CallHooks | undefined;
}

/** The SDK clients deploy uses, with a log of every call they made. */
export interface AwsClients {
  readonly ecs: ECSClient;
  readonly sfn: SFNClient;
  readonly events: EventBridgeClient;
  readonly scheduler: SchedulerClient;
  readonly iam: IAMClient;
  readonly sts: STSClient;
  /** For the lock table only (DescribeTable, CreateTable). */
  readonly dynamodb: DynamoDBClient;
  /** Every call made so far, in order. */
  readonly calls: ReadonlyArray<AwsCall>;
  /**
   * The endpoint and profile the clients were made with, for the commands messages tell the user
   * to run next: those must reach the same account (an emulator's, say) as the one just read.
   */
  readonly connection?: { readonly endpoint?: string | undefined; readonly profile?: string | undefined };
  /** The region the clients talk to; rejects when none is configured. */
  region(): Promise<string>;
  /** Closes the HTTP connections. */
  destroy(): void;
}

/** Creates the seven clients, sharing region, profile, endpoint, credentials and the call log. */
export function createClients(options: ClientOptions = {}): AwsClients {
  const config = {
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    maxAttempts: options.maxAttempts ?? 3,
  };
  const calls: AwsCall[] = [];
  const ecs = instrument(new ECSClient(config), "ecs", calls, options.hooks);
  const sfn = instrument(new SFNClient(config), "states", calls, options.hooks);
  const events = instrument(new EventBridgeClient(config), "events", calls, options.hooks);
  const scheduler = instrument(new SchedulerClient(config), "scheduler", calls, options.hooks);
  const iam = instrument(new IAMClient(config), "iam", calls, options.hooks);
  const sts = instrument(new STSClient(config), "sts", calls, options.hooks);
  const dynamodb = instrument(new DynamoDBClient(config), "dynamodb", calls, options.hooks);
  return {
    ecs,
    sfn,
    events,
    scheduler,
    iam,
    sts,
    dynamodb,
    calls,
    connection: { endpoint: options.endpoint, profile: options.profile },
    region: () => sts.config.region(),
    destroy: () => {
      for (const client of [ecs, sfn, events, scheduler, iam, sts, dynamodb]) client.destroy();
    },
  };
}

/** Read calls change nothing: Describe*, Get*, List*. */
export function isReadCall(call: Pick<AwsCall, "operation">): boolean {
  return /^(Describe|Get|List)/.test(call.operation);
}

// The slice of the SDK's middleware stack this module uses; every client's stack has it.
type Handler = (args: { readonly input: unknown }) => Promise<unknown>;
interface MiddlewareStackLike {
  add(
    middleware: (next: Handler, context: { readonly commandName?: string }) => Handler,
    options: { readonly step: "initialize"; readonly name: string; readonly priority: "high" },
  ): void;
}

function instrument<C extends { readonly middlewareStack: object }>(
  client: C,
  service: string,
  calls: AwsCall[],
  hooks: CallHooks | undefined,
): C {
  // "initialize" runs once per call, before the SDK's retry loop.
  (client.middlewareStack as unknown as MiddlewareStackLike).add(
    (next, context) => async (args) => {
      const call: AwsCall = {
        service,
        operation: (context.commandName ?? "Unknown").replace(/Command$/, ""),
        index: calls.length + 1,
        input: args.input,
      };
      calls.push(call);
      hooks?.beforeCall?.(call);
      let output: unknown;
      try {
        output = await next(args);
      } catch (error) {
        hooks?.afterCall?.(call);
        throw error;
      }
      hooks?.afterCall?.(call);
      return output;
    },
    { step: "initialize", name: "batchflowCallLog", priority: "high" },
  );
  return client;
}
