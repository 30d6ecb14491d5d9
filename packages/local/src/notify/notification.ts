/** A message a workflow's notification states sent (or, locally, would have sent). */
export type Notification =
  | {
      readonly via: "slack";
      /** `RequestBody.channel`, when the message names one (e.g. "#ops"). */
      readonly channel?: string;
      readonly text: string;
    }
  | {
      readonly via: "sns";
      readonly topicArn: string;
      readonly subject?: string;
      readonly text: string;
    };
