import type { NotifyOptions, SlackNotifyOptions } from "../../ir/notify-options.js";
import { anyOf, listOf, objectOf, oneOf, optional, text } from "../shape-builders.js";
import { secretShape } from "./value-shapes.js";

const channelShape = text({ expects: "must be a string (a Slack channel)", example: '"#batch"' });

export const slackOptionsShape = objectOf<SlackNotifyOptions>(
  "a Slack destination",
  {
    webhook: anyOf([secretShape, text()], {
      expects: 'must be secret("arn:...") or an https URL string',
      example: 'secret("arn:aws:secretsmanager:...")',
      hint: () =>
        'keep the webhook URL in Secrets Manager and write webhook: secret("arn:aws:secretsmanager:...")',
    }),
    success: optional(channelShape),
    failure: optional(channelShape),
  },
  {
    expects: 'must be a Slack destination like { webhook: secret("arn:..."), failure: "#batch-alert" }',
    example: '{ webhook: secret("arn:aws:secretsmanager:...") }',
    elsewhere: { channel: 'name the channels per event: success: "#batch", failure: "#batch-alert"' },
  },
);

/** `notify:` on a workflow; URLs, ARNs and channel names are checked when compiling (BF1222). */
export const notifyOptionsShape = objectOf<NotifyOptions>(
  "notify",
  {
    slack: optional(slackOptionsShape),
    sns: optional(text({ expects: "must be a string (an SNS topic ARN)", example: '"arn:aws:sns:..."' })),
    on: optional(
      listOf(oneOf(["failure", "timeout", "success"]), {
        expects: 'must be a list of "failure", "timeout" and "success"',
        example: '["failure", "timeout"]',
      }),
    ),
  },
  {
    expects: 'must be an object like { slack: { webhook: secret("arn:...") } }',
    example: '{ slack: { webhook: secret("arn:...") } }',
  },
);
