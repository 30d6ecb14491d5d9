import type { TaskHandler } from "../interpreter/execute-asl.js";
import { lockHandler } from "../lock/lock-handler.js";
import type { LockStore } from "../lock/lock-store.js";
import { dryNotifyUrl } from "../notify/dry-notify.js";
import type { Notification } from "../notify/notification.js";
import { parseSlackRequest } from "../notify/slack-request.js";
import { parseSnsRequest } from "../notify/sns-request.js";
import { lockHolderOf, takeOverOf } from "../run/lock-events.js";
import type { SimulationEvent } from "./result.js";

/** An event a service handler adds to the trace, after the interpreter event that triggered it. */
export interface ServiceRecord {
  readonly triggerIndex: number;
  readonly event: SimulationEvent;
}

/**
 * The lock and notification states of a simulated execution: lock calls go to the simulation's shared
 * in-memory store; messages are recorded, never sent (a `secret(...)` webhook reads as a dummy URL).
 * `at` gives the virtual ms of now, as the trace counts them.
 */
export function simulatedServices(
  store: LockStore,
  at: () => number,
  records: ServiceRecord[],
  notifications: Notification[],
): { lock: TaskHandler; http: TaskHandler; secret: TaskHandler; sns: TaskHandler } {
  let messages = 0;
  const lock: TaskHandler = (call, context) =>
    lockHandler(store, (report) => {
      const ref = { at: at(), lock: report.call.name, state: report.state };
      const event: SimulationEvent =
        report.kind === "acquired"
          ? { type: "LockAcquired", ...ref, ...takeOverOf(report) }
          : report.kind === "released"
            ? { type: "LockReleased", ...ref, held: report.held }
            : {
                type: "LockBusy",
                ...ref,
                ...lockHolderOf(report),
              };
      records.push({ triggerIndex: context.triggerIndex, event });
    })(call, context);
  const notify = (notification: Notification, state: string, triggerIndex: number): void => {
    notifications.push(notification);
    records.push({ triggerIndex, event: { type: "Notification", at: at(), state, ...notification } });
  };
  return {
    lock,
    secret: () => ({ SecretString: dryNotifyUrl }),
    http: ({ state, parameters }, { triggerIndex }) => {
      const request = parseSlackRequest(state, parameters);
      const channel = request.channel === undefined ? {} : { channel: request.channel };
      notify({ via: "slack", ...channel, text: request.text }, state, triggerIndex);
      return { StatusCode: 200, StatusText: "OK", Headers: {}, ResponseBody: "ok" };
    },
    sns: ({ state, parameters }, { triggerIndex }) => {
      notify(parseSnsRequest(state, parameters), state, triggerIndex);
      messages += 1;
      return { MessageId: `simulated-${messages}` };
    },
  };
}
